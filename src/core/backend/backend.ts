/**
 * Picks and initialises the TensorFlow.js backend: tfjs-node where its native
 * binding loads, else wasm (SIMD, shipped inside its npm package), else the
 * pure-JS cpu backend. docs/performance.md says how they compare.
 */
import * as tf from '@tensorflow/tfjs-core';
// Registers the cpu backend (scripts/build.mjs keeps this bare import in bundles).
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core alone registers no gradients; the umbrella package would do this.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as fs from 'fs';
import * as path from 'path';
import { enableWasmThreads, wasmThreadsStatus } from './wasmThreads';

import type { BackendChoice } from '../util/choices';
export { BACKEND_CHOICES, type BackendChoice } from '../util/choices';

export interface BackendOptions {
  /** Directory holding the tfjs-backend-wasm *.wasm files (bundled builds copy them next to the bundle). */
  wasmDir?: string;
  /** Multi-threaded wasm (needs the worker shim; off by default). */
  wasmThreads?: number;
}

let active: string | undefined;
let gradientPatched = false;
/** Why the shim declined before the wasm init (wasmThreadsStatus() covers the init itself). */
let threadsDeclined: string | undefined;

/**
 * Threads the backend computes with, after initBackend: wasm's pool size
 * (1 unless wasmThreads asked for more and the shim worked), else 1; `note`
 * says why when more were asked for and not all are in use.
 */
export function backendThreads(): { threads: number; note?: string } {
  if (active !== 'wasm') return { threads: 1 };
  const s = wasmThreadsStatus();
  return s ? { threads: s.threads, note: s.note } : { threads: 1, note: threadsDeclined };
}

/** The backend in use as results and logs name it: "wasm", or "wasm (2 threads)". */
export function backendLabel(): string {
  const { threads } = backendThreads();
  return `${activeBackend()}${threads > 1 ? ` (${threads} threads)` : ''}`;
}

/** Name of the backend in use ("wasm", "cpu", "tensorflow"), after initBackend. */
export function activeBackend(): string {
  if (!active) throw new Error('initBackend() has not been called');
  return active;
}

export async function initBackend(choice: BackendChoice = 'auto', opts: BackendOptions = {}): Promise<string> {
  tf.env().set('PROD', true);
  patchMatMulGradient();
  const order: BackendChoice[] = choice === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [choice];
  const failures: string[] = [];
  for (const name of order) {
    const ok = await tryBackend(name, opts).catch((e: unknown) => {
      failures.push(`${name}: ${(e as Error).message}`);
      return false;
    });
    if (ok) {
      active = tf.getBackend();
      return active;
    }
    failures.push(`${name}: failed to initialise`);
  }
  throw new Error(`No TensorFlow.js backend could be initialised (${failures.join('; ')})`);
}

async function tryBackend(name: BackendChoice, opts: BackendOptions): Promise<boolean> {
  if (name === 'cpu') return tf.setBackend('cpu');
  if (name === 'tensorflow') {
    // Optional dependency; absent (or present without its native binding) on machines
    // that cannot download libtensorflow. Both cases throw on require.
    // Marked external in scripts/build.mjs, so this stays a run-time require.
    require('@tensorflow/tfjs-node');
    return tf.setBackend('tensorflow');
  }
  if (name === 'wasm') {
    const before = {
      exc: process.listeners('uncaughtException'),
      rej: process.listeners('unhandledRejection'),
    };
    try {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const dir = opts.wasmDir ?? findWasmDir();
      // The prefix is concatenated with the file name: the trailing separator matters.
      wasm.setWasmPaths(dir.endsWith(path.sep) ? dir : dir + path.sep);
      // tfjs runs wasm single-threaded in Node; the shim makes the threaded build work (wasmThreads.ts).
      if (opts.wasmThreads && opts.wasmThreads > 1) {
        const r = await enableWasmThreads(opts.wasmThreads, dir);
        threadsDeclined = r.threads > 1 ? undefined : r.note;
      }
      // A failed init resolves false while getBackend() still says 'wasm'.
      const ok = await tf.setBackend('wasm');
      if (ok) shareBuffersOnWasm();
      return ok && tf.getBackend() === 'wasm';
    } finally {
      // Emscripten adds process-wide listeners that re-throw, which would make any
      // stray rejection kill the extension host: remove whatever init added.
      for (const l of process.listeners('uncaughtException')) {
        if (!before.exc.includes(l)) process.removeListener('uncaughtException', l);
      }
      for (const l of process.listeners('unhandledRejection')) {
        if (!before.rej.includes(l)) process.removeListener('unhandledRejection', l);
      }
    }
  }
  return false;
}

/** The wasm files: next to the running bundle (dist/), else in node_modules. */
function findWasmDir(): string {
  const candidates = [__dirname, path.join(__dirname, 'wasm')];
  for (const c of candidates) if (fs.existsSync(path.join(c, 'tfjs-backend-wasm-simd.wasm'))) return c;
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
}

/**
 * tfjs's MatMul gradient uses transposeA/transposeB, which on wasm leaves
 * XNNPACK for a scalar loop, far slower (docs/performance.md, "What made it
 * fast"). Re-register it with explicit transposes, which are cheap and keep
 * every product on the fast path.
 */
function patchMatMulGradient(): void {
  if (gradientPatched) return;
  gradientPatched = true;
  const T = (x: tf.Tensor) => {
    const r = x.rank;
    const perm = [...Array(r).keys()];
    [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
    return tf.transpose(x, perm);
  };
  const mm = (a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b);
  tf.registerGradient({
    kernelName: tf.BatchMatMul,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: tf.NamedAttrMap) => {
      const g = dy as tf.Tensor;
      const [a, b] = saved;
      const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
      if (!transposeA && !transposeB) return { a: () => mm(g, T(b)), b: () => mm(T(a), g) };
      if (!transposeA && transposeB) return { a: () => mm(g, b), b: () => mm(T(g), a) };
      if (transposeA && !transposeB) return { a: () => mm(b, T(g)), b: () => mm(a, g) };
      return { a: () => mm(T(b), T(g)), b: () => mm(T(g), T(a)) };
    },
  });
}

/**
 * On wasm, Identity and a same-dtype Cast copy the whole buffer, and the tape
 * runs Identity on every tensor an op saves for its gradient (plus a Cast in
 * every Mul gradient): a memcpy per saved activation. Tensors are immutable,
 * so share the buffer by reference count instead, as the cpu backend's
 * Identity (and wasm's own Reshape) do.
 */
let buffersShared = false;
function shareBuffersOnWasm(): void {
  if (buffersShared) return;
  buffersShared = true;
  const share = (args: { inputs: tf.NamedTensorInfoMap; backend: unknown }) => {
    const x = args.inputs.x as tf.TensorInfo;
    (args.backend as { incRef(id: unknown): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  const cast = tf.getKernel(tf.Cast, 'wasm');
  if (!cast || cast.kernelFunc === undefined) return;
  const copyCast = cast.kernelFunc;
  for (const name of [tf.Identity, tf.Cast]) tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ kernelName: tf.Identity, backendName: 'wasm', kernelFunc: share as unknown as tf.KernelFunc });
  tf.registerKernel({
    kernelName: tf.Cast,
    backendName: 'wasm',
    kernelFunc: ((args: Parameters<tf.KernelFunc>[0]) => {
      const x = args.inputs.x as tf.TensorInfo;
      const { dtype } = args.attrs as { dtype: tf.DataType };
      return dtype === x.dtype && dtype !== 'string' ? share(args) : copyCast(args);
    }) as tf.KernelFunc,
  });
}

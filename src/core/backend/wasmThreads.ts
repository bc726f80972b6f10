/**
 * Multi-threaded wasm (tfjs-backend-wasm 4.22, threaded-SIMD build) in Node.
 * (Over 400 lines on purpose: one shim whose four patches are installed and
 * undone together; split, the one protocol would be spread over files.)
 *
 * tfjs turns threads off in Node (WASM_HAS_MULTITHREAD_SUPPORT is hard-coded
 * false there, tfjs issue 3830), and the emscripten glue it ships only works
 * in browsers as is. Four things stand in the way, each handled below:
 *
 *  1. The flag: forced true for the duration of the wasm init.
 *  2. Worker scripts: the glue gives `new Worker()` a `blob:` URL, which Node's
 *     worker_threads rejects (ERR_WORKER_PATH), and posts the module's own
 *     source to each worker as a Blob, whose `blob:` URL the worker cannot
 *     read from disk. Both texts are written to temp files instead. The
 *     module source is `factory.toString()` cut out of the bundle, so its
 *     free variables (the bundle's `require$$N` aliases of fs/path/os/
 *     perf_hooks, `commonjsGlobal`, tslib's `__values`/`__read`/
 *     `__spreadArray`, `_scriptDir`) are redefined in front of it.
 *  3. The thread count (the reason a colleague's shim loaded 8 workers but
 *     still ran 1 thread): backend.cc caps the pool at
 *     `emscripten_num_logical_cores() / 2`, i.e. `os.cpus().length / 2` in
 *     Node, which is 1 on a 2-core machine whatever setThreadsCount says.
 *     `os.cpus()` is padded while the module's static constructors run.
 *  4. Process exit: emscripten ref()s a worker while it runs a pthread, and
 *     XNNPACK's pool threads never end, so a CLI would never exit. All
 *     workers are unref()'d once the backend is up.
 *
 * All patches (Blob, URL.createObjectURL, os.cpus, the flag, the Worker
 * global) are installed only while the wasm backend initialises (the backend
 * factory is wrapped) and restored afterwards; the temp files are deleted
 * then. If the threaded module fails to come up (worker error, time-out,
 * unexpected bundle shape), the wrapper terminates its workers and falls back
 * to the single-threaded SIMD module, so `tf.setBackend('wasm')` still works.
 * It relies on the internals of tfjs-backend-wasm 4.22's bundle and refuses
 * minified bundles (the aliases it needs are renamed there).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as fs from 'fs';
// The default import is the module object itself (a namespace import would be
// a copy under esbuild/CJS interop): os.cpus is patched on it, see patchCpus.
import os from 'os';
import * as path from 'path';
import * as workerThreads from 'worker_threads';

export interface WasmThreadsResult {
  /** Threads the shim will ask for (1 when it is not installed). */
  threads: number;
  note?: string;
}

/** Outcome of the last wasm init through the shim; `undefined` until then. */
export interface WasmThreadsStatus {
  threads: number;
  note?: string;
}

const FLAG = 'WASM_HAS_MULTITHREAD_SUPPORT';
const THREADED_WASM = 'tfjs-backend-wasm-threaded-simd.wasm';
/** backend.cc: max_num_threads, and the glue pre-spawns 8 pool workers. */
const MAX_THREADS = 8;
const LOAD_TIMEOUT_MS = 60_000;
const WRAPPED = Symbol.for('noether.wasmThreads.wrapped');

type WasmModule = typeof import('@tensorflow/tfjs-backend-wasm');
type BackendFactory = () => tf.KernelBackend | Promise<tf.KernelBackend>;
/** The Engine fields read here (public in tfjs-core's JS, not all in its typings). */
interface EngineInternals {
  registry?: Record<string, unknown>;
  registryFactory?: Record<string, { priority?: number }>;
  backendName?: string | null;
  pendingBackendInit?: unknown;
}

let requested = 1;
let status: WasmThreadsStatus | undefined;

/** What the last wasm init through the shim achieved (check after tf.setBackend('wasm')). */
export function wasmThreadsStatus(): WasmThreadsStatus | undefined {
  return status;
}

/**
 * Prepares the threaded wasm build; call after `setWasmPaths(wasmDir + sep)`
 * and before `tf.setBackend('wasm')` (backend.ts does both). Never throws: returns
 * `{ threads: 1, note }` when threads cannot be used. The count actually in
 * use is `getThreadsCount()` from '@tensorflow/tfjs-backend-wasm' once the
 * backend is up (or `wasmThreadsStatus()`).
 */
export async function enableWasmThreads(threads: number, wasmDir: string): Promise<WasmThreadsResult> {
  try {
    return await install(threads, wasmDir);
  } catch (e) {
    return { threads: 1, note: `wasm threads unavailable: ${(e as Error)?.message ?? String(e)}` };
  }
}

async function install(threadsIn: number, wasmDir: string): Promise<WasmThreadsResult> {
  const n = Math.min(Math.floor(Number(threadsIn)), MAX_THREADS);
  if (!(n > 1)) return { threads: 1, note: 'one thread requested' };
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') {
    return { threads: 1, note: 'no SharedArrayBuffer/Atomics in this runtime' };
  }
  if (typeof Blob !== 'function' || typeof URL?.createObjectURL !== 'function') {
    return { threads: 1, note: 'no Blob/URL.createObjectURL in this runtime' };
  }
  try {
    // Shared memory must be backed by a SharedArrayBuffer, or the glue throws "bad memory".
    const m = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true } as WebAssembly.MemoryDescriptor);
    if (!(m.buffer instanceof SharedArrayBuffer)) throw new Error('not shared');
  } catch {
    return { threads: 1, note: 'no shared WebAssembly memory in this runtime' };
  }
  if (!fs.existsSync(path.join(wasmDir, THREADED_WASM))) {
    return { threads: 1, note: `${THREADED_WASM} not found in ${wasmDir}` };
  }
  const wasm: WasmModule = await import('@tensorflow/tfjs-backend-wasm');
  // Not tf.findBackend('wasm'): that would start initialising it, single-threaded.
  const engine = tf.engine() as unknown as EngineInternals;
  if (engine.registry?.wasm != null) {
    return { threads: wasm.getThreadsCount(), note: 'the wasm backend is already initialised' };
  }
  if (engine.backendName === 'wasm' && engine.pendingBackendInit != null) {
    return { threads: 1, note: 'the wasm backend is already initialising' };
  }
  // The threaded binary is the threaded *SIMD* one: without SIMD tfjs would not pick it.
  if (!(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))) {
    return { threads: 1, note: 'no wasm SIMD support' };
  }
  const factory = tf.findBackendFactory('wasm') as BackendFactory | null;
  if (factory == null) return { threads: 1, note: 'the wasm backend is not registered' };
  requested = n;
  if (!(factory as unknown as Record<symbol, unknown>)[WRAPPED]) {
    const priority = engine.registryFactory?.wasm?.priority ?? 2;
    const wrapped = (() => initThreaded(factory, wasm)) as BackendFactory;
    (wrapped as unknown as Record<symbol, unknown>)[WRAPPED] = true;
    // Only the factory changes: the kernels stay registered under 'wasm'.
    tf.removeBackend('wasm');
    tf.registerBackend('wasm', wrapped, priority);
  }
  const cores = os.cpus().length;
  return { threads: n, note: n > cores ? `${n} threads on ${cores} cores` : undefined };
}

/** The wrapped backend factory: threaded init under the patches, else the plain one. */
async function initThreaded(factory: BackendFactory, wasm: WasmModule): Promise<tf.KernelBackend> {
  const n = requested;
  const shim = new InitShim(n);
  const env = tf.env();
  const flagBefore = await env.getAsync(FLAG); // false in Node
  let backend: tf.KernelBackend | undefined;
  try {
    shim.install();
    env.set(FLAG, true);
    wasm.setThreadsCount(n);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`threaded init took over ${LOAD_TIMEOUT_MS / 1000} s`)), LOAD_TIMEOUT_MS);
      timer.unref();
    });
    try {
      backend = await Promise.race([Promise.resolve(factory()), shim.failed, timeout]);
    } finally {
      clearTimeout(timer);
    }
    shim.unrefWorkers();
    const got = wasm.getThreadsCount();
    status = { threads: got, note: got === n ? undefined : `asked for ${n} threads, the module runs ${got}` };
    return backend;
  } catch (e) {
    // The half-built threaded module's workers would keep the process alive.
    shim.terminateWorkers();
    status = { threads: 1, note: `threaded wasm failed, single-threaded instead: ${(e as Error)?.message ?? e}` };
  } finally {
    shim.restore();
    env.set(FLAG, flagBefore);
  }
  // Fallback: the same factory picks the single-threaded SIMD module with the flag off.
  return factory();
}

/** Patches live only while the threaded module initialises. */
class InitShim {
  readonly failed: Promise<never>;
  private fail!: (e: Error) => void;
  private readonly workers: workerThreads.Worker[] = [];
  private readonly undo: (() => void)[] = [];
  private dir: string | undefined;
  private mainScript: string | undefined;
  private workerFile: string | undefined;
  private initDone = false;
  /** Set when the threaded attempt is given up: its workers' late errors are ignored. */
  private abandoned = false;
  private readonly texts = new WeakMap<Blob, string>();

  constructor(private readonly threads: number) {
    this.failed = new Promise<never>((_, reject) => (this.fail = reject));
    this.failed.catch(() => undefined);
  }

  install(): void {
    this.patchBlob();
    this.patchCreateObjectURL();
    this.patchWorkerGlobal();
    this.patchCpus();
  }

  restore(): void {
    this.initDone = true;
    while (this.undo.length) {
      try {
        this.undo.pop()!();
      } catch {
        // keep restoring the rest
      }
    }
    // Workers have read both files by now (the module resolves after every pool worker loaded).
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  unrefWorkers(): void {
    for (const w of this.workers) w.unref();
  }

  terminateWorkers(): void {
    this.abandoned = true;
    for (const w of this.workers) void w.terminate().catch(() => undefined);
  }

  private tempPath(name: string): string {
    this.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-wasm-threads-'));
    return path.join(this.dir, name);
  }

  /**
   * Blob texts cannot be read back synchronously, and the Worker constructor
   * is synchronous: record the text of every Blob built during init (real
   * Blobs are still returned). The module-source Blob becomes a temp file.
   */
  private patchBlob(): void {
    const RealBlob = globalThis.Blob;
    const texts = this.texts;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the Blob shim is a plain function called with its own `this`
    const self = this;
    const ShimBlob = function (parts?: BlobPart[], options?: BlobPropertyBag): Blob {
      const blob = new RealBlob(parts, options);
      if (Array.isArray(parts) && parts.every((p) => typeof p === 'string')) {
        const text = parts.join('');
        texts.set(blob, text);
        if (text.startsWith('var WasmBackendModuleThreadedSimd')) {
          // Throwing here rejects tfjs's init, which falls back to one thread.
          const file = self.tempPath('tfjs-backend-wasm-threaded-simd.main.cjs');
          fs.writeFileSync(file, workerModuleSource(text, file));
          self.mainScript = file;
        }
      }
      return blob;
    } as unknown as typeof Blob;
    ShimBlob.prototype = RealBlob.prototype;
    globalThis.Blob = ShimBlob;
    this.undo.push(() => (globalThis.Blob = RealBlob));
  }

  /** The pthread worker script: a temp file path instead of a `blob:` URL. */
  private patchCreateObjectURL(): void {
    const real = URL.createObjectURL;
    const texts = this.texts;
    URL.createObjectURL = (obj: Blob) => {
      const text = texts.get(obj);
      if (text !== undefined && text.includes('WasmBackendModuleThreadedSimd(Module)')) {
        if (!this.mainScript) throw new Error('the module source was not captured');
        // Called once per pool worker: write the file once (rewriting it while
        // earlier workers start would let one read it half-written).
        if (!this.workerFile) {
          const file = this.tempPath('tfjs-backend-wasm-threaded-simd.worker.cjs');
          fs.writeFileSync(file, workerScript(text, this.mainScript));
          this.workerFile = file;
        }
        return this.workerFile;
      }
      return real.call(URL, obj);
    };
    this.undo.push(() => (URL.createObjectURL = real));
  }

  /**
   * The glue sets `global.Worker = worker_threads.Worker` and calls
   * `new Worker(file)`. Hand it a subclass that keeps each worker (to unref or
   * terminate it) and, during init, turns a worker error into a rejected init
   * (the glue's own handler re-throws it on the main thread: a crash).
   */
  private patchWorkerGlobal(): void {
    const before = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
    const RealWorker = workerThreads.Worker;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- read inside a class declared here, whose `this` is the worker
    const shim = this;
    class PoolWorker extends RealWorker {
      constructor(file: string | URL, options?: workerThreads.WorkerOptions) {
        super(file, options);
        shim.workers.push(this);
        super.on('exit', onExit);
      }
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature of EventEmitter.on
      override on(event: string | symbol, listener: (...args: any[]) => void): this {
        if (event !== 'error') return super.on(event, listener);
        return super.on('error', (e: Error) => {
          if (shim.abandoned) return;
          if (!shim.initDone) shim.fail(new Error(`pool worker failed: ${e?.message ?? e}`));
          else listener(e);
        });
      }
    }
    const onExit = (code: number) => {
      // A pool worker that ends during init would leave the init waiting forever.
      if (!this.initDone && !this.abandoned) this.fail(new Error(`pool worker exited during init (code ${code})`));
    };
    let assigned: unknown = before?.value;
    Object.defineProperty(globalThis, 'Worker', {
      configurable: true,
      enumerable: false,
      get: () => PoolWorker,
      set: (v) => (assigned = v),
    });
    this.undo.push(() => {
      // Leave what the glue assigned (it needs a Worker if its pool ever grows).
      if (assigned !== undefined) {
        Object.defineProperty(globalThis, 'Worker', { configurable: true, writable: true, enumerable: false, value: assigned });
      } else if (before) Object.defineProperty(globalThis, 'Worker', before);
      else delete (globalThis as { Worker?: unknown }).Worker;
    });
  }

  /**
   * backend.cc: `num_cores = emscripten_num_logical_cores() / 2` (a static
   * initialiser) caps the pool, and emscripten answers with os.cpus().length
   * in Node. Report at least 2 × threads while the module starts.
   */
  private patchCpus(): void {
    const osMod = os as { cpus: typeof os.cpus }; // the same object as the glue's require('os')
    const real = osMod.cpus;
    const want = 2 * this.threads;
    osMod.cpus = function cpus() {
      const list = real.call(os);
      const out = list.slice();
      while (out.length < want) out.push(list[out.length % Math.max(list.length, 1)] ?? ({} as os.CpuInfo));
      return out;
    };
    this.undo.push(() => (osMod.cpus = real));
  }
}

/**
 * The pthread worker script: emscripten's, then a wrapper of its message
 * handler that points the 'load' message at the module-source file (the main
 * thread posts a Blob, whose `blob:` URL `importScripts` cannot read from disk).
 */
function workerScript(glue: string, mainScript: string): string {
  // The glue's port listener calls the global \`onmessage\` at each message: wrap it.
  return `${glue}
;(function () {
  var mainScript = ${JSON.stringify(mainScript)};
  var glueOnMessage = self.onmessage;
  self.onmessage = function (e) {
    if (e && e.data && e.data.cmd === "load") e.data.urlOrBlob = mainScript;
    return glueOnMessage(e);
  };
})();
`;
}

/**
 * The module source as evaluated in a worker (`importScripts` = global eval):
 * `var WasmBackendModuleThreadedSimd = <factory source>`, whose free variables
 * were closure variables of the bundle. Each one is found by how the glue
 * uses it and redefined as a worker global.
 */
function workerModuleSource(text: string, file: string): string {
  const alias = (re: RegExp, what: string): string => {
    const m = re.exec(text);
    if (!m) throw new Error(`unexpected tfjs-backend-wasm bundle (no ${what} alias; minified?)`);
    return m[1];
  };
  const aliases: [string, string][] = [
    // esbuild may rename the glue's locals (fs -> fs2) and, with minifyWhitespace/
    // minifySyntax, drop spaces and merge declarations: hence \d*, \s* and [;,].
    [alias(/\bfs\d*\s*=\s*([\w$]+)\s*[;,]/, 'fs'), 'require("fs")'],
    [alias(/\bnodePath\d*\s*=\s*([\w$]+)\s*[;,]/, 'path'), 'require("path")'],
    [alias(/\b([\w$]+)\.cpus\(\)\.length/, 'os'), 'require("os")'],
    [alias(/\.performance\s*=\s*([\w$]+)\.performance\b/, 'perf_hooks'), 'require("perf_hooks")'],
    [alias(/\b([\w$]+)\.Worker\s*=\s*nodeWorkerThreads\d*\.Worker\b/, 'global'), 'globalThis'],
  ];
  const known = new Set(aliases.map(([name]) => name));
  for (const m of text.matchAll(/\brequire\$\$\w+/g)) {
    if (!known.has(m[0])) throw new Error(`unexpected tfjs-backend-wasm bundle (unknown ${m[0]})`);
  }
  const lines = aliases.map(([name, value]) => `var ${name} = ${value};`);
  // Only the main thread reads it (as the workers' fallback script URL).
  const scriptDir = /"urlOrBlob"\s*:\s*Module\["mainScriptUrlOrBlob"\]\s*\|\|\s*([\w$]+)/.exec(text)?.[1] ?? '_scriptDir';
  lines.push(`var ${scriptDir} = ${JSON.stringify(file)};`);
  // tslib helpers the transpiled glue calls (same behaviour for arrays/iterables).
  const helpers: Record<string, string> = {
    __values: '(o) { return o[Symbol.iterator](); }',
    __read:
      '(o, n) { var r = [], it = o[Symbol.iterator](), s;' +
      ' while ((n === undefined || n-- > 0) && !(s = it.next()).done) r.push(s.value); return r; }',
    __spreadArray: '(to, from) { return to.concat(Array.prototype.slice.call(from)); }',
  };
  const declared = new Set<string>();
  for (const m of text.matchAll(/\b(__values|__read|__spreadArray)(\d*)\(/g)) {
    const name = m[1] + m[2];
    if (!declared.has(name)) lines.push(`function ${name}${helpers[m[1]]}`);
    declared.add(name);
  }
  return lines.join('\n') + '\n' + text + '\n';
}

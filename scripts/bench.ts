/**
 * `npm run bench [-- --backend wasm|cpu|tensorflow] [--quick] [--json out.json] [--threads N] [--cases a,b,c]`
 *
 * Measures, in one run on the active backend:
 *  - the backend's own matMul throughput, [N x 200] . [200 x 200];
 *  - one full training step (objective, gradients and the Adam update, as the
 *    trainer does it) of (a) the paper's single-oscillator model, (b) the
 *    default `fast` model on the same data, (c) the default model on three
 *    oscillators with K = 12;
 * and reports seconds per step, effective GFLOP/s from an analytic count of
 * the matmul FLOPs, and its ratio to the matMul GFLOP/s. See docs/performance.md.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendChoice } from '../src/core/backend';
import { paperPreset, resolveConfig, type RunConfig } from '../src/core/config';
import { loadDataset } from '../src/core/data/load';
import { fieldEvaluations } from '../src/core/model/dynamics';
import { inputGradientFlopsPerRow } from '../src/core/model/mlp';
import { HamiltonianModel } from '../src/core/model/model';
import { Adam } from '../src/core/train/adam';
import { chunks, objectiveAndGradients } from '../src/core/train/objective';
import { dataScale, gatherBatch, toModelData, type ModelData } from '../src/core/train/prepare';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes('--quick');
const root = path.resolve(__dirname, '..');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function matMulGflops(): { gflops: number; seconds: number; n: number } {
  const n = 8192;
  const a = tf.randomNormal([n, 200]) as tf.Tensor2D;
  const b = tf.randomNormal([200, 200]) as tf.Tensor2D;
  const once = () => {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    c.dataSync();
    const dt = (performance.now() - t0) / 1000;
    c.dispose();
    return dt;
  };
  for (let i = 0; i < 3; i++) once();
  const s = median(Array.from({ length: quick ? 5 : 15 }, once));
  tf.dispose([a, b]);
  return { gflops: (2 * n * 200 * 200) / s / 1e9, seconds: s, n };
}

/** Matmul FLOPs of one training step: every field evaluation's forward and analytic input gradient, x3 for the backward pass. */
export function stepFlops(cfg: RunConfig, dim: number, batch: number): number {
  const m = cfg.model;
  const sizes = [dim, ...m.hidden, 1];
  const rowsPerPoint = m.kind === 'vanilla' ? 1 : m.symmetrySamples;
  const perEval = batch * rowsPerPoint * inputGradientFlopsPerRow(sizes);
  return 3 * perEval * fieldEvaluations(m.substeps, m.integrator) * m.weightSamples;
}

interface StepResult {
  name: string;
  settings: string;
  rowsPerPass: number;
  secondsPerStep: number;
  gflopPerStep: number;
  gflops: number;
}

/** One step of a same-shaped model with a single weight sample: warms the JIT, the heap and XNNPACK's caches. */
function warmUp(cfg: RunConfig, data: ModelData): void {
  const model = new HamiltonianModel({ ...cfg.model, weightSamples: 1 }, data.dim, cfg.train.seed);
  const B = Math.min(cfg.train.batchSize, data.count);
  const batch = gatherBatch(data, [...Array(B).keys()]);
  const vars = [...model.netVariables(), ...model.generatorVariables()];
  const { grads } = objectiveAndGradients(model, batch, data.count, { seed: 0, step: 0, maxRows: cfg.train.maxRows, vars });
  grads.forEach((g) => g.dispose());
  tf.dispose([batch.x0, batch.y, batch.dt]);
  model.dispose();
}

function benchStep(name: string, cfg: RunConfig, data: ModelData, repeats: number): StepResult {
  warmUp(cfg, data);
  const model = new HamiltonianModel(cfg.model, data.dim, cfg.train.seed);
  const groups = [{ vars: model.netVariables(), lr: cfg.train.lr }];
  if (model.generatorVariables().length) groups.push({ vars: model.generatorVariables(), lr: cfg.train.lrGenerators });
  const vars = groups.flatMap((g) => g.vars);
  const adam = new Adam(groups, 1000);
  const B = Math.min(cfg.train.batchSize, data.count);
  const batch = gatherBatch(data, [...Array(B).keys()]);
  const step = (i: number) => {
    const t0 = performance.now();
    const { grads } = objectiveAndGradients(model, batch, data.count, { seed: 0, step: i, maxRows: cfg.train.maxRows, vars });
    adam.apply(grads);
    grads.forEach((g) => g.dispose());
    model.layers[0].meanT.dataSync(); // wait for the update
    return (performance.now() - t0) / 1000;
  };
  if (cfg.model.weightSamples <= 4) step(0); // a full warm-up step where it is cheap
  const s = median(Array.from({ length: repeats }, (_, i) => step(i + 1)));
  const flops = stepFlops(cfg, data.dim, B);
  const m = cfg.model;
  const rows = chunks(B, model.rowsPerPoint() * model.evaluationsPerPrediction(), cfg.train.maxRows)[0];
  const rowsPerPass = (rows[1] - rows[0]) * model.rowsPerPoint();
  tf.dispose([batch.x0, batch.y, batch.dt]);
  adam.dispose();
  model.dispose();
  return {
    name,
    settings: `${m.kind} K=${m.K} hidden ${m.hidden.join('x')} S=${m.symmetrySamples} R=${m.weightSamples} ${m.integrator}x${m.substeps} batch ${B}`,
    rowsPerPass,
    secondsPerStep: s,
    gflopPerStep: flops / 1e9,
    gflops: flops / s / 1e9,
  };
}

async function main(): Promise<void> {
  const backend = await initBackend((opt('--backend') as BackendChoice) ?? 'wasm', { wasmThreads: Number(opt('--threads') ?? 1) });
  // What the wasm module actually runs with (Node gets 1 unless threads are supported there).
  const threads = backend === 'wasm' ? (await import('@tensorflow/tfjs-backend-wasm')).getThreadsCount() : 1;
  const load = (f: string) => {
    const ds = loadDataset(path.join(root, 'examples', f));
    return toModelData(ds, dataScale(ds, 'scale'));
  };
  const harmonic = load('harmonic-train.csv');
  const osc3 = load('oscillators3-train.csv');
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
    backend,
    threads,
    /** 1-minute load average before and after the run: other processes skew absolute times. */
    loadBefore: os.loadavg()[0],
    loadAfter: NaN,
  };
  console.log(
    `noether-razor benchmark — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, backend ${backend}` +
      `${threads > 1 ? ` (${threads} threads)` : ''}, load ${machine.loadBefore.toFixed(2)}`,
  );

  // Measured before and after the steps; the ratios use the faster of the two,
  // so a load spike during one matMul measurement cannot inflate them.
  const mmBefore = matMulGflops();
  console.log(`matMul [${mmBefore.n}x200]·[200x200]: ${mmBefore.gflops.toFixed(1)} GFLOP/s (${(mmBefore.seconds * 1e3).toFixed(1)} ms)`);

  const paper = paperPreset(2);
  const cases: [string, RunConfig, ModelData, number][] = [
    ['(a) paper, single oscillator', resolveConfig('paper', 2, { model: { ...paper.model, kind: 'learned', K: 1 } }), harmonic, quick ? 1 : 2],
    ['(b) fast default, single oscillator, K=1', resolveConfig('fast', 2, { model: { kind: 'learned', K: 1 } }), harmonic, quick ? 5 : 20],
    ['(c) fast default, 3 oscillators, K=12', resolveConfig('fast', 6, { model: { kind: 'learned', K: 12 } }), osc3, quick ? 3 : 10],
  ];
  const only = opt('--cases'); // e.g. "b,c": skip the slow paper step
  const results: StepResult[] = [];
  for (const [name, cfg, data, repeats] of cases) {
    if (only && !only.split(',').includes(name[1])) continue;
    const r = benchStep(name, cfg, data, repeats);
    results.push(r);
    console.log(
      `${r.name.padEnd(40)} ${r.secondsPerStep.toFixed(3).padStart(8)} s/step  ${r.gflopPerStep.toFixed(2).padStart(8)} GFLOP/step  ` +
        `${r.gflops.toFixed(1).padStart(6)} GFLOP/s   [${r.settings}; ${r.rowsPerPass} rows/pass]`,
    );
  }
  const mmAfter = matMulGflops();
  const mm = mmAfter.gflops > mmBefore.gflops ? mmAfter : mmBefore;
  console.log(`matMul again after the steps: ${mmAfter.gflops.toFixed(1)} GFLOP/s; ratios below use ${mm.gflops.toFixed(1)}`);
  for (const r of results) console.log(`${r.name.padEnd(40)} ${((100 * r.gflops) / mm.gflops).toFixed(0).padStart(3)}% of matMul`);
  machine.loadAfter = os.loadavg()[0];
  console.log(`load average after the run: ${machine.loadAfter.toFixed(2)}`);
  const summary = {
    machine,
    matMul: { ...mm, before: mmBefore.gflops, after: mmAfter.gflops },
    steps: results.map((r) => ({ ...r, ratioToMatMul: r.gflops / mm.gflops })),
  };
  console.log(JSON.stringify(summary));
  const out = opt('--json');
  if (out) fs.writeFileSync(out, JSON.stringify(summary, null, 2) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

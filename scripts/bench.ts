/**
 * `npm run bench [-- --backend wasm|cpu|tensorflow] [--quick] [--json out.json] [--threads N] [--cases a,b,c]`
 * `npm run bench -- --targets [all|table1,table2,...] [--preset fast|paper] [--seed N] [--quick] [--json out.json]`
 *
 * Measures, in one run on the active backend:
 *  - the backend's own matMul throughput, [N x 200] . [200 x 200];
 *  - one full training step (objective, gradients and the Adam update, as the
 *    trainer does it) of (a) the paper's single-oscillator model, (b) the
 *    default `fast` model on the same data, (c) the default model on three
 *    oscillators with K = 12;
 * and reports seconds per step, effective GFLOP/s from an analytic count of
 * the matmul FLOPs, and its ratio to the matMul GFLOP/s. See docs/performance.md.
 *
 * With --targets it measures instead, for each `noether reproduce` target,
 * a few real training steps of every model with the target's own data and
 * settings, and projects the wall time to the result (benchTargets below).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { backendThreads, initBackend, type BackendChoice } from '../src/core/backend/backend';
import { paperPreset, resolveConfig, type RunConfig } from '../src/core/util/config';
import { refitConfig, refitSteps } from '../src/core/discover/refit';
import { loadDataset } from '../src/core/data/load';
import { fieldEvaluations } from '../src/core/model/dynamics';
import { inputGradientFlopsPerRow } from '../src/core/model/mlp';
import { HamiltonianModel } from '../src/core/model/model';
import { experimentData, modelConfig, refitsLearned } from '../src/core/reproduce/run';
import { planTarget, TARGET_NAMES, type TargetName } from '../src/core/reproduce/targets';
import { simulateDataset } from '../src/core/sim/simulate';
import { oracleQuantities } from '../src/core/symmetry/oracles';
import { Adam } from '../src/core/train/adam';
import { evaluate } from '../src/core/train/evaluate';
import { chunks, objectiveAndGradients } from '../src/core/train/objective';
import { dataScale, gatherBatch, toModelData, type ModelData } from '../src/core/train/prepare';
import { trainModel } from '../src/core/train/trainer';

const root = path.resolve(__dirname, '..');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function matMulGflops(quick: boolean): { gflops: number; seconds: number; n: number } {
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

function describeSettings(cfg: RunConfig, batch: number): string {
  const m = cfg.model;
  return `${m.kind}${m.oracle ? `:${m.oracle}` : ''} K=${m.K} hidden ${m.hidden.join('x')} S=${m.symmetrySamples} R=${m.weightSamples} ${m.integrator}x${m.substeps} batch ${batch}`;
}

interface StepResult {
  name: string;
  settings: string;
  rowsPerPass: number;
  secondsPerStep: number;
  gflopPerStep: number;
  gflops: number;
}

type Oracle = ReturnType<typeof oracleQuantities>;

/** One step of a same-shaped model with a single weight sample: warms the JIT, the heap and XNNPACK's caches. */
function warmUp(cfg: RunConfig, data: ModelData, oracle?: Oracle): void {
  const model = new HamiltonianModel({ ...cfg.model, weightSamples: 1 }, data.dim, cfg.train.seed, oracle);
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
  const rows = chunks(B, model.rowsPerPoint() * model.evaluationsPerPrediction(), cfg.train.maxRows)[0];
  const rowsPerPass = (rows[1] - rows[0]) * model.rowsPerPoint();
  tf.dispose([batch.x0, batch.y, batch.dt]);
  adam.dispose();
  model.dispose();
  return {
    name,
    settings: describeSettings(cfg, B),
    rowsPerPass,
    secondsPerStep: s,
    gflopPerStep: flops / 1e9,
    gflops: flops / s / 1e9,
  };
}

// --targets: every model of each `noether reproduce` target, timed on its own data.

/** The issue's wall-time limits for all models of a target (2-core machine, wasm, fast preset). */
export const TARGET_LIMIT_SECONDS: Partial<Record<TargetName, number>> = { table1: 180, table2: 900, table3: 1800 };

export interface ModelBench {
  /** Experiment of the target ('harmonic', 'oscillators3', 'nbody3', 'n1'..'n5'). */
  experiment: string;
  /** 'vanilla' | 'learned' (its search) | 'refit' (the learned model's refit) | 'oracle'. */
  role: string;
  settings: string;
  /** Optimiser steps the reproduce run takes (config.train.steps). */
  steps: number;
  /** Transitions per step: min(batchSize, training transitions). */
  batch: number;
  /** Median of the timed steps (s). */
  secondsPerStep: number;
  /** Every timed step (s), warm-up excluded. */
  stepSeconds: number[];
  gflopPerStep: number;
  gflops: number;
  ratioToMatMul: number;
  /** One evaluation on the training set and on every test set, as the reproduce run does after training (s). */
  evalSeconds: number;
  /** steps × secondsPerStep + evalSeconds. */
  projectedSeconds: number;
  /** The model's settings, exactly as `noether reproduce` resolves them. */
  config: RunConfig;
}

export interface TargetBench {
  target: TargetName;
  /** Simulating the target's data sets (s, measured). */
  dataSeconds: number;
  models: ModelBench[];
  /** dataSeconds + the models' projectedSeconds. */
  projectedSeconds: number;
  /** The issue's limit for the target, if it sets one. */
  limitSeconds: number | null;
}

export interface TargetsBenchResult {
  preset: 'fast' | 'paper';
  seed: number;
  matMul: { gflops: number; seconds: number; n: number; before: number; after: number };
  targets: TargetBench[];
}

/** 'all' or a comma-separated list of target names. */
export function parseTargetList(s: string): TargetName[] {
  if (s === 'all') return [...TARGET_NAMES];
  const names = s.split(',').map((t) => t.trim()).filter(Boolean);
  for (const t of names) {
    if (!(TARGET_NAMES as readonly string[]).includes(t)) throw new Error(`unknown target '${t}': use all or some of ${TARGET_NAMES.join(',')}`);
  }
  return names as TargetName[];
}

/**
 * Times `repeats` steps of the real training loop (trainModel: mini-batch
 * sampling, objective, gradients, the finiteness check, Adam, the prior
 * update) from per-step progress events, after warm-up steps. Returns the
 * trained-a-little model for the evaluation timing; the caller disposes it.
 */
async function timeTrainingSteps(cfg: RunConfig, data: ModelData, oracle: Oracle | undefined, repeats: number) {
  warmUp(cfg, data, oracle);
  const model = new HamiltonianModel(cfg.model, data.dim, cfg.train.seed, oracle);
  const extra = cfg.model.weightSamples <= 4 ? 3 : 0; // untimed full steps where they are cheap
  const elapsed: number[] = [];
  const outcome = await trainModel(model, data, { ...cfg.train, steps: repeats + extra, progressEvery: 1 }, {
    label: 'bench',
    snapshotEvery: Number.MAX_SAFE_INTEGER,
    onEvent: (e) => {
      if (e.type === 'progress') elapsed.push(e.elapsedSec);
    },
  });
  if (outcome.stopReason !== 'completed') {
    model.dispose();
    throw new Error(`training stopped (${outcome.stopReason}) during the benchmark: ${outcome.stopMessage ?? ''}`);
  }
  const perStep = elapsed.map((t, i) => t - (i > 0 ? elapsed[i - 1] : 0)).slice(extra);
  return { model, perStep };
}

/**
 * Untimed training steps of table1's learned model (fast preset) before any
 * measurement. A fresh process runs its first ~60 steps of a small model up
 * to twice as slow (V8 is still optimising tfjs's JavaScript, which dominates
 * small steps): measured 0.081 s/step over steps 1-10, 0.047 over 60-70, and
 * 0.03-0.04 for a second model in the same process.
 */
async function warmUpProcess(steps: number): Promise<void> {
  const plan = planTarget('table1', { seed: 0 });
  const exp = plan.experiments[0];
  const ds = simulateDataset(exp.train.spec);
  const data = toModelData(ds, dataScale(ds, 'scale'));
  const cfg = modelConfig(plan, exp, 'learned', ds.dim, { preset: 'fast' });
  const model = new HamiltonianModel(cfg.model, ds.dim, cfg.train.seed);
  await trainModel(model, data, { ...cfg.train, steps }, { label: 'warm-up' });
  model.dispose();
}

/**
 * For each target: simulates its data and resolves every model's settings as
 * `noether reproduce <target>` does (planTarget, modelConfig; full-size data,
 * not reproduce's --quick), times a few training steps and one evaluation of
 * each model, and projects the wall time to the result. `quick` only takes
 * fewer repeats (and a shorter matMul measurement).
 */
export async function benchTargets(
  targets: TargetName[],
  opts: { quick: boolean; preset: 'fast' | 'paper'; seed: number; log?: (line: string) => void },
): Promise<TargetsBenchResult> {
  const log = opts.log ?? (() => {});
  const settings = { preset: opts.preset };
  await warmUpProcess(opts.quick ? 60 : 150);
  const mmBefore = matMulGflops(opts.quick);
  log(`matMul [${mmBefore.n}x200]·[200x200]: ${mmBefore.gflops.toFixed(1)} GFLOP/s (${(mmBefore.seconds * 1e3).toFixed(1)} ms)`);
  const results: TargetBench[] = [];
  for (const target of targets) {
    const plan = planTarget(target, { seed: opts.seed, quick: false });
    const tb: TargetBench = { target, dataSeconds: 0, models: [], projectedSeconds: 0, limitSeconds: TARGET_LIMIT_SECONDS[target] ?? null };
    for (const exp of plan.experiments) {
      const t0 = performance.now();
      const { dim, trainData, testData } = experimentData(plan, exp, settings);
      tb.dataSeconds += (performance.now() - t0) / 1000;
      // The learned model's refit is timed as its own row: its generators are fixed and its S is its own.
      // It refits on the quantities the search verifies; when the search works those are the truth's.
      const rows: { role: string; cfg: RunConfig; oracle?: Oracle }[] = [];
      for (const role of exp.models) {
        const cfg = modelConfig(plan, exp, role, dim, settings, trainData);
        rows.push({ role, cfg, oracle: role === 'oracle' ? oracleQuantities(exp.oracle, dim) : undefined });
        if (role === 'learned' && refitsLearned(exp) && refitSteps(cfg) > 0) {
          const truth = oracleQuantities(exp.oracle, dim);
          rows.push({ role: 'refit', cfg: refitConfig(cfg, truth.length), oracle: truth });
        }
      }
      for (const { role, cfg, oracle } of rows) {
        const repeats = cfg.model.weightSamples > 4 ? (opts.quick ? 1 : 2) : opts.quick ? 3 : 10;
        const { model, perStep } = await timeTrainingSteps(cfg, trainData, oracle, repeats);
        const ev = { seed: cfg.train.seed, maxRows: cfg.train.maxRows };
        const e0 = performance.now();
        try {
          evaluate(model, trainData, trainData.count, ev);
          for (const t of testData) evaluate(model, t, trainData.count, ev);
        } finally {
          model.dispose();
        }
        const evalSeconds = (performance.now() - e0) / 1000;
        const B = Math.min(cfg.train.batchSize, trainData.count);
        const s = median(perStep);
        const flops = stepFlops(cfg, dim, B);
        const mb: ModelBench = {
          experiment: exp.name,
          role,
          settings: describeSettings(cfg, B),
          steps: cfg.train.steps,
          batch: B,
          secondsPerStep: s,
          stepSeconds: perStep,
          gflopPerStep: flops / 1e9,
          gflops: flops / s / 1e9,
          ratioToMatMul: NaN, // set below, against the faster of the two matMul measurements
          evalSeconds,
          projectedSeconds: cfg.train.steps * s + evalSeconds,
          config: cfg,
        };
        tb.models.push(mb);
        log(
          `${target} · ${exp.name} · ${role}: ${s.toFixed(4)} s/step, ${mb.gflops.toFixed(2)} GFLOP/s, ` +
            `eval ${evalSeconds.toFixed(2)} s, projected ${duration(mb.projectedSeconds)}  [${mb.settings}]`,
        );
      }
    }
    tb.projectedSeconds = tb.dataSeconds + tb.models.reduce((a, m) => a + m.projectedSeconds, 0);
    results.push(tb);
  }
  const mmAfter = matMulGflops(opts.quick);
  const mm = mmAfter.gflops > mmBefore.gflops ? mmAfter : mmBefore;
  for (const m of results.flatMap((t) => t.models)) m.ratioToMatMul = m.gflops / mm.gflops;
  const result: TargetsBenchResult = {
    preset: opts.preset,
    seed: opts.seed,
    matMul: { ...mm, before: mmBefore.gflops, after: mmAfter.gflops },
    targets: results,
  };
  log(`matMul again after the steps: ${mmAfter.gflops.toFixed(1)} GFLOP/s; ratios below use ${mm.gflops.toFixed(1)}`);
  log('');
  log(formatTargetTable(result));
  return result;
}

/** Seconds as '12.3 s' or, from two minutes on, '4.5 min'. */
function duration(s: number): string {
  return s < 120 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`;
}

/** The per-target table as Markdown (readable in a terminal, pastable into docs). */
export function formatTargetTable(r: TargetsBenchResult): string {
  const lines = [
    `${r.preset} preset, seed ${r.seed}; matMul ${r.matMul.gflops.toFixed(1)} GFLOP/s`,
    '',
    '| target | model | steps | batch | s/step | GFLOP/step | GFLOP/s | of matMul | eval | projected | limit |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const t of r.targets) {
    for (const m of t.models) {
      lines.push(
        `| ${t.target} | ${m.experiment} ${m.role} | ${m.steps} | ${m.batch} | ${m.secondsPerStep.toFixed(4)} | ${m.gflopPerStep.toFixed(3)} | ` +
          `${m.gflops.toFixed(2)} | ${(100 * m.ratioToMatMul).toFixed(0)}% | ${m.evalSeconds.toFixed(2)} s | ${duration(m.projectedSeconds)} | |`,
      );
    }
    const limit = t.limitSeconds === null ? '—' : `${duration(t.limitSeconds)} (${t.projectedSeconds <= t.limitSeconds ? 'within' : 'OVER'})`;
    lines.push(`| **${t.target}** | all models + data (${t.dataSeconds.toFixed(1)} s) | | | | | | | | **${duration(t.projectedSeconds)}** | ${limit} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const quick = args.includes('--quick');
  const backend = await initBackend((opt('--backend') as BackendChoice) ?? 'wasm', { wasmThreads: Number(opt('--threads') ?? 1) });
  // What the backend actually runs with (1 unless --threads asked for more and the shim worked).
  const { threads, note } = backendThreads();
  if (note) console.log(`threads: ${note}`);
  const load = (f: string) => {
    const ds = loadDataset(path.join(root, 'examples', f));
    return toModelData(ds, dataScale(ds, 'scale'));
  };
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

  if (args.includes('--targets')) {
    // A bare --targets (or one followed by another flag) means all of them.
    const v = opt('--targets');
    const targets = parseTargetList(v === undefined || v.startsWith('--') ? 'all' : v);
    const preset = opt('--preset') ?? 'fast';
    if (preset !== 'fast' && preset !== 'paper') throw new Error(`--preset must be fast or paper, got '${preset}'`);
    const seed = Number(opt('--seed') ?? 0);
    const bench = await benchTargets(targets, { quick, preset, seed, log: (l) => console.log(l) });
    machine.loadAfter = os.loadavg()[0];
    console.log(`load average after the run: ${machine.loadAfter.toFixed(2)}`);
    const summary = { machine, ...bench };
    const out = opt('--json');
    if (out) fs.writeFileSync(out, JSON.stringify(summary, null, 2) + '\n');
    return;
  }

  const harmonic = load('harmonic-train.csv');
  const osc3 = load('oscillators3-train.csv');
  // Measured before and after the steps; the ratios use the faster of the two,
  // so a load spike during one matMul measurement cannot inflate them.
  const mmBefore = matMulGflops(quick);
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
  const mmAfter = matMulGflops(quick);
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

// Run only as a script (node dist/bench.js, tsx scripts/bench.ts), not when a test imports benchTargets.
if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

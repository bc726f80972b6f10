/**
 * The jobs that the CLI (`noether discover`, `noether train`) and the
 * extension's training worker run: load data, train, evaluate, read out,
 * and assemble the results file.
 */
import { backendLabel, backendThreads, initBackend, type BackendChoice } from '../backend/backend';
import { resolveConfig, type ModelConfig, type PresetName, type RunConfig, type TrainConfig } from '../util/config';
import { UsageError } from '../util/errors';
import { loadDataset } from '../data/load';
import type { Dataset, LoadOptions } from '../data/types';
import { HamiltonianModel } from '../model/model';
import { comparisonBudget, refitOnDiscovered, refitSteps } from './refit';
import type { RefitInfo, ResultsV1 } from '../results/types';
import { fitQuadraticHamiltonian } from '../readout/hamiltonianFit';
import { Random } from '../util/random';
import { searchSeeds, seedMessage, seededTrainConfig, type SearchSeeds } from '../symmetry/searchSeeds';
import { oracleQuantities } from '../symmetry/oracles';
import type { JobProgress, JobStage, Metrics, RunOptions } from '../train/events';
import { evaluate } from '../train/evaluate';
import { dataScale, toModelData, type ModelData } from '../train/prepare';
import { withIntegrator } from '../train/integratorChoice';
import { trainModel, type TrainOutcome } from '../train/trainer';
import { buildSymmetryReport } from '../readout/symmetryReport';
import { TOOL_VERSION } from '../util/version';

export interface DiscoverRequest {
  /** Path of the training CSV. */
  file: string;
  load: LoadOptions;
  /** Optional test CSV (same column options). */
  testFile?: string;
  preset: PresetName;
  model?: Partial<ModelConfig>;
  train?: Partial<TrainConfig>;
  /** Also train the vanilla model and report the ELBO difference. */
  baseline?: boolean;
  /** Known truth for parallelness: 'oracle:so2' | 'oracle:u<n>' | 'oracle:se2' | path to JSON. */
  truth?: string;
  backend?: BackendChoice;
  /** wasm backend: threads to compute with (src/core/wasmThreads.ts); default 1. */
  threads?: number;
  /** Directory of the tfjs wasm binaries (the extension passes its dist/ folder). */
  wasmDir?: string;
  /** Relative singular-value threshold override for the rank rule. */
  rankTolerance?: number;
}

/** A trained model with its data and metrics (kept for readout and plots). */
export interface TrainedModel {
  label: string;
  config: RunConfig;
  model: HamiltonianModel;
  outcome: TrainOutcome;
  metrics: { train: Metrics; test?: Metrics };
  scale: number;
}

/** Train one model on prepared data and evaluate it. The caller disposes `model`. */
export async function trainAndEvaluate(
  label: string,
  config: RunConfig,
  train: ModelData,
  test: ModelData | undefined,
  oracle: ReturnType<typeof oracleQuantities> | undefined,
  opts: RunOptions,
  /** A learned model's search starts from these (searchSeeds.ts). */
  seeds?: SearchSeeds,
): Promise<TrainedModel> {
  const model = new HamiltonianModel(config.model, train.dim, config.train.seed, oracle);
  if (seeds?.seeds.length) model.seedGenerators(seeds.seeds);
  const outcome = await trainModel(model, train, seededTrainConfig(config, seeds), { ...opts, label });
  const ev = { seed: config.train.seed, maxRows: config.train.maxRows };
  const metrics = {
    train: evaluate(model, train, train.count, ev),
    test: test ? evaluate(model, test, train.count, ev) : undefined,
  };
  return { label, config, model, outcome, metrics, scale: train.scale };
}

/** Parse 'vanilla' | 'learned' | 'oracle:<name>' into model settings. */
export function parseModelSpec(spec: string): Pick<ModelConfig, 'kind' | 'oracle'> {
  if (spec === 'vanilla' || spec === 'learned') return { kind: spec };
  const m = /^oracle:(\w+)$/.exec(spec);
  if (m) return { kind: 'oracle', oracle: m[1].toLowerCase() };
  throw new UsageError(`unknown model '${spec}'`, 'Use vanilla, learned, oracle:so2, oracle:u<n> (e.g. oracle:u3) or oracle:se2');
}

interface LoadedData {
  train: Dataset;
  test?: Dataset;
}

function loadData(req: DiscoverRequest): LoadedData {
  const train = loadDataset(req.file, req.load);
  let test: Dataset | undefined;
  if (req.testFile) {
    test = loadDataset(req.testFile, req.load);
    const same = test.columns.q.join() === train.columns.q.join() && test.columns.p.join() === train.columns.p.join();
    if (!same) {
      throw new UsageError(
        `the test file ${req.testFile} has coordinates (${[...test.columns.q, ...test.columns.p].join(', ')}) but the training file has (${[...train.columns.q, ...train.columns.p].join(', ')})`,
        'Give both files the same q and p columns, or pass --q/--p',
      );
    }
  }
  return { train, test };
}

/**
 * Train the requested model (learned conserved quantities by default) and,
 * for kind 'learned', read out what it found.
 */
export async function runDiscover(req: DiscoverRequest, opts: RunOptions = {}, command = 'discover'): Promise<ResultsV1> {
  const t0 = Date.now();
  const backend = await initBackend(req.backend ?? 'auto', { wasmDir: req.wasmDir, wasmThreads: req.threads });
  const threads = backendThreads();
  if (threads.note) opts.onEvent?.({ type: 'log', level: 'warn', message: threads.note });
  const data = loadData(req);
  const dim = data.train.dim;
  const resolved = resolveConfig(req.preset, dim, { model: req.model, train: req.train });
  const oracle = resolved.model.kind === 'oracle' ? oracleQuantities(resolved.model.oracle ?? '', dim) : undefined;
  const scale = dataScale(data.train, resolved.model.normalize);
  const train = toModelData(data.train, scale);
  const integrator = withIntegrator(resolved.model, train);
  const config: RunConfig = { ...resolved, model: integrator.model };
  opts.onEvent?.({ type: 'log', level: 'info', message: `integrator: ${integrator.reason}` });
  const test = data.test ? toModelData(data.test, scale) : undefined;
  opts.onEvent?.({ type: 'log', level: 'info', message: `backend ${backendLabel()}; ${data.train.trajectories.length} trajectories, ${train.count} transitions; coordinates (${[...data.train.columns.q, ...data.train.columns.p].join(', ')})` });

  const seeds = searchSeeds(config, data.train, scale);
  if (seeds) opts.onEvent?.({ type: 'log', level: 'info', message: seedMessage(seeds) });
  const withBaseline = !!req.baseline && config.model.kind !== 'vanilla';
  const job = jobProgress(config, withBaseline, opts);
  const main = await trainAndEvaluate(config.model.kind, config, train, test, oracle, job.stage(config.model.kind === 'learned' ? 'search' : 'training'), seeds);
  job.finished(main.outcome.steps);
  const warnings: string[] = [];
  const baselines: NonNullable<ResultsV1['baselines']> = [];
  let vanilla: TrainedModel | undefined;
  // The model whose metrics are reported: the first stage, or its refit when that is kept.
  let final: TrainedModel = main;
  let refit: RefitInfo | undefined;
  try {
    if (withBaseline && !opts.signal?.aborted) {
      // Equal budgets: vanilla trains as long as the learned model's final network (refit.ts comparisonBudget).
      const steps = config.model.kind === 'learned' ? comparisonBudget(config) : config.train.steps;
      const vcfg: RunConfig = { ...config, model: { ...config.model, kind: 'vanilla', oracle: undefined }, train: { ...config.train, steps } };
      vanilla = await trainAndEvaluate('vanilla', vcfg, train, test, undefined, job.stage('baseline'));
      job.finished(vanilla.outcome.steps);
      baselines.push({ model: 'vanilla', metrics: vanilla.metrics, seconds: vanilla.outcome.seconds, stopReason: vanilla.outcome.stopReason, steps: vanilla.outcome.steps });
    }
    if (main.outcome.stopReason === 'diverged') warnings.push(`Training diverged: ${main.outcome.stopMessage}`);
    if (main.outcome.stopReason === 'cancelled') warnings.push(`Training was stopped after ${main.outcome.steps} of ${config.train.steps} steps; results are partial.`);
    const symmetry =
      config.model.kind === 'learned'
        ? buildSymmetryReport({
            learned: main.model.learnedParameters(),
            scale,
            hamiltonianQuadratic: quadraticPart(main, data.train),
            data: data.train,
            truth: req.truth,
            rankTolerance: req.rankTolerance,
            warnings,
          })
        : undefined;
    if (symmetry) warnings.push(...verdictWarnings(symmetry));
    if (symmetry) {
      const r = await refitOnDiscovered(main, symmetry, train, test, job.stage('refit', main.outcome.steps));
      refit = r.info;
      if (r.model) final = r.model;
      if (refit) opts.onEvent?.({ type: 'log', level: 'info', message: `refit on ${refit.quantities.length ? refit.quantities.join(', ') : 'nothing'}: ${refit.reason}` });
    }
    warnings.push(...fitWarnings(final));
    for (const message of warnings) opts.onEvent?.({ type: 'log', level: 'warn', message });
    if (symmetry && dim === 2) symmetry.details = { ...symmetry.details, hamiltonianGrid: hamiltonianGrid(final, data.train) };
    return {
      schemaVersion: 1,
      tool: { name: 'noether-razor', version: TOOL_VERSION },
      createdAt: new Date().toISOString(),
      command,
      input: {
        file: req.file,
        sha256: data.train.sha256,
        columns: {
          q: data.train.columns.q,
          p: data.train.columns.p,
          time: data.train.columns.time ?? null,
          trajectory: data.train.columns.trajectory ?? null,
        },
        trajectories: data.train.trajectories.length,
        transitions: data.train.transitions,
        test: data.test && req.testFile
          ? { file: req.testFile, sha256: data.test.sha256, trajectories: data.test.trajectories.length, transitions: data.test.transitions }
          : undefined,
      },
      config: { ...config, seed: config.train.seed, dataScale: scale, evaluation: 'posterior-mean weights, fixed symmetry samples', integratorRule: integrator.reason },
      backend,
      ...(threads.threads > 1 ? { threads: threads.threads } : {}),
      training: {
        steps: main.outcome.steps,
        seconds: (Date.now() - t0) / 1000,
        stopReason: main.outcome.stopReason,
        stopMessage: main.outcome.stopMessage,
        history: main.outcome.history,
        hyperparameters: { sigma2: final.model.sigma2(), priorPrecisions: [...final.model.lambdas] },
        refit,
        seeds: seeds?.info,
      },
      metrics: final.metrics,
      warnings,
      symmetry,
      baselines: baselines.length ? baselines : undefined,
      evidence: vanilla
        ? {
            negElboModel: final.metrics.train.negElbo,
            negElboVanilla: vanilla.metrics.train.negElbo,
            difference: vanilla.metrics.train.negElbo - final.metrics.train.negElbo,
          }
        : undefined,
    };
  } finally {
    main.model.dispose();
    if (final !== main) final.model.dispose();
    vanilla?.model.dispose();
  }
}

/**
 * Progress over the whole job: the progress events of each stage carry
 * `job` (the stage, every stage's planned steps, the job's step), so a UI can
 * show one bar over search, baseline and refit.
 */
function jobProgress(config: RunConfig, baseline: boolean, opts: RunOptions) {
  const learned = config.model.kind === 'learned';
  const refit = learned ? refitSteps(config) : 0;
  const stages: JobProgress['stages'] = [{ stage: learned ? 'search' : 'training', steps: config.train.steps }];
  if (baseline) stages.push({ stage: 'baseline', steps: learned ? comparisonBudget(config) : config.train.steps });
  if (refit > 0) stages.push({ stage: 'refit', steps: refit });
  let before = 0; // steps of the stages already finished
  return {
    /** The options of one stage; `stepOffset`: where its progress events' step count starts (the refit continues the search's). */
    stage(stage: JobStage, stepOffset = 0): RunOptions {
      return {
        ...opts,
        onEvent: (e) => {
          if (e.type === 'progress') {
            const done = e.step - stepOffset;
            const s = stages.find((x) => x.stage === stage);
            // The refit trains a second candidate group after the first: its plan grows.
            if (s && refit > 0 && done > s.steps) s.steps = Math.ceil(done / refit) * refit;
            e = { ...e, job: { stage, stages: stages.map((x) => ({ ...x })), step: before + done } };
          }
          opts.onEvent?.(e);
        },
      };
    },
    finished(steps: number): void {
      before += steps;
    },
  };
}

/**
 * The learned H on a 41 x 41 grid over the data (2-d phase spaces only), for
 * the panel's contour plot: H_user(x) = s^2 H_model(x / s).
 */
export function hamiltonianGrid(
  m: TrainedModel,
  ds: Dataset,
  /** Plot this box (before padding) instead of the data's range (reproduce figure2: a square). */
  box?: { q: [number, number]; p: [number, number] },
): { q: number[]; p: number[]; H: number[][]; trajectories: { q: number[]; p: number[] }[] } {
  let [q0, q1, p0, p1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const tr of ds.trajectories) {
    for (const [q, p] of tr.states) {
      q0 = Math.min(q0, q); q1 = Math.max(q1, q); p0 = Math.min(p0, p); p1 = Math.max(p1, p);
    }
  }
  if (box) [q0, q1, p0, p1] = [box.q[0], box.q[1], box.p[0], box.p[1]];
  const pad = 0.1 * Math.max(q1 - q0, p1 - p0, 1e-9);
  const n = 41;
  const axis = (a: number, b: number) => Array.from({ length: n }, (_, i) => a - pad + ((b - a + 2 * pad) * i) / (n - 1));
  const qs = axis(q0, q1);
  const ps = axis(p0, p1);
  const s = m.scale;
  const points = ps.flatMap((p) => qs.map((q) => [q / s, p / s]));
  const H = m.model.hamiltonianValues(points, new Random(m.config.train.seed).fork(424242)).map((h) => h * s * s);
  return {
    q: qs,
    p: ps,
    H: ps.map((_, j) => H.slice(j * n, (j + 1) * n)),
    trajectories: ds.trajectories.slice(0, 30).map((tr) => ({ q: tr.states.map((x) => x[0]), p: tr.states.map((x) => x[1]) })),
  };
}

/** The learned H's quadratic part, when a quadratic explains most of it (R^2 >= 0.95) over the data. */
function quadraticPart(m: TrainedModel, ds: Dataset): { A: number[][]; b: number[] } | undefined {
  const fit = fitQuadraticHamiltonian(m.model, ds, m.scale, m.config.train.seed);
  return fit && fit.r2 >= 0.95 ? { A: fit.A, b: fit.b } : undefined;
}

/** Say plainly when the data support no conserved quadratic quantity. */
function verdictWarnings(s: NonNullable<ResultsV1['symmetry']>): string[] {
  if (s.rank === 0) return ['No conserved quadratic quantity was found: the learned quantities all shrank towards zero.'];
  const kept = s.conservedQuantities.filter((q) => q.conserved).length;
  if (kept > 0) return [];
  return [
    `None of the ${s.rank} candidate quantit${s.rank === 1 ? 'y is' : 'ies are'} conserved on the data (each drifts along the trajectories): ` +
      'no conserved quadratic quantity explains these trajectories. The system may not be Hamiltonian (damping, driving), or its invariants are not quadratic (e.g. a pendulum\'s cos θ).',
  ];
}

/** Warn when the one-step residuals are far above the assumed noise level. */
function fitWarnings(m: TrainedModel): string[] {
  const noise = m.model.sigma2() * m.scale * m.scale; // per-coordinate variance in user units
  const mse = m.metrics.train.mse;
  if (mse > 10 * noise) {
    return [
      `The model fits the data poorly: one-step RMS error ${Math.sqrt(mse).toPrecision(3)} is ${Math.sqrt(mse / noise).toFixed(1)}x the assumed noise level ${Math.sqrt(noise).toPrecision(3)}. ` +
        'The data may not come from a Hamiltonian system (damping, driving), may be noisier than assumed, or may need more training steps.',
    ];
  }
  return [];
}


/**
 * Runs a reproduce target: simulates its data sets, trains each model with
 * the engine (trainAndEvaluate), evaluates it on every test set and, for the
 * learned model, reads out the discovered span. All models of an experiment
 * share the preset, the seed and the data; their settings come from
 * resolveConfig, so the presets' defaults flow through unchanged.
 *
 * Stopping (signal): the model in training returns what it learned
 * (stopReason 'cancelled'), it is evaluated and recorded, and no further
 * model starts; the result says complete: false.
 */
import { backendLabel, backendThreads, initBackend, type BackendChoice } from '../backend/backend';
import type { PresetName } from '../util/choices';
import { parseModelSpec, resolveConfig, stripUndefined, type ModelConfig, type RunConfig, type TrainConfig } from '../util/config';
import type { Dataset } from '../data/types';
import { disposeOutput, runPipeline, type PipelineOutput } from '../discover/pipeline';
import type { TrainedModel } from '../discover/train';
import { hamiltonianGrid } from '../readout/hamiltonianGrid';
import { SIMULATE_DEFAULTS, simulateDataset } from '../sim/simulate';
import { oracleQuantities } from '../symmetry/oracles';
import { comparisonBudget } from '../discover/refit';
import type { SymmetryReport } from '../results/types';
import type { Metrics, RunOptions } from '../train/events';
import { evaluate } from '../train/evaluate';
import { withIntegrator } from '../train/integratorChoice';
import { dataScale, toModelData, type ModelData } from '../train/prepare';
import { TOOL_VERSION } from '../util/version';
import { learnedSpanAngles } from './angles';
import { modelSpec, type DataPlan, type ExperimentPlan, type ModelRole, type TargetPlan } from './targets';
import type { DataSetInfo, ExperimentResult, LearnedReadout, ModelRun, ReproduceResult } from './types';

export interface ReproduceSettings {
  preset: PresetName;
  /** The user's overrides of single knobs (kind and oracle are set per model). */
  model?: Partial<ModelConfig>;
  train?: Partial<TrainConfig>;
  backend?: BackendChoice;
  /** wasm backend: threads to compute with (default 1). */
  threads?: number;
  wasmDir?: string;
}

export interface ReproduceHooks extends RunOptions {
  /** Called for each simulated data set before training (e.g. to write its CSV); returns the file name to record. */
  onData?: (experiment: ExperimentPlan, set: DataPlan, ds: Dataset) => string | undefined;
}

/** --quick: a small network and few steps, so a target runs in seconds. The user's own knobs still win. */
export const QUICK_OVERRIDES: { model: Partial<ModelConfig>; train: Partial<TrainConfig> } = {
  model: { hidden: [16, 16], symmetrySamples: 8, weightSamples: 1 },
  train: { steps: 40, refitSteps: 20 },
};

/** Whether the learned model is refit: when it is compared with other models (figure3 only reads its spectrum). */
export function refitsLearned(exp: ExperimentPlan): boolean {
  return exp.models.includes('learned') && exp.models.length > 1;
}

/** The settings of one model of an experiment, through resolveConfig. */
export function modelConfig(
  plan: TargetPlan,
  exp: ExperimentPlan,
  role: ModelRole,
  dim: number,
  settings: ReproduceSettings,
  /** The training data in model units: with it, the integrator is chosen for them (as `discover` does). */
  data?: ModelData,
): RunConfig {
  const quick = plan.quick ? QUICK_OVERRIDES : { model: {}, train: {} };
  const own = settings.preset === 'fast' && !plan.quick ? (exp.fast ?? {}) : {};
  const config = resolveConfig(settings.preset, dim, {
    model: {
      ...quick.model,
      ...own.model,
      ...(exp.K !== undefined ? { K: exp.K } : {}),
      ...stripUndefined(settings.model ?? {}),
      ...parseModelSpec(modelSpec(role, exp.oracle)),
    },
    train: { ...quick.train, ...own.train, ...stripUndefined(settings.train ?? {}), seed: plan.seed },
  }, ((sys) => (sys === 'harmonic' || sys === 'oscillators' || sys === 'nbody' ? sys : undefined))(exp.train.spec.system));
  // Equal budgets: the others train as long as the learned model's final network (refit.ts comparisonBudget).
  const steps = role !== 'learned' && refitsLearned(exp) ? comparisonBudget(config) : config.train.steps;
  const budgeted: RunConfig = { ...config, train: { ...config.train, steps } };
  return data ? { ...budgeted, model: withIntegrator(config.model, data).model } : budgeted;
}

/**
 * Simulate an experiment's data sets and put them in model units: one scale,
 * from the training set with the first model's normalisation, shared by all
 * models and test sets (the bench times exactly this data).
 */
export function experimentData(plan: TargetPlan, exp: ExperimentPlan, settings: ReproduceSettings) {
  const trainDs = simulateDataset(exp.train.spec);
  const testDs = exp.tests.map((t) => simulateDataset(t.spec));
  const dim = trainDs.dim;
  const scale = dataScale(trainDs, modelConfig(plan, exp, exp.models[0], dim, settings).model.normalize);
  return { trainDs, testDs, dim, scale, trainData: toModelData(trainDs, scale), testData: testDs.map((ds) => toModelData(ds, scale)) };
}

export async function runTarget(plan: TargetPlan, settings: ReproduceSettings, hooks: ReproduceHooks = {}): Promise<ReproduceResult> {
  const t0 = Date.now();
  const backend = await initBackend(settings.backend ?? 'auto', { wasmDir: settings.wasmDir, wasmThreads: settings.threads });
  const threads = backendThreads();
  const result: ReproduceResult = {
    kind: 'noether-reproduce',
    version: 1,
    target: plan.target,
    tool: { name: 'noether-razor', version: TOOL_VERSION },
    createdAt: new Date().toISOString(),
    backend,
    ...(threads.threads > 1 ? { threads: threads.threads } : {}),
    preset: settings.preset,
    seed: plan.seed,
    quick: plan.quick,
    complete: true,
    seconds: 0,
    experiments: [],
  };
  const log = (message: string) => hooks.onEvent?.({ type: 'log', level: 'info', message });

  for (const exp of plan.experiments) {
    if (hooks.signal?.aborted) {
      result.complete = false;
      break;
    }
    const { trainDs, testDs, dim, scale, trainData, testData } = experimentData(plan, exp, settings);
    const info = (set: DataPlan, ds: Dataset): DataSetInfo => dataInfo(set, ds, hooks.onData?.(exp, set, ds));
    const er: ExperimentResult = {
      name: exp.name,
      title: exp.title,
      dim,
      oracle: exp.oracle,
      dataScale: scale,
      data: { train: info(exp.train, trainDs), tests: exp.tests.map((t, i) => info(t, testDs[i])) },
      paperTrain: exp.paperTrain,
      models: [],
    };
    result.experiments.push(er);
    log(`${plan.target} · ${exp.title}: ${trainDs.trajectories.length} training trajectories (${trainDs.transitions} transitions), backend ${backendLabel()}`);
    if (threads.note) log(threads.note);

    for (const [i, role] of exp.models.entries()) {
      if (hooks.signal?.aborted) {
        result.complete = false;
        break;
      }
      log(`${plan.target} · ${exp.name}: training ${role} (${i + 1} of ${exp.models.length})`);
      const config = modelConfig(plan, exp, role, dim, settings, trainData);
      const oracle = role === 'oracle' ? oracleQuantities(exp.oracle, dim) : undefined;
      const started = Date.now();
      // The learned model: read out its span, then refit on the verified quantities (the pipeline `discover` runs).
      const readoutWarnings: string[] = [];
      const out: PipelineOutput = await runPipeline({
        label: role,
        config,
        dataset: trainDs,
        train: trainData,
        oracle,
        readout: { truth: `oracle:${exp.oracle}`, nameEnergy: false, warnings: readoutWarnings },
        refit: refitsLearned(exp),
        stage: () => ({ signal: hooks.signal, onEvent: hooks.onEvent }),
        log: (message) => log(`${plan.target} · ${exp.name}: ${message}`),
      });
      const { first: stage1, final: trained } = out;
      try {
        const readout = out.report ? learnedReadout(stage1, out.report, readoutWarnings, exp, trainDs) : undefined;
        const refit = { info: out.refit };
        const tests: Record<string, Metrics> = {};
        exp.tests.forEach((t, k) => {
          tests[t.name] = evaluate(trained.model, testData[k], trainData.count, { seed: config.train.seed, maxRows: config.train.maxRows });
        });
        const run: ModelRun = {
          role,
          spec: modelSpec(role, exp.oracle),
          config,
          seed: config.train.seed,
          stopReason: trained.outcome.stopReason,
          stopMessage: trained.outcome.stopMessage,
          steps: stage1.outcome.steps,
          trainSeconds: stage1.outcome.seconds + (refit.info?.seconds ?? 0),
          wallSeconds: 0,
          metrics: { train: trained.metrics.train, tests },
        };
        if (readout) run.readout = readout;
        if (refit.info) run.refit = { ...refit.info, history: [] };
        if (out.seeds) run.seeds = out.seeds.info;
        if (plan.target === 'figure2') {
          const grid = hamiltonianGrid(trained.model, trained.scale, trained.config.train.seed, trainDs, squareBox(trainDs));
          run.hamiltonian = grid.H;
          result.figure2 ??= {
            q: grid.q,
            p: grid.p,
            trueH: grid.p.map((p) => grid.q.map((q) => 0.5 * (q * q + p * p))),
            train: grid.trajectories,
          };
        }
        run.wallSeconds = (Date.now() - started) / 1000;
        er.models.push(run);
        if (run.stopReason === 'cancelled') result.complete = false;
      } finally {
        disposeOutput(out);
      }
    }
    if (er.models.length < exp.models.length) result.complete = false;
  }
  result.seconds = (Date.now() - t0) / 1000;
  return result;
}

/** Rank, spectrum, parallelness and formulas of the learned span; angles to the truth for SE(2). */
function learnedReadout(m: TrainedModel, report: SymmetryReport, warnings: string[], exp: ExperimentPlan, trainDs: Dataset): LearnedReadout {
  const learned = m.model.learnedParameters();
  const truth = oracleQuantities(exp.oracle, trainDs.dim);
  const s = report.singularValues;
  const t = truth.length;
  const readout: LearnedReadout = {
    rank: report.rank,
    singularValues: s,
    parallelness: report.parallelness ?? [],
    quantities: report.conservedQuantities.map((q) => ({ formula: q.formula, name: q.name, conserved: q.conserved, drift: q.drift })),
    learned: report.learned,
    gapAtTrueRank: s.length > t && s[t] > 0 ? s[t - 1] / s[t] : null,
    warnings,
  };
  if (exp.oracle === 'se2') {
    const a = learnedSpanAngles(learned, report.rank, truth, m.scale);
    readout.angles = { quantities: truth.map((q) => q.label), perQuantity: a.perQuantity, principal: a.principal };
  }
  return readout;
}

/** A square around the origin holding every training state, so level sets of (q² + p²)/2 plot as circles. */
export function squareBox(ds: Dataset): { q: [number, number]; p: [number, number] } {
  let r = 0;
  for (const tr of ds.trajectories) for (const x of tr.states) for (const v of x) r = Math.max(r, Math.abs(v));
  return { q: [-r, r], p: [-r, r] };
}

function dataInfo(set: DataPlan, ds: Dataset, csv: string | undefined): DataSetInfo {
  const s = set.spec;
  return {
    name: set.name,
    system: s.system,
    ...(s.n !== undefined ? { n: s.n } : {}),
    ...(s.bodies !== undefined ? { bodies: s.bodies } : {}),
    trajectories: s.trajectories,
    steps: s.steps,
    dt: s.dt,
    seed: s.seed,
    qScale: s.qScale ?? SIMULATE_DEFAULTS.qScale,
    pScale: s.pScale ?? SIMULATE_DEFAULTS.pScale,
    qShift: s.qShift ?? SIMULATE_DEFAULTS.qShift,
    transitions: ds.transitions,
    ...(csv !== undefined ? { csv } : {}),
  };
}

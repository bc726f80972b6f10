/**
 * Every setting of a run, with the presets. The results file records the
 * resolved config in full, so a run can be repeated from it.
 */
import type { Integrator, ModelKind, PresetName } from './choices';
import { UsageError } from './errors';

export type { Integrator, ModelKind, PresetName } from './choices';

export interface ModelConfig {
  kind: ModelKind;
  /** Fixed symmetry for kind 'oracle': 'so2' | 'u<n>' | 'se2'. */
  oracle?: string;
  /** Number of learnable conserved quantities (kind 'learned'). */
  K: number;
  /** Hidden layer widths of the MLP F. */
  hidden: number[];
  /** ELU's alpha (the paper uses 2 for the single oscillator, 1 elsewhere). */
  eluAlpha: number;
  /** S: symmetry samples per weight sample. */
  symmetrySamples: number;
  /** R: Monte-Carlo weight samples per step. */
  weightSamples: number;
  /** Measure of epsilon: uniform on [-1,1]^K or in the unit ball of R^K. */
  epsMeasure: 'cube' | 'ball';
  /** 'random' i.i.d. draws, or 'stratified' (one per stratum, same measure). */
  epsSampling: 'random' | 'stratified';
  /** Scale of the group element: g = expm(groupScale * sum eps_k G_k). */
  groupScale: number;
  /** Std of the random init of the generators' W_k, b_k. */
  generatorInitStd: number;
  /**
   * Where the search's generators start: 'data' seeds the first ones with the
   * quadratic quantities the training data conserve (symmetry/candidates.ts;
   * none on data that conserve nothing) and the rest at random; 'random'
   * starts them all at random (the paper).
   */
  generatorInit: 'data' | 'random';
  integrator: Integrator;
  /**
   * 'auto': the job replaces integrator by the cheapest accurate one for the
   * data (src/core/train/integratorChoice.ts); 'fixed': use integrator as set.
   */
  integratorChoice: 'auto' | 'fixed';
  /** Integrator sub-steps per transition (training). */
  substeps: number;
  /** Initial std of each weight under the variational posterior. */
  posteriorInitStd: number;
  /** Learn the output-side Kronecker factor L_s (the authors' code freezes it). */
  learnOutputFactor: boolean;
  /** Prior precision lambda: fixed, or empirical Bayes (closed-form optimum). */
  prior: 'fixed' | 'empirical-bayes';
  priorPrecision: number;
  /** Observation noise variance sigma^2: fixed or learned by the ELBO. */
  noise: 'fixed' | 'learned';
  sigma2: number;
  /** Rescale the data by one global factor (canonical) before training. */
  normalize: 'scale' | 'none';
}

export interface TrainConfig {
  steps: number;
  /** Transitions per mini-batch (the whole set when larger). */
  batchSize: number;
  lr: number;
  /** Learning rate of the conserved quantities' parameters. */
  lrGenerators: number;
  /**
   * Their learning rate when the search starts from the data's candidates
   * (generatorInit 'data'): the seeds are already where the search should
   * end, and at 1e-2 Adam's early steps scatter them (docs/reproduction.md,
   * Table 3). --lr-generators sets both.
   */
  lrGeneratorsSeeded: number;
  /**
   * Learning rate of the posterior's scale parameters (log-diagonals and
   * off-diagonals of L_a, L_s). Equal to lr by default; since they are
   * log-parametrised, lr = 1e-3 moves the posterior std by ~0.1% a step, so
   * it stays near its initial value: 1e-2 lets the ELBO reach its optimum
   * posterior (docs/reproduction.md, "the posterior's learning rate").
   */
  lrPosterior?: number;
  /**
   * Steps of the refit after a learned run: the quantities verified as
   * conserved become fixed full-orbit generators and the network trains on
   * (src/core/discover/refit.ts). 0 turns the refit off; unset: `steps` ('fresh'),
   * half of them ('warm').
   */
  refitSteps?: number;
  /**
   * Where the refit's network starts: a new one from the seed, trained as
   * long as the first stage ('fresh', the default: the final model is then
   * trained as long as any model it is compared with), or the first stage's
   * network ('warm'). Measured in docs/reproduction.md (Table 2).
   */
  refitFrom: 'warm' | 'fresh';
  /** Symmetry samples of the refit; unset: 16 per fixed quantity, at most symmetrySamples. */
  refitSymmetrySamples?: number;
  seed: number;
  /** Emit a progress event every this many steps. */
  progressEvery: number;
  /**
   * Max row-evaluations (points x symmetry samples x integrator field
   * evaluations) held in one forward/backward pass; bounds memory (wasm heap 4 GB).
   */
  maxRows: number;
}

export interface RunConfig {
  preset: PresetName;
  model: ModelConfig;
  train: TrainConfig;
}


export const DEFAULT_MODEL: ModelConfig = {
  kind: 'learned',
  K: 4,
  hidden: [64, 64],
  eluAlpha: 1,
  symmetrySamples: 32,
  weightSamples: 1,
  epsMeasure: 'ball',
  epsSampling: 'stratified',
  groupScale: Math.PI,
  generatorInitStd: 0.01,
  generatorInit: 'data',
  integrator: 'rk4',
  integratorChoice: 'auto',
  substeps: 1,
  posteriorInitStd: 1e-3,
  learnOutputFactor: true,
  prior: 'fixed',
  priorPrecision: 1,
  noise: 'fixed',
  sigma2: 1e-3,
  normalize: 'scale',
};

export const DEFAULT_TRAIN: TrainConfig = {
  steps: 2000,
  batchSize: 128,
  lr: 1e-3,
  lrGenerators: 1e-2,
  lrGeneratorsSeeded: 1e-3,
  refitFrom: 'fresh',
  seed: 0,
  progressEvery: 10,
  maxRows: 65536,
};

/**
 * Learnable quantities when --K is not given: n^2 + 3 for n = dim/2 degrees of
 * freedom (room for U(n) plus a margin, so the rank is not capped by K), at
 * most 12 (the 2-d 3-body system has 7 quadratic invariants).
 */
export function defaultK(dim: number): number {
  const n = dim / 2;
  return Math.min(n * n + 3, 12);
}

/** Which of the paper's experiments a `paper` preset copies (their settings differ). */
export type PaperSystem = 'harmonic' | 'oscillators' | 'nbody';

/**
 * The paper's settings (docs/method.md §6, §8; the authors' scripts table1.sh,
 * table2.sh, table3.sh), per experiment. Batches there are whole trajectories
 * (7 × 4, 10 × 50, 20 × 50 transitions) and epochs × batches per epoch give
 * the steps. Without a system (user data) a 2-d phase space gets the single
 * oscillator's settings and anything larger the n oscillators'.
 */
export function paperPreset(dim: number, system: PaperSystem = dim === 2 ? 'harmonic' : 'oscillators'): { model: Partial<ModelConfig>; train: Partial<TrainConfig> } {
  const common: Partial<ModelConfig> = {
    epsSampling: 'random',
    integrator: 'euler',
    integratorChoice: 'fixed',
    learnOutputFactor: false,
    priorPrecision: 1,
    noise: 'fixed',
    sigma2: 1e-3,
    generatorInitStd: 0.01,
    generatorInit: 'random',
  };
  // The paper has no refit stage.
  const lrs = { lr: 1e-3, lrGenerators: 1e-2, refitSteps: 0 };
  if (system === 'harmonic') {
    return {
      model: { ...common, K: 1, hidden: [200, 200], eluAlpha: 2, symmetrySamples: 200, weightSamples: 20, epsMeasure: 'cube', substeps: 20, prior: 'fixed' },
      train: { ...lrs, steps: 5000, batchSize: 28 },
    };
  }
  if (system === 'oscillators') {
    return {
      model: { ...common, K: 30, hidden: [200, 200], eluAlpha: 1, symmetrySamples: 100, weightSamples: 5, epsMeasure: 'ball', substeps: 20, prior: 'fixed' },
      train: { ...lrs, steps: 40000, batchSize: 500 },
    };
  }
  return {
    // 3-body: the authors also start from a vanilla HNN pre-trained at Δt 0.1 (not done here).
    model: { ...common, K: 10, hidden: [250, 250, 250], eluAlpha: 1, symmetrySamples: 100, weightSamples: 2, epsMeasure: 'ball', substeps: 10, prior: 'empirical-bayes' },
    train: { ...lrs, steps: 10000, batchSize: 1000 },
  };
}

export function resolveConfig(
  preset: PresetName,
  dim: number,
  overrides: { model?: Partial<ModelConfig>; train?: Partial<TrainConfig> } = {},
  /** Which paper experiment `paper` copies (reproduce knows; user data: guessed from dim). */
  paperSystem?: PaperSystem,
): RunConfig {
  const base = preset === 'paper' ? paperPreset(dim, paperSystem) : { model: {}, train: {} };
  return {
    preset,
    model: { ...DEFAULT_MODEL, K: defaultK(dim), ...base.model, ...stripUndefined(overrides.model ?? {}) },
    train: { ...DEFAULT_TRAIN, ...base.train, ...stripUndefined(overrides.train ?? {}) },
  };
}

/** The entries of o that are set (so an unset option does not override a preset's value). */
export function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Parse 'vanilla' | 'learned' | 'oracle:<name>' into model settings. */
export function parseModelSpec(spec: string): Pick<ModelConfig, 'kind' | 'oracle'> {
  if (spec === 'vanilla' || spec === 'learned') return { kind: spec };
  const m = /^oracle:(\w+)$/.exec(spec);
  if (m) return { kind: 'oracle', oracle: m[1].toLowerCase() };
  throw new UsageError(`unknown model '${spec}'`, 'Use vanilla, learned, oracle:so2, oracle:u<n> (e.g. oracle:u3) or oracle:se2');
}

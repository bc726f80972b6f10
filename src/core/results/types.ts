/**
 * Results file, schema version 2 (docs/results-schema.md). Written by the CLI
 * and the extension, read back by the extension and `noether` itself. The
 * reader also accepts version 1 files, which lack the verdict fields (the
 * surfaces read both through src/shared/verdicts.ts).
 */
import type { ConservationVerdict, SymmetryVerdict } from '../../shared/verdicts';
import type { RunConfig } from '../util/config';
import type { Metrics, StopReason } from '../train/events';

/** Verdict 1 of a quantity: conserved on the data (src/core/conservation/). */
export interface ConservationInfo {
  verdict: ConservationVerdict;
  /** One sentence: what decided. */
  reason: string;
  /** χ²/dof of C's variation along the trajectories against the measurement noise (1: noise alone). */
  chi2PerDof: number;
  dof: number;
  /** Degrees of freedom of the noise estimate behind the test; null: σ is an upper bound, treated as known. */
  noiseDof: number | null;
  pValue: number;
  alpha: number;
  /** Unit-free: 0 for an invariant, O(1) for a generic quantity. */
  relativeDrift: number;
  /** Pooled slope dC/dt in C's units per time unit, and relative to C's spread over the data. */
  driftRate: { perTime: number; relativePerTime: number; standardError: number };
}

/** Verdict 2 of a quantity: a symmetry of H by the razor (src/core/razor/). */
export interface SymmetryTestInfo {
  verdict: SymmetryVerdict;
  reason: string;
  /** (−ELBO/N) without the symmetry minus with it (settled bounds): > 0 favours the symmetry. */
  evidence?: number;
  uncertainty?: number;
}

export interface ConservedQuantity {
  /** C(x) = 1/2 x^T A x + b^T x in user units, x = (q..., p...) in input.columns order. */
  A: number[][];
  b: number[];
  /** Plain text in the CSV's column names, e.g. "x*py - y*px". */
  formula: string;
  /** Unicode, e.g. "x·p_y − y·p_x". */
  unicode: string;
  latex: string;
  /** Known name if matched ("angular momentum", ...), else null. */
  name: string | null;
  /** What the symmetry it generates does ("rotation in the (x, y) plane", ...). */
  action: string;
  /** Relative drift along trajectories / spread across them. */
  drift: number;
  conserved: boolean;
  /** (M+1)x(M+1) generator [[J A, J b], [0, 0]]. */
  generator: number[][];
  /** |cos| of the angle with the named known quantity (or the closest one when name is null). */
  nameSimilarity?: number;
  /** Pooled within-trajectory std of C / std of C over all samples. */
  spreadRatio?: number;
  /** Centre x_c = -A^{-1} b of a quantity with invertible A (C = 1/2 (x-x_c)^T A (x-x_c) + const). */
  centre?: number[];
  /** How the reported quantity differs from the learned one, when the readout adjusted it (e.g. dropped a weakly identified centre). */
  adjustment?: string;
  /** Schema 2: conserved on the data (the calibrated test of the formula shown). */
  conservation?: ConservationInfo;
  /** Schema 2: a symmetry of H, by the evidence. */
  symmetryTest?: SymmetryTestInfo;
  /** Schema 2: how the formula shown came from the learned quantity: as learned, refined onto the data's conserved space, or cleaned; 'data': conserved on the data but outside the learned span (listed after the rank's quantities). */
  origin?: 'learned' | 'refined' | 'cleaned' | 'data';
  /** Schema 2: the learned quantity (user units) before refinement and cleaning, and its own test. */
  learnedQuantity?: { A: number[][]; b: number[]; conservation: ConservationInfo };
  /** Schema 2: angle (degrees, standardised coordinates) between the learned quantity and the data's conserved space. */
  angleToConserved?: number;
}

/** Where the search's generators started (src/core/symmetry/searchSeeds.ts; generatorInit 'data'). */
export interface SeedInfo {
  /** Generators seeded with the data's conserved quadratics (0: all random). */
  count: number;
  /** The readout's drift of each candidate on the training data. */
  drifts: number[];
  /** The generators' learning rate of the search. */
  lrGenerators: number;
  seconds: number;
}

/** The refit on the verified quantities (src/core/discover/refit.ts). */
export interface RefitInfo {
  steps: number;
  /** S of the refit (0 when it did not run). */
  symmetrySamples: number;
  seconds: number;
  stopReason: StopReason;
  stopMessage?: string;
  /** Formulas of the quantities fixed as full-orbit generators. */
  quantities: string[];
  /** Whether the refit model replaced the first stage's (lower −ELBO on the training data). */
  accepted: boolean;
  reason: string;
  /** The first stage's metrics (the results' metrics are the kept model's). */
  firstStage: { train: Metrics; test?: Metrics };
  history: ({ step: number } & Metrics)[];
  /** Other candidate groups refit and not chosen (higher training −ELBO/N): the point symmetries among the verified quantities, or all of them. */
  alternatives?: { quantities: string[]; negElbo: number; seconds: number }[];
}

export interface SymmetryReport {
  singularValues: number[];
  rank: number;
  conservedQuantities: ConservedQuantity[];
  /** Raw learned parameters in user units: C_k = 1/2 x^T (W+W^T) x + b^T x. */
  learned: { W: number[][]; b: number[] }[];
  /** With a known truth: parallelness of each right singular vector with the true span. */
  parallelness?: number[];
  /** Extra readout details (rank rule used, rotation centre, ...). */
  details?: Record<string, unknown>;
  /** Readout warnings (ambiguous rank, quantities not conserved on the data); the job copies them into Results.warnings. */
  warnings?: string[];
  /** Schema 2: can the data determine the family's conserved quantities at all? */
  identifiability?: { identifiable: boolean; reason: string; differences: number; familySize: number; needed?: number };
  /** Schema 2: the data's conserved space in the quadratic family (no network): its dimension and the smallest χ²/dof of the family. */
  conservedSpace?: { dimension: number; chi2PerDof: number[] };
}

/** Schema 2: the measurement noise estimated from the data (src/core/conservation/noise.ts). */
export interface NoiseReport {
  /** σ per coordinate, in the CSV's units, in input.columns order (q..., p...). */
  perCoordinate: number[];
  dof: number[];
  /** Divided-difference order behind each σ. */
  order: number[];
  /** True where σ is only an upper bound (no plateau: e.g. exact simulated data). */
  upperBound: boolean[];
  method: string;
}

/** Schema 2: the razor's comparison behind the symmetry verdicts (src/core/razor/evidence.ts). */
export interface RazorReport {
  verdict: SymmetryVerdict;
  reason: string;
  /** Formulas of the quantities the compared model is symmetrised over. */
  quantities: string[];
  /** The model compared against (the empty set of symmetries). */
  against: 'vanilla';
  difference: number;
  uncertainty: number;
  withSymmetry: { negElbo: number; kl: number; sigma2: number };
  without: { negElbo: number; kl: number; sigma2: number };
  settle: { steps: number; lr: number; evaluationSamples: number };
  /** Seconds spent settling and comparing (including the refit's choice). */
  seconds: number;
  /** The one noise variance of every compared likelihood (model units, per coordinate). */
  sigma2: number;
}

export interface Results {
  /** 2 when written by this version; 1 for files of earlier versions (read, never written). */
  schemaVersion: 1 | 2;
  tool: { name: 'noether-razor'; version: string };
  createdAt: string;
  command: string;
  input: {
    file: string;
    sha256: string;
    columns: { q: string[]; p: string[]; time: string | null; trajectory: string | null };
    trajectories: number;
    transitions: number;
    test?: { file: string; sha256: string; trajectories: number; transitions: number };
  };
  /**
   * Every setting; dataScale: x_model = x_user / dataScale; evaluation: how
   * metrics were computed; integratorRule: why model.integrator was chosen.
   */
  config: RunConfig & { seed: number; dataScale: number; evaluation: string; integratorRule?: string };
  backend: string;
  /** wasm threads the run computed with, when more than 1 (--threads). */
  threads?: number;
  training: {
    steps: number;
    seconds: number;
    stopReason: StopReason;
    stopMessage?: string;
    history: ({ step: number } & Metrics)[];
    /** Final noise variance (model coordinates) and per-layer prior precisions: learned or fixed. */
    hyperparameters?: { sigma2: number; priorPrecisions: number[] };
    /** Present when a refit on the verified quantities was considered. */
    refit?: RefitInfo;
    /** A learned run with generatorInit 'data': the seeds of its search. */
    seeds?: SeedInfo;
    /** Schema 2: steps and wall time of every stage of the job, in the order they ran. */
    stages?: { stage: 'analysis' | 'search' | 'training' | 'baseline' | 'refit' | 'razor'; steps: number; seconds: number }[];
  };
  /** Schema 2: the measurement noise estimated from the training data. */
  noise?: NoiseReport;
  /** Schema 2: the razor's comparison behind the symmetry verdicts (absent when it did not run). */
  razor?: RazorReport;
  metrics: { train: Metrics; test?: Metrics };
  warnings: string[];
  symmetry?: SymmetryReport;
  /** Other models trained in the same job (--baseline, reproduce). */
  /** With --baseline: -ELBO/N of the model and of the vanilla HNN; difference > 0 favours the symmetry. */
  evidence?: { negElboModel: number; negElboVanilla: number; difference: number };
  /**
   * Other models trained on the same data (--baseline). `steps`: the vanilla
   * baseline of a learned run trains as many steps as the learned model
   * and its refit together, so −ELBO is compared at an equal budget.
   */
  baselines?: { model: string; metrics: { train: Metrics; test?: Metrics }; seconds: number; stopReason: StopReason; steps?: number }[];
}

/** The name earlier code used for the results type (kept so that callers need not change at once). */
export type ResultsV1 = Results;

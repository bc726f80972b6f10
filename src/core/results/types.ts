/**
 * Results file, schema version 1 (docs/results-schema.md). Written by the CLI
 * and the extension, read back by the extension and `noether` itself.
 */
import type { RunConfig } from '../util/config';
import type { Metrics, StopReason } from '../train/events';

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
}

/** Where the search's generators started (src/core/searchSeeds.ts; generatorInit 'data'). */
export interface SeedInfo {
  /** Generators seeded with the data's conserved quadratics (0: all random). */
  count: number;
  /** The readout's drift of each candidate on the training data. */
  drifts: number[];
  /** The generators' learning rate of the search. */
  lrGenerators: number;
  seconds: number;
}

/** The refit on the verified quantities (src/core/refit.ts). */
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
  /** Readout warnings (ambiguous rank, quantities not conserved on the data); the job copies them into ResultsV1.warnings. */
  warnings?: string[];
}

export interface ResultsV1 {
  schemaVersion: 1;
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
  };
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

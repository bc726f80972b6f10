/**
 * The machine-readable result of `noether reproduce <target>` (<target>.json),
 * shape version 1. validate.ts checks it; markdown.ts and svg.ts render it.
 */
import type { RunConfig } from '../util/config';
import type { Metrics, StopReason } from '../train/events';
import type { RefitInfo, SeedInfo } from '../results/types';
import type { TargetName } from './targets';

export interface DataSetInfo {
  /** 'train', 'test', 'wider', 'shifted'. */
  name: string;
  system: string;
  n?: number;
  bodies?: number;
  trajectories: number;
  /** Transitions per trajectory. */
  steps: number;
  dt: number;
  /** Seed of the initial states (independent per data set). */
  seed: number;
  qScale: number;
  pScale: number;
  qShift: number;
  transitions: number;
  /** The CSV written next to the JSON (relative file name), when written. */
  csv?: string;
}

export interface LearnedReadout {
  rank: number;
  singularValues: number[];
  /** Parallelness of each right singular vector with the true span. */
  parallelness: number[];
  /** The canonical basis of the learned span, in the data's column names. */
  quantities: { formula: string; name: string | null; conserved: boolean; drift: number }[];
  /** The K learned (W_k, b_k) in the data's units (as results.symmetry.learned): enough to redo the readout later. */
  learned?: { W: number[][]; b: number[] }[];
  /** σ_t / σ_{t+1} at the true rank t (figure3; null when there is no (t+1)-th value). */
  gapAtTrueRank?: number | null;
  /** Table 3: angles (degrees) between the learned span and the true quantities. */
  angles?: { quantities: string[]; perQuantity: number[]; principal: number[] };
  warnings: string[];
}

export interface ModelRun {
  /** 'vanilla' | 'learned' | 'oracle'. */
  role: string;
  /** 'vanilla' | 'learned' | 'oracle:so2' … */
  spec: string;
  /** The full resolved settings (resolveConfig) — rerun with them. */
  config: RunConfig;
  seed: number;
  stopReason: StopReason;
  stopMessage?: string;
  steps: number;
  /** Training time (s). */
  trainSeconds: number;
  /** Training plus evaluation and readout (s). */
  wallSeconds: number;
  metrics: { train: Metrics; tests: Record<string, Metrics> };
  readout?: LearnedReadout;
  /** The learned model's refit on its verified quantities (history omitted); metrics are the kept model's. */
  refit?: RefitInfo;
  /** The learned model's search seeds (generatorInit 'data'). */
  seeds?: SeedInfo;
  /** figure2: H in user units on the grid of ReproduceResult.figure2. */
  hamiltonian?: number[][];
}

export interface ExperimentResult {
  name: string;
  title: string;
  dim: number;
  oracle: string;
  /** x_model = x_user / dataScale (from the training set). */
  dataScale: number;
  data: { train: DataSetInfo; tests: DataSetInfo[] };
  paperTrain?: { trajectories: number; steps: number };
  models: ModelRun[];
}

export interface ReproduceResult {
  kind: 'noether-reproduce';
  version: 1;
  target: TargetName;
  tool: { name: 'noether-razor'; version: string };
  createdAt: string;
  backend: string;
  /** wasm threads, when more than 1 (--threads). */
  threads?: number;
  preset: string;
  seed: number;
  quick: boolean;
  /** False when the run was stopped (Ctrl-C) or a model diverged before all models were trained. */
  complete: boolean;
  /** Total wall time (s), simulation included. */
  seconds: number;
  experiments: ExperimentResult[];
  /** figure2: the phase-space grid (user units) and the true H on it. */
  figure2?: { q: number[]; p: number[]; trueH: number[][]; train: { q: number[]; p: number[] }[] };
  /** Files written next to the JSON (Markdown, SVG, CSVs). */
  files?: string[];
}

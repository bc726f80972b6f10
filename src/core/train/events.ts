/**
 * What a running training reports. The CLI prints these, the extension's
 * worker forwards them to the webview unchanged.
 */

export interface Metrics {
  /** -ELBO per data point. */
  negElbo: number;
  /** Expected negative log-likelihood per data point. */
  nll: number;
  /** KL divergence / N. */
  kl: number;
  /** Mean squared one-step prediction error (per coordinate, user units). */
  mse: number;
}

export interface ProgressEvent extends Metrics {
  type: 'progress';
  /** Which model of the job is training (e.g. 'learned', 'vanilla'). */
  model: string;
  step: number;
  totalSteps: number;
  elapsedSec: number;
  etaSec: number;
  /** Where this step sits in the whole job (set by runJob; absent for a single training). */
  job?: JobProgress;
}

/** The stages of a discover job, in order; the extension shows one progress over all of them. */
/** 'training' is the main stage of a model without a search (vanilla, oracle). */
export type JobStage = 'search' | 'training' | 'baseline' | 'refit';

export interface JobProgress {
  stage: JobStage;
  /**
   * Every stage of the job with its planned steps. The refit's plan is an
   * estimate until the readout decides (it may be skipped, or run twice when
   * two candidate groups are compared).
   */
  stages: { stage: JobStage; steps: number }[];
  /** Steps of the whole job done, including this one. */
  step: number;
}

/** The learned generators' parameters so far (user-scaled model coordinates). */
export interface GeneratorSnapshotEvent {
  type: 'generators';
  model: string;
  step: number;
  /** K entries of W (M x M) and b (M). */
  learned: { W: number[][]; b: number[] }[];
}

export interface LogEvent {
  type: 'log';
  level: 'info' | 'warn';
  message: string;
}

export type TrainEvent = ProgressEvent | GeneratorSnapshotEvent | LogEvent;

export type { StopReason } from '../util/choices';

export interface RunOptions {
  /** Abort to stop; the run returns what it learned so far (stopReason 'cancelled'). */
  signal?: AbortSignal;
  onEvent?: (e: TrainEvent) => void;
}

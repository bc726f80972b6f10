/**
 * How a discover job's progress is worded, on every surface that shows it:
 * the extension host's notification and status bar (src/extension/runRecords.ts)
 * and the results panel's status line (webview/summary.ts). Pure: no vscode,
 * no DOM, types-only imports from core.
 */
import type { Results } from '../core/results/types';
import type { ProgressEvent } from '../core/train/events';

export const STAGE_NAMES: Record<string, string> = {
  search: 'searching for symmetries',
  training: 'training',
  baseline: 'training the vanilla baseline',
  refit: 'refitting under the verified symmetries',
};

/** Steps of the whole job done (the stage's own step for a single training). */
export function jobStep(e: ProgressEvent): number {
  return e.job ? e.job.step : e.step;
}

/** Steps the whole job plans: every stage's, search, baseline and refit together. */
export function jobTotal(e: ProgressEvent): number {
  return e.job ? e.job.stages.reduce((s, x) => s + x.steps, 0) : e.totalSteps;
}

/** Fraction of the whole job done (0..1); 0 before any progress. */
export function jobFraction(e: ProgressEvent | undefined): number {
  if (!e) return 0;
  const total = jobTotal(e);
  return total > 0 ? Math.min(1, jobStep(e) / total) : 0;
}

/** The stage in words, with its place: "refitting under the verified symmetries (stage 3 of 3)". */
export function stageText(e: ProgressEvent | undefined): string {
  if (!e) return 'loading the data';
  if (!e.job) return `training ${e.model}`;
  const i = e.job.stages.findIndex((s) => s.stage === e.job!.stage);
  const name = STAGE_NAMES[e.job.stage] ?? e.job.stage;
  return e.job.stages.length > 1 ? `${name} (stage ${i + 1} of ${e.job.stages.length})` : name;
}

/** The whole job's step so far and planned: "step 1200 of 4000". */
export function jobStepText(e: ProgressEvent | undefined): string {
  return e ? `step ${jobStep(e)} of ${jobTotal(e)}` : '';
}

/** Time left is estimated only after this long past the first progress event (its step includes warm-up). */
export const MIN_CLOCK_MS = 3000;

/**
 * Time left of the whole job, measured from `clock` (the first progress
 * event's job step and when it arrived, ms): "about 2 min left", or
 * "estimating…" until MIN_CLOCK_MS have passed and steps were made.
 */
export function timeLeftText(e: ProgressEvent | undefined, clock: { step: number; at: number } | undefined, now: number): string {
  if (!e || !clock) return 'estimating…';
  const step = jobStep(e);
  const elapsed = now - clock.at;
  if (elapsed < MIN_CLOCK_MS || step <= clock.step) return 'estimating…';
  const left = ((jobTotal(e) - step) * elapsed) / (step - clock.step) / 1000;
  return `about ${duration(left)} left`;
}

function duration(s: number): string {
  if (s < 60) return `${Math.max(1, Math.round(s / 5) * 5)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/**
 * The steps every training stage of a finished job took, from the results
 * (schema v2 `training.stages`): "search 2000 + baseline 2000 + refit 2000 steps".
 * Stages without steps (the analysis) are left out; the razor's settling steps
 * are counted with their stage's name. A v1 file (no stages) gives the search's steps.
 */
export function stagesStepsText(training: Pick<Results['training'], 'steps' | 'stages'>): string {
  const stages = (training.stages ?? []).filter((s) => s.steps > 0);
  if (stages.length === 0) return `${training.steps} steps`;
  return `${stages.map((s) => `${s.stage} ${s.steps}`).join(' + ')} steps`;
}

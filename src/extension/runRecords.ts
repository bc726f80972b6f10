/**
 * Bookkeeping of runs, free of vscode and worker threads: which runs exist,
 * what each one has reported (enough to replay it into a fresh panel), and
 * the one-training-per-file rule. The vscode side is runManager.ts.
 */
import type { ResultsV1 } from '../core/results/types';
import type { ProgressEvent, TrainEvent } from '../core/train/events';
import type { RunInfo } from '../shared/protocol';
import { jobFraction, jobStep, jobStepText as jobStepWords, stageText as stageWords, timeLeftText as timeLeftWords } from '../shared/progress';
export { MIN_CLOCK_MS } from '../shared/progress';

/** Replay keeps at most this many progress events per run (older ones thinned evenly). */
export const MAX_PROGRESS_EVENTS = 2000;

export interface Run {
  info: RunInfo;
  /** Progress and log events in order, and the latest generator snapshot (heatmaps need only the last). */
  events: TrainEvent[];
  results: ResultsV1 | null;
  startedAt: number;
  finishedAt?: number;
  /** When Stop was requested, and how long until the worker delivered the stopped result. */
  cancelRequestedAt?: number;
  cancelLatencyMs?: number;
  /** Extension-host event-loop delay during training (ms). */
  loopDelay?: { meanMs: number; p99Ms: number; maxMs: number };
  /** The first progress event's job step and arrival time: the time-left estimate measures from it (not from the slow first step). */
  clock?: { step: number; at: number };
}

/** What is saved to disk so a run can be shown again after a reload. */
export interface PersistedRun {
  version: 1;
  info: RunInfo;
  events: TrainEvent[];
  results: ResultsV1 | null;
  startedAt: number;
  finishedAt?: number;
}

export type RunChange = { runId: string; kind: 'added' | 'event' | 'status' | 'results' | 'removed'; event?: TrainEvent };

export class RunBook {
  private runs = new Map<string, Run>();
  private listeners: ((c: RunChange) => void)[] = [];
  private counter = 0;

  onChange(fn: (c: RunChange) => void): { dispose(): void } {
    this.listeners.push(fn);
    return { dispose: () => { this.listeners = this.listeners.filter((l) => l !== fn); } };
  }

  newRunId(now = Date.now()): string {
    return `run-${now.toString(36)}-${(this.counter++).toString(36)}`;
  }

  all(): Run[] {
    return [...this.runs.values()].sort((a, b) => b.startedAt - a.startedAt);
  }

  get(runId: string): Run | undefined {
    return this.runs.get(runId);
  }

  /** The run currently training on this file, if any. */
  activeForFile(file: string): Run | undefined {
    return this.all().find((r) => r.info.file === file && r.info.status === 'running');
  }

  /** The newest run of a file that has results. */
  latestWithResults(file: string): Run | undefined {
    return this.all().find((r) => r.info.file === file && r.results !== null);
  }

  /** Register a new training; refuses a second concurrent training of the same file. */
  add(info: RunInfo, now = Date.now()): Run {
    const busy = this.activeForFile(info.file);
    if (busy) throw new Error(`${info.fileName} is already being trained (run ${busy.info.runId}); stop it first`);
    const run: Run = { info: { ...info, status: 'running' }, events: [], results: null, startedAt: now };
    this.runs.set(info.runId, run);
    this.emit({ runId: info.runId, kind: 'added' });
    return run;
  }

  /** A restored run (from disk), shown but not training. */
  restore(p: PersistedRun): Run {
    const info = { ...p.info };
    // A run saved while training whose worker could not hand back a partial result before the reload.
    if (info.status === 'running') {
      info.status = 'cancelled';
      info.statusMessage = 'stopped by a window reload or shutdown before it could hand back its results; the curves so far are kept';
    }
    const run: Run = { info, events: p.events, results: p.results, startedAt: p.startedAt, finishedAt: p.finishedAt };
    this.runs.set(info.runId, run);
    this.emit({ runId: info.runId, kind: 'added' });
    return run;
  }

  addEvent(runId: string, e: TrainEvent, now = Date.now()): void {
    const run = this.runs.get(runId);
    if (!run) return;
    if (e.type === 'progress' && !run.clock) run.clock = { step: jobStep(e), at: now };
    if (e.type === 'generators') {
      const i = run.events.findIndex((x) => x.type === 'generators' && x.model === e.model);
      if (i >= 0) run.events.splice(i, 1);
      run.events.push(e);
    } else {
      run.events.push(e);
      if (e.type === 'progress') thinProgress(run.events);
    }
    this.emit({ runId, kind: 'event', event: e });
  }

  setStatus(runId: string, status: RunInfo['status'], message?: string, now = Date.now()): void {
    const run = this.runs.get(runId);
    if (!run) return;
    run.info = { ...run.info, status };
    if (message !== undefined) run.info.statusMessage = message; else delete run.info.statusMessage;
    if (status !== 'running') run.finishedAt ??= now;
    this.emit({ runId, kind: 'status' });
  }

  /** The worker's final answer: results mark the run completed, cancelled or diverged. */
  setResults(runId: string, results: ResultsV1, now = Date.now()): void {
    const run = this.runs.get(runId);
    if (!run) return;
    run.results = results;
    run.info = { ...run.info, backend: results.backend };
    if (run.cancelRequestedAt !== undefined) run.cancelLatencyMs = now - run.cancelRequestedAt;
    this.emit({ runId, kind: 'results' });
    this.setStatus(runId, results.training.stopReason, results.training.stopMessage, now);
  }

  markCancelRequested(runId: string, now = Date.now()): void {
    const run = this.runs.get(runId);
    if (run && run.cancelRequestedAt === undefined) run.cancelRequestedAt = now;
  }

  remove(runId: string): void {
    if (this.runs.delete(runId)) this.emit({ runId, kind: 'removed' });
  }

  persisted(runId: string): PersistedRun | undefined {
    const r = this.runs.get(runId);
    if (!r) return undefined;
    return { version: 1, info: r.info, events: r.events, results: r.results, startedAt: r.startedAt, finishedAt: r.finishedAt };
  }

  private emit(c: RunChange): void {
    for (const l of this.listeners) l(c);
  }
}

/** Keep the first and every other progress event once over the cap: curves keep their shape. */
function thinProgress(events: TrainEvent[]): void {
  const progress = events.filter((e): e is ProgressEvent => e.type === 'progress');
  if (progress.length <= MAX_PROGRESS_EVENTS) return;
  const keep = new Set<TrainEvent>(progress.filter((_, i) => i % 2 === 0 || i === progress.length - 1));
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i].type === 'progress' && !keep.has(events[i])) events.splice(i, 1);
  }
}

/** The latest progress event. */
export function latestProgress(run: Run): ProgressEvent | undefined {
  for (let i = run.events.length - 1; i >= 0; i--) {
    const e = run.events[i];
    if (e.type === 'progress') return e;
  }
  return undefined;
}

/** Fraction of the whole job done (0..1): search, baseline and refit together. */
export function progressFraction(run: Run): number {
  return jobFraction(latestProgress(run));
}

/** The stage in words, with its place: "refitting under the verified symmetries (stage 3 of 3)". */
export function stageText(run: Run): string {
  return stageWords(latestProgress(run));
}

/** Time left: measured from the first progress event (the first step includes warm-up), after MIN_CLOCK_MS. */
export function timeLeftText(run: Run, now = Date.now()): string {
  return timeLeftWords(latestProgress(run), run.clock, now);
}

/** The whole job's step count so far and planned: "step 1200 of 4000". */
export function jobStepText(run: Run): string {
  return jobStepWords(latestProgress(run));
}

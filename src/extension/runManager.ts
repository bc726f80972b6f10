/**
 * The run manager: starts a training worker per run, forwards its events into
 * the RunBook, shows one progress notification over the whole job (with
 * Cancel) and a status bar item, handles Stop, input errors, crashed workers
 * and a window reload or shutdown during training (the worker is stopped and
 * its partial result kept, marked cancelled), measures the extension host's
 * event-loop delay while training, and saves runs (through runStore.ts) so
 * panels, the tree and the CodeLens come back after a reload.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import { Worker } from 'worker_threads';
import * as vscode from 'vscode';
import type { JobRequest } from '../core/discover/types';
import { summarizeRun } from '../shared/verdicts';
import type { HostToWorker, InputLocation, RunInfo, WorkerToHost } from '../shared/protocol';
import type { Notifier } from './notify';
import { isLoadProgressText } from '../core/data/loadProgress';
import { RunBook, jobStepText, progressFraction, stageText, timeLeftText, type Run } from './runRecords';
import { RunStore } from './runStore';

/** After Stop, a worker that has not answered within this time is terminated. */
const STOP_GRACE_MS = 5000;
/** On a window reload or shutdown, how long to wait for a training worker's partial result. */
const SHUTDOWN_GRACE_MS = 2500;
/** A running run is saved at most this often (a reload that kills the host still finds its curves). */
const CHECKPOINT_MS = 2000;
/** Sampling interval of the event-loop delay histogram. */
const LOOP_RESOLUTION_MS = 10;

interface Training {
  worker: Worker;
  done: Promise<Run>;
  resolve: (r: Run) => void;
  stopTimer?: NodeJS.Timeout;
  loop: ReturnType<typeof monitorEventLoopDelay>;
  lastSaved: number;
  /** Why it is being stopped, when not by the user. */
  stopping?: 'shutdown';
}

/** A bad input reported by the worker: the run is dropped and the user told where. */
export interface InputProblem {
  file: string;
  message: string;
  location?: InputLocation;
  /** A column that looks like the trajectory id (time restarts where it changes). */
  trajectoryColumn?: string;
  request: JobRequest;
}

export class RunManager implements vscode.Disposable {
  readonly book = new RunBook();
  private store: RunStore;
  private training = new Map<string, Training>();
  private status: vscode.StatusBarItem;
  private statusState = { visible: false, text: '', tooltip: '' };
  private disposables: vscode.Disposable[] = [];
  private inputProblems = new vscode.EventEmitter<InputProblem>();
  /** Fired when the worker rejects the input: no run, no panel; extension.ts tells the user. */
  readonly onInputProblem = this.inputProblems.event;
  /** Asks the UI to show a run's panel (from a notification's "Show results"). */
  showResults: (runId: string) => void = () => undefined;

  constructor(private ctx: vscode.ExtensionContext, private log: vscode.OutputChannel, private notify: Notifier) {
    this.store = new RunStore(ctx, this.book, log);
    this.status = vscode.window.createStatusBarItem('noether.status', vscode.StatusBarAlignment.Left, 10);
    this.status.name = "Noether's Razor";
    this.disposables.push(this.status, this.inputProblems, this.book.onChange((c) => {
      if (c.kind === 'event' && c.event?.type !== 'progress') return;
      this.updateStatusBar();
      if (c.kind === 'event') this.checkpoint(c.runId);
    }));
  }

  /** What the status bar item shows (for the integration tests: the item has no getter). */
  statusBar(): { visible: boolean; text: string; tooltip: string } {
    return { ...this.statusState };
  }

  /** Start training `request` in a new worker. Throws if the file is already training. */
  start(request: JobRequest, columns: RunInfo['columns']): Run {
    const file = request.file;
    const info: RunInfo = {
      runId: this.book.newRunId(), file, fileName: path.basename(file), columns,
      preset: request.preset, seed: request.train?.seed ?? 0, backend: null, status: 'running',
    };
    const run = this.book.add(info);
    const runId = info.runId;
    const worker = new Worker(path.join(this.ctx.extensionPath, 'dist', 'worker.js'));
    const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    loop.enable();
    let resolve!: (r: Run) => void;
    const done = new Promise<Run>((r) => (resolve = r));
    const t: Training = { worker, done, resolve, loop, lastSaved: 0 };
    this.training.set(runId, t);
    this.updateStatusBar();

    worker.on('message', (m: WorkerToHost) => {
      switch (m.type) {
        case 'ready': return;
        case 'event': this.book.addEvent(runId, m.event); return;
        case 'result':
          this.book.setResults(runId, m.results);
          if (t.stopping === 'shutdown') {
            this.book.setStatus(runId, 'cancelled', 'stopped by a window reload or shutdown; partial results kept');
            this.book.addEvent(runId, { type: 'log', level: 'warn', message: `Training was stopped by a window reload or shutdown after ${m.results.training.steps} steps: the results are partial.` });
          }
          this.finish(runId);
          return;
        case 'error':
          if (m.userError) return this.rejectInput(runId, m, request);
          this.book.setStatus(runId, 'failed', m.message.split('\n')[0]);
          this.log.appendLine(`[${runId}] training failed: ${m.message}`);
          this.notify.show('error', `Noether's Razor: training of ${info.fileName} failed: ${m.message.split('\n')[0]}`, this.showAction(runId));
          this.finish(runId);
          return;
        default: {
          const unknown: never = m;
          this.log.appendLine(`[${runId}] unknown worker message ${JSON.stringify(unknown)}`);
        }
      }
    });
    // A crashed worker (uncaught error, out of memory, killed) ends the run; the editor carries on.
    worker.on('error', (e) => this.crashed(runId, /out of memory|ERR_WORKER_OUT_OF_MEMORY/i.test(`${(e as NodeJS.ErrnoException).code} ${e.message}`)
      ? 'the training worker ran out of memory' : `the training worker crashed: ${e.message}`));
    worker.on('exit', (code) => this.crashed(runId, `the training worker stopped unexpectedly (exit code ${code}: killed, or out of memory)`));
    const wasmDir = path.join(this.ctx.extensionPath, 'dist');
    worker.postMessage({ type: 'start', runId, request: { ...request, wasmDir } } satisfies HostToWorker);
    this.log.appendLine(`[${runId}] training ${file} (preset ${request.preset}, seed ${info.seed})`);
    this.showProgress(runId, done);
    this.save(runId, true);
    return run;
  }

  /** Resolves when the run has ended (completed, cancelled, diverged or failed; or dropped for bad input). */
  whenDone(runId: string): Promise<Run> {
    const t = this.training.get(runId);
    const run = this.book.get(runId);
    if (t) return t.done;
    if (run) return Promise.resolve(run);
    return Promise.reject(new Error(`no run ${runId}`));
  }

  /** The worker training `runId` (diagnostics; the integration tests kill one to check crash handling). */
  workerFor(runId: string): Worker | undefined {
    return this.training.get(runId)?.worker;
  }

  isTraining(runId: string): boolean {
    return this.training.has(runId);
  }

  trainingRuns(): Run[] {
    return [...this.training.keys()].map((id) => this.book.get(id)!).filter(Boolean);
  }

  /** Ask the worker to stop: it returns the partial result within one optimiser step. */
  stop(runId: string): void {
    const t = this.training.get(runId);
    if (!t) return;
    this.book.markCancelRequested(runId);
    t.worker.postMessage({ type: 'cancel', runId } satisfies HostToWorker);
    t.stopTimer ??= setTimeout(() => {
      if (!this.training.has(runId)) return;
      this.log.appendLine(`[${runId}] worker did not stop within ${STOP_GRACE_MS} ms: terminated`);
      this.book.setStatus(runId, 'cancelled', 'stopped (the worker did not answer and was terminated; the curves so far are kept, no final results)');
      this.finish(runId);
    }, STOP_GRACE_MS);
  }

  /**
   * A window reload or shutdown: stop every training, wait briefly for the
   * partial results (as the CLI does on Ctrl-C), save them marked cancelled.
   * A run whose worker does not answer in time is saved with its curves.
   */
  async shutdown(graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
    const pending = [...this.training.entries()];
    for (const [id, t] of pending) { t.stopping = 'shutdown'; this.stop(id); }
    await Promise.race([Promise.all(pending.map(([, t]) => t.done)), new Promise((r) => setTimeout(r, graceMs))]);
    for (const [id] of pending) {
      if (!this.training.has(id)) continue;
      this.book.setStatus(id, 'cancelled', 'stopped by a window reload or shutdown before it could hand back its results; the curves so far are kept');
      this.finish(id);
    }
  }

  /** The worker rejected the input: no run, no panel, no tree entry; extension.ts shows one message. */
  private rejectInput(runId: string, m: Extract<WorkerToHost, { type: 'error' }>, request: JobRequest): void {
    const run = this.book.get(runId)!;
    run.info = { ...run.info, status: 'failed', statusMessage: m.message }; // not announced: the run is dropped
    this.finish(runId, false);
    this.forget(runId);
    this.log.appendLine(`[${runId}] input rejected: ${m.message}`);
    this.inputProblems.fire({ file: run.info.file, message: m.message, location: m.location, trajectoryColumn: m.trajectoryColumn, request });
  }

  private crashed(runId: string, message: string): void {
    if (!this.training.has(runId)) return; // exit after a normal finish
    const run = this.book.get(runId)!;
    const steps = jobStepText(run);
    this.book.setStatus(runId, 'failed', `${message}${steps ? ` at ${steps}` : ''}; the curves so far are kept, no final results`);
    this.book.addEvent(runId, { type: 'log', level: 'warn', message: `${capitalize(message)}. The training curves so far are kept; there are no final results. The editor is unaffected.` });
    this.log.appendLine(`[${runId}] ${message}`);
    this.notify.show('error', `Noether's Razor: ${message} while training ${run.info.fileName}. The curves so far are kept; the editor is unaffected.`, this.showAction(runId));
    this.finish(runId);
  }

  private finish(runId: string, keep = true): void {
    const t = this.training.get(runId);
    if (!t) return;
    this.training.delete(runId);
    if (t.stopTimer) clearTimeout(t.stopTimer);
    t.loop.disable();
    const run = this.book.get(runId)!;
    // Histogram values are nanoseconds and include the sampling interval itself
    // (an idle loop reads ~LOOP_RESOLUTION_MS): report the delay beyond it.
    const excess = (ns: number) => (Number.isFinite(ns) ? Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS) : 0);
    run.loopDelay = { meanMs: excess(t.loop.mean), p99Ms: excess(t.loop.percentile(99)), maxMs: excess(t.loop.max) };
    this.log.appendLine(`[${runId}] ${run.info.status}${run.info.statusMessage ? ` (${run.info.statusMessage.split('\n')[0]})` : ''}; `
      + `extension host event-loop delay during training: mean ${run.loopDelay.meanMs.toFixed(1)} ms, `
      + `p99 ${run.loopDelay.p99Ms.toFixed(1)} ms, max ${run.loopDelay.maxMs.toFixed(1)} ms`
      + (run.cancelLatencyMs !== undefined ? `; stop took ${run.cancelLatencyMs} ms` : ''));
    void t.worker.terminate();
    this.updateStatusBar();
    if (keep) {
      this.save(runId);
      if (run.results && t.stopping !== 'shutdown') {
        this.announce(run);
        void this.checkFileUnchanged(runId);
      }
    }
    t.resolve(run);
  }

  /** The completion notification: the verdict in the shared wording, and "Show results". */
  private announce(run: Run): void {
    const r = run.results!;
    const headline = summarizeRun(r).headline;
    const steps = jobStepText(run);
    const name = run.info.fileName;
    if (run.info.status === 'completed') {
      this.notify.show('info', `Noether's Razor: ${name} done — ${headline}.`, this.showAction(run.info.runId));
    } else if (run.info.status === 'cancelled') {
      this.notify.show('info', `Noether's Razor: ${name} stopped${steps ? ` at ${steps}` : ''}; partial results kept — ${headline}.`, this.showAction(run.info.runId));
    } else {
      this.notify.show('warning', `Noether's Razor: training of ${name} diverged${r.training.stopMessage ? `: ${r.training.stopMessage}` : ''} — ${headline}.`, this.showAction(run.info.runId));
    }
  }

  private showAction(runId: string): Record<string, () => unknown> {
    return { 'Show results': () => this.showResults(runId) };
  }

  /** The results describe the bytes the worker read (sha256); say so when the file has changed since. */
  private async checkFileUnchanged(runId: string): Promise<void> {
    const run = this.book.get(runId);
    const want = run?.results?.input.sha256;
    if (!run || !want) return;
    let now: string | undefined;
    try {
      now = await sha256File(run.info.file);
    } catch {
      now = undefined; // deleted or unreadable: also changed
    }
    if (now === want) return;
    const message = `${run.info.fileName} has changed on disk since this run read it: the results describe the version that was read (sha256 ${want.slice(0, 12)}…)${now ? '' : '; the file is gone or unreadable now'}.`;
    this.book.addEvent(runId, { type: 'log', level: 'warn', message });
    this.log.appendLine(`[${runId}] ${message}`);
    this.save(runId);
  }

  private showProgress(runId: string, done: Promise<Run>): void {
    const run = this.book.get(runId)!;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Noether's Razor: ${run.info.fileName}`, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => this.stop(runId));
        let reported = 0;
        let lastMessageAt = 0;
        progress.report({ message: 'loading the data…' });
        const sub = this.book.onChange((c) => {
          if (c.runId !== runId || c.kind !== 'event') return;
          // Until training starts, a large file's loading: "reading data.csv: 40 % of 150 MiB".
          if (c.event?.type === 'log' && reported === 0 && isLoadProgressText(c.event.message)) {
            progress.report({ message: `${c.event.message}…` });
            return;
          }
          if (c.event?.type !== 'progress') return;
          const r = this.book.get(runId)!;
          const pct = Math.round(progressFraction(r) * 100);
          const now = Date.now();
          if (pct > reported || now - lastMessageAt > 1000) {
            // One bar over the whole job: it never moves back.
            progress.report({ increment: Math.max(0, pct - reported), message: `${stageText(r)} · ${jobStepText(r)} · ${timeLeftText(r, now)}` });
            reported = Math.max(reported, pct);
            lastMessageAt = now;
          }
        });
        return done.finally(() => sub.dispose());
      },
    );
  }

  private updateStatusBar(): void {
    const active = this.trainingRuns();
    if (active.length === 0) {
      this.status.hide();
      this.statusState = { visible: false, text: '', tooltip: '' };
      return;
    }
    const r = active[0];
    const pct = Math.round(progressFraction(r) * 100);
    this.status.text = `$(sync~spin) Noether ${pct}%${active.length > 1 ? ` (+${active.length - 1})` : ''}`;
    this.status.tooltip = `${r.info.fileName}: ${stageText(r)}, ${timeLeftText(r)}. Click to stop.`;
    this.status.command = { command: 'noether.stop', title: 'Stop', arguments: [r.info.runId] };
    this.status.show();
    this.statusState = { visible: true, text: this.status.text, tooltip: this.status.tooltip };
  }

  // ---- persistence (runStore.ts): runs in globalStorage, the list per workspace ----

  /** Save a running run now and then, so its curves survive a host that is killed. */
  private checkpoint(runId: string): void {
    const t = this.training.get(runId);
    if (!t || Date.now() - t.lastSaved < CHECKPOINT_MS) return;
    t.lastSaved = Date.now();
    this.save(runId);
  }

  private save(runId: string, index = false): void {
    this.store.save(runId, index);
  }

  /** The saved run, loaded into the book if needed (for restored panels). */
  ensureLoaded(runId: string): Promise<Run | undefined> {
    return this.store.load(runId);
  }

  /** Path of a saved run (the integration tests read it back). */
  savedFile(runId: string): string {
    return this.store.file(runId);
  }

  /** Load this workspace's saved runs (tree view and CodeLens show them after a reload). */
  restoreSaved(): Promise<void> {
    return this.store.loadAll();
  }

  private forget(runId: string): void {
    this.book.remove(runId);
    this.store.delete(runId);
  }

  async removeRun(runId: string): Promise<void> {
    this.stop(runId);
    this.forget(runId);
  }

  dispose(): void {
    // Still training (deactivate's shutdown() ran out of time): keep the curves, marked cancelled.
    for (const id of [...this.training.keys()]) {
      this.book.setStatus(id, 'cancelled', 'stopped by a window reload or shutdown before it could hand back its results; the curves so far are kept');
      this.finish(id);
    }
    for (const d of this.disposables) d.dispose();
  }
}

/** SHA-256 of a file, streamed (a large file does not block the host). */
export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    fs.createReadStream(file).on('data', (d) => h.update(d)).on('end', () => resolve(h.digest('hex'))).on('error', reject);
  });
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

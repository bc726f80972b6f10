/**
 * The run manager: starts a training worker per run, forwards its events into
 * the RunBook, shows a progress notification (with Cancel) and a status bar
 * item, handles Stop and crashed workers, measures the extension host's
 * event-loop delay while training, and saves finished runs so panels can be
 * restored after a window reload.
 */
import * as path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';
import { Worker } from 'worker_threads';
import * as vscode from 'vscode';
import type { DiscoverRequest } from '../core/discover/job';
import type { HostToWorker, RunInfo, WorkerToHost } from '../shared/protocol';
import { RunBook, progressFraction, type PersistedRun, type Run } from './runRecords';

/** After Stop, a worker that has not answered within this time is terminated. */
const STOP_GRACE_MS = 5000;
/** Finished runs kept on disk (per workspace). */
const MAX_SAVED_RUNS = 20;
const INDEX_KEY = 'noether.runs';
/** Sampling interval of the event-loop delay histogram. */
const LOOP_RESOLUTION_MS = 10;

interface Training {
  worker: Worker;
  done: Promise<Run>;
  resolve: (r: Run) => void;
  stopTimer?: NodeJS.Timeout;
  loop: ReturnType<typeof monitorEventLoopDelay>;
}

export class RunManager implements vscode.Disposable {
  readonly book = new RunBook();
  private training = new Map<string, Training>();
  private status: vscode.StatusBarItem;
  private disposables: vscode.Disposable[] = [];

  constructor(private ctx: vscode.ExtensionContext, private log: vscode.OutputChannel) {
    this.status = vscode.window.createStatusBarItem('noether.status', vscode.StatusBarAlignment.Left, 10);
    this.status.name = "Noether's Razor";
    this.disposables.push(this.status, this.book.onChange(() => this.updateStatusBar()));
  }

  /** Start training `request` in a new worker. Throws if the file is already training. */
  start(request: DiscoverRequest, columns: RunInfo['columns']): Run {
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
    const t: Training = { worker, done, resolve, loop };
    this.training.set(runId, t);

    const send = (m: HostToWorker) => worker.postMessage(m);
    worker.on('message', (m: WorkerToHost) => {
      if (m.type === 'event') this.book.addEvent(runId, m.event);
      else if (m.type === 'result') {
        this.book.setResults(runId, m.results);
        this.finish(runId);
      } else if (m.type === 'error') {
        this.book.setStatus(runId, 'failed', m.message);
        if (m.userError) void vscode.window.showErrorMessage(m.message);
        else {
          this.log.appendLine(`[${runId}] training failed: ${m.message}`);
          void vscode.window.showErrorMessage(`Noether's Razor: training of ${info.fileName} failed: ${m.message.split('\n')[0]}`);
        }
        this.finish(runId);
      }
    });
    // A crashed worker (uncaught error, out of memory, killed) ends the run; the editor carries on.
    worker.on('error', (e) => this.crashed(runId, `the training worker crashed: ${e.message}`));
    worker.on('exit', (code) => this.crashed(runId, `the training worker exited unexpectedly (exit code ${code})`));
    const wasmDir = path.join(this.ctx.extensionPath, 'dist');
    send({ type: 'start', runId, request: { ...request, wasmDir } });
    this.log.appendLine(`[${runId}] training ${file} (preset ${request.preset}, seed ${info.seed})`);
    this.showProgress(runId, done);
    return run;
  }

  /** Resolves when the run has ended (completed, cancelled, diverged or failed). */
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
      this.book.setStatus(runId, 'cancelled', 'stopped (the worker did not answer and was terminated; no partial result)');
      this.finish(runId);
    }, STOP_GRACE_MS);
  }

  private crashed(runId: string, message: string): void {
    if (!this.training.has(runId)) return; // exit after a normal finish
    this.book.setStatus(runId, 'failed', message);
    this.log.appendLine(`[${runId}] ${message}`);
    void vscode.window.showErrorMessage(`Noether's Razor: ${message}. The run was abandoned; the editor is unaffected.`);
    this.finish(runId);
  }

  private finish(runId: string): void {
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
    t.resolve(run);
    void this.save(runId);
  }

  private showProgress(runId: string, done: Promise<Run>): void {
    const run = this.book.get(runId)!;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Noether's Razor: ${run.info.fileName}`, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => this.stop(runId));
        let reported = 0;
        let lastMessageAt = 0;
        const sub = this.book.onChange((c) => {
          if (c.runId !== runId || c.kind !== 'event' || c.event?.type !== 'progress') return;
          const e = c.event;
          const pct = Math.round(progressFraction(this.book.get(runId)!) * 100);
          const now = Date.now();
          if (pct > reported || now - lastMessageAt > 1000) {
            progress.report({ increment: Math.max(0, pct - reported),
              message: `${e.model}: step ${e.step}/${e.totalSteps}, −ELBO ${e.negElbo.toPrecision(4)}, ${Math.round(e.etaSec)} s left` });
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
    if (active.length === 0) { this.status.hide(); return; }
    const r = active[0];
    const pct = Math.round(progressFraction(r) * 100);
    this.status.text = `$(sync~spin) Noether ${pct}%${active.length > 1 ? ` (+${active.length - 1})` : ''}`;
    this.status.tooltip = `Training on ${r.info.fileName}: click to stop`;
    this.status.command = { command: 'noether.stop', title: 'Stop', arguments: [r.info.runId] };
    this.status.show();
  }

  // ---- persistence: finished runs in globalStorage, the list per workspace ----

  private runFile(runId: string): vscode.Uri {
    return vscode.Uri.joinPath(this.ctx.globalStorageUri, 'runs', `${runId}.json`);
  }

  private async save(runId: string): Promise<void> {
    const p = this.book.persisted(runId);
    if (!p) return;
    try {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(this.ctx.globalStorageUri, 'runs'));
      await vscode.workspace.fs.writeFile(this.runFile(runId), Buffer.from(JSON.stringify(p)));
      const index = [runId, ...this.ctx.workspaceState.get<string[]>(INDEX_KEY, []).filter((id) => id !== runId)];
      for (const old of index.splice(MAX_SAVED_RUNS)) {
        await vscode.workspace.fs.delete(this.runFile(old)).then(undefined, () => undefined);
      }
      await this.ctx.workspaceState.update(INDEX_KEY, index);
    } catch (e) {
      this.log.appendLine(`[${runId}] could not save the run: ${(e as Error).message}`);
    }
  }

  /** The saved run, loaded into the book if needed (for restored panels). */
  async ensureLoaded(runId: string): Promise<Run | undefined> {
    const have = this.book.get(runId);
    if (have) return have;
    try {
      const bytes = await vscode.workspace.fs.readFile(this.runFile(runId));
      const p = JSON.parse(Buffer.from(bytes).toString('utf8')) as PersistedRun;
      if (p.version !== 1 || p.info?.runId !== runId) return undefined;
      return this.book.get(runId) ?? this.book.restore(p);
    } catch {
      return undefined;
    }
  }

  /** Load this workspace's saved runs (tree view and CodeLens show them after a reload). */
  async restoreSaved(): Promise<void> {
    for (const id of this.ctx.workspaceState.get<string[]>(INDEX_KEY, []).slice().reverse()) await this.ensureLoaded(id);
  }

  async removeRun(runId: string): Promise<void> {
    this.stop(runId);
    this.book.remove(runId);
    await this.ctx.workspaceState.update(INDEX_KEY, this.ctx.workspaceState.get<string[]>(INDEX_KEY, []).filter((id) => id !== runId));
    await vscode.workspace.fs.delete(this.runFile(runId)).then(undefined, () => undefined);
  }

  dispose(): void {
    for (const [id, t] of this.training) { t.loop.disable(); void t.worker.terminate(); this.training.delete(id); }
    for (const d of this.disposables) d.dispose();
  }
}

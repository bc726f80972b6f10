/**
 * Saved runs, so panels, the tree and the CodeLens come back after a reload:
 * each run as `<runId>.json` under the extension's global storage (node fs,
 * synchronous writes: they must work during a shutdown), and per workspace
 * the list of its runs, newest first, at most MAX_SAVED_RUNS. The run manager
 * (runManager.ts) decides when to save. Types-only vscode import, so the
 * store is unit-tested on its own (test/unit/extension/runStore.test.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as vscode from 'vscode';
import type { PersistedRun, Run, RunBook } from './runRecords';

/** Runs kept on disk (per workspace). */
export const MAX_SAVED_RUNS = 20;
/** workspaceState key of the workspace's list of saved run ids, newest first. */
export const INDEX_KEY = 'noether.runs';

export class RunStore {
  constructor(
    private ctx: Pick<vscode.ExtensionContext, 'globalStorageUri' | 'workspaceState'>,
    private book: RunBook,
    private log: Pick<vscode.OutputChannel, 'appendLine'>,
  ) {}

  private runsDir(): string {
    return path.join(this.ctx.globalStorageUri.fsPath, 'runs');
  }

  /** Path of a saved run (the integration tests read it back). */
  file(runId: string): string {
    return path.join(this.runsDir(), `${runId}.json`);
  }

  /** Write the run as the book has it now; `index`: also list it first in the workspace's runs (dropping the oldest). */
  save(runId: string, index = false): void {
    const p = this.book.persisted(runId);
    if (!p) return;
    try {
      fs.mkdirSync(this.runsDir(), { recursive: true });
      const file = this.file(runId);
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(p));
      fs.renameSync(`${file}.tmp`, file);
      if (index) {
        const ids = [runId, ...this.ctx.workspaceState.get<string[]>(INDEX_KEY, []).filter((id) => id !== runId)];
        for (const old of ids.splice(MAX_SAVED_RUNS)) fs.rmSync(this.file(old), { force: true });
        void this.ctx.workspaceState.update(INDEX_KEY, ids);
      }
    } catch (e) {
      this.log.appendLine(`[${runId}] could not save the run: ${(e as Error).message}`);
    }
  }

  /** The run, from the book or else loaded from disk into it; undefined when missing or unreadable. */
  async load(runId: string): Promise<Run | undefined> {
    const have = this.book.get(runId);
    if (have) return have;
    try {
      const p = JSON.parse(await fs.promises.readFile(this.file(runId), 'utf8')) as PersistedRun;
      if (p.version !== 1 || p.info?.runId !== runId) return undefined;
      return this.book.get(runId) ?? this.book.restore(p);
    } catch {
      return undefined;
    }
  }

  /** Load this workspace's saved runs into the book, oldest first. */
  async loadAll(): Promise<void> {
    for (const id of this.ctx.workspaceState.get<string[]>(INDEX_KEY, []).slice().reverse()) await this.load(id);
  }

  /** Delete the saved run and its entry in the workspace's list (the book is the caller's). */
  delete(runId: string): void {
    void this.ctx.workspaceState.update(INDEX_KEY, this.ctx.workspaceState.get<string[]>(INDEX_KEY, []).filter((id) => id !== runId));
    fs.rmSync(this.file(runId), { force: true });
  }
}

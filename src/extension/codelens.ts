/**
 * A CodeLens on a CSV/TSV file's header line: what was found for this file
 * (or that it is training, or an offer to discover).
 */
import * as vscode from 'vscode';
import { summarizeRun } from '../shared/verdicts';
import { progressFraction, stageText } from './runRecords';
import type { RunManager } from './runManager';

export const DATA_FILES: vscode.DocumentSelector = [
  { scheme: 'file', pattern: '**/*.csv' },
  { scheme: 'file', pattern: '**/*.tsv' },
];

export class HeaderLens implements vscode.CodeLensProvider, vscode.Disposable {
  private changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private sub: { dispose(): void };

  constructor(private runs: RunManager) {
    this.sub = runs.book.onChange((c) => { if (c.kind !== 'event') this.changed.fire(); });
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (doc.lineCount === 0) return [];
    const range = doc.lineAt(0).range;
    const file = doc.uri.fsPath;
    const active = this.runs.book.activeForFile(file);
    if (active) {
      const pct = Math.round(progressFraction(active) * 100);
      return [
        new vscode.CodeLens(range, { title: `$(sync~spin) Noether's Razor: ${stageText(active)}… ${pct}%`, command: 'noether.showResults', arguments: [active.info.runId] }),
        new vscode.CodeLens(range, { title: 'Stop', command: 'noether.stop', arguments: [active.info.runId] }),
      ];
    }
    const done = this.runs.book.latestWithResults(file);
    if (done?.results) {
      return [
        new vscode.CodeLens(range, { title: `Noether's Razor: ${summarizeRun(done.results).headline}${done.info.status === 'completed' ? '' : ` (${done.info.status}: partial)`}`, command: 'noether.showResults', arguments: [done.info.runId] }),
        new vscode.CodeLens(range, { title: 'Discover again', command: 'noether.discover', arguments: [doc.uri] }),
      ];
    }
    return [new vscode.CodeLens(range, { title: "Noether's Razor: Discover Symmetries", command: 'noether.discover', arguments: [doc.uri] })];
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}

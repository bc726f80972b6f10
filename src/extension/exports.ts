/**
 * Export a run's results as JSON (schema v1, validated before writing) or as
 * a Markdown report, through the save dialog and workspace.fs.
 *
 * Test hook: when the environment variable NOETHER_EXPORT_DIR is set (the
 * end-to-end test sets it for code-server), exports skip the dialog and are
 * written into that folder under their default names.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { ResultsV1 } from '../core/results/types';
import { validateResults } from '../core/results/validate';
import { resultsToMarkdown } from './markdown';

export type ExportKind = 'json' | 'markdown';

/** Write the export; returns the file written, or undefined when the user cancelled. */
export async function exportResults(results: ResultsV1, kind: ExportKind): Promise<vscode.Uri | undefined> {
  const source = results.input.file;
  const base = path.basename(source).replace(/\.(csv|tsv|txt)$/i, '');
  const name = kind === 'json' ? `${base}.noether.json` : `${base}.noether.md`;
  let target: vscode.Uri | undefined;
  const testDir = process.env.NOETHER_EXPORT_DIR;
  if (testDir) target = vscode.Uri.file(path.join(testDir, name));
  else {
    target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(path.join(path.dirname(source), name)),
      filters: kind === 'json' ? { 'Results (JSON)': ['json'] } : { Markdown: ['md'] },
      title: kind === 'json' ? 'Export Results as JSON' : 'Export Report as Markdown',
    });
  }
  if (!target) return undefined;
  let text: string;
  if (kind === 'json') {
    // Never write a file that our own reader would reject.
    validateResults(results, target.fsPath);
    text = JSON.stringify(results, null, 2) + '\n';
  } else {
    text = resultsToMarkdown(results);
  }
  await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  return target;
}

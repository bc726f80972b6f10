/**
 * The "Conserved Quantities" tree view: runs, and under each run the
 * quantities it found (formula, name, drift). Selecting a quantity reveals it
 * in the run's panel.
 */
import * as vscode from 'vscode';
import { conservationBadge, summarizeRun, symmetryBadge, verdictPhrase, verdictsOf, type Tone } from '../shared/verdicts';
import type { Run } from './runRecords';
import type { RunManager } from './runManager';

type Node = { kind: 'run'; runId: string } | { kind: 'quantity'; runId: string; index: number };

export class QuantitiesTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private sub: { dispose(): void };

  constructor(private runs: RunManager) {
    // Progress events would redraw the tree ~10 times a second for nothing: only status changes matter.
    this.sub = runs.book.onChange((c) => { if (c.kind !== 'event') this.changed.fire(undefined); });
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.runs.book.all().map((r) => ({ kind: 'run', runId: r.info.runId }));
    if (node.kind !== 'run') return [];
    const qs = this.runs.book.get(node.runId)?.results?.symmetry?.conservedQuantities ?? [];
    return qs.map((_, index) => ({ kind: 'quantity', runId: node.runId, index }));
  }

  getParent(node: Node): Node | undefined {
    return node.kind === 'quantity' ? { kind: 'run', runId: node.runId } : undefined;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const run = this.runs.book.get(node.runId);
    if (!run) return new vscode.TreeItem('(removed)');
    if (node.kind === 'run') return runItem(run);
    const q = run.results!.symmetry!.conservedQuantities[node.index];
    const v = verdictsOf(q);
    const c = conservationBadge(v.conservation);
    const sym = symmetryBadge(v.symmetry);
    const item = new vscode.TreeItem(q.unicode, vscode.TreeItemCollapsibleState.None);
    item.id = `${node.runId}/${node.index}`;
    item.description = [c.text, v.symmetry !== 'not tested' ? sym.text : '', q.name ?? ''].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(`**${q.name ?? 'Candidate quantity'}**: ${verdictPhrase(q)}\n\n\`${q.formula}\`\n\n${q.action}\n\nrelative drift ${q.drift.toPrecision(3)}`);
    item.iconPath = toneIcon(c.tone);
    item.contextValue = 'noether.quantity';
    item.command = { command: 'noether.revealQuantity', title: 'Show in panel', arguments: [node.runId, node.index] };
    return item;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}

function runItem(run: Run): vscode.TreeItem {
  const qs = run.results?.symmetry?.conservedQuantities;
  const item = new vscode.TreeItem(run.info.fileName,
    qs && qs.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = run.info.runId;
  const when = new Date(run.startedAt).toLocaleTimeString();
  const summary = run.results ? summarizeRun(run.results, 1) : undefined;
  const counted = summary ? countText(summary.conserved, summary.candidates) : '';
  const what = run.info.status === 'running' ? 'training…'
    : summary ? `${counted}${run.info.status !== 'completed' ? ` (${run.info.status})` : ''}` : run.info.status;
  item.description = `${what} · ${run.info.preset} · ${when}`;
  item.tooltip = `${run.info.file}\n${summary ? summary.headline + '\n' : ''}${run.info.statusMessage ?? run.info.status}`;
  item.iconPath = new vscode.ThemeIcon(run.info.status === 'running' ? 'sync~spin'
    : run.info.status === 'completed' ? 'pass' : run.info.status === 'failed' ? 'error' : 'debug-stop');
  item.contextValue = run.info.status === 'running' ? 'noether.run.training' : 'noether.run';
  item.command = { command: 'noether.showResults', title: 'Show Results', arguments: [run.info.runId] };
  return item;
}

/** "1 of 3 candidates conserved", "none of 2 candidates conserved", "no candidates". */
export function countText(conserved: number, candidates: number): string {
  if (candidates === 0) return 'no conserved quantity';
  const of = `${candidates} candidate${candidates === 1 ? '' : 's'}`;
  return conserved === 0 ? `none of ${of} conserved` : `${conserved} of ${of} conserved`;
}

function toneIcon(tone: Tone): vscode.ThemeIcon {
  switch (tone) {
    case 'ok': return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'warn': return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    case 'bad': return new vscode.ThemeIcon('close', new vscode.ThemeColor('testing.iconFailed'));
    case 'muted': return new vscode.ThemeIcon('question');
    default: { const never: never = tone; return never; }
  }
}

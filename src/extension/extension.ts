/**
 * Extension entry point: commands, menus' handlers, the tree view, the
 * CodeLens and the panel serializer. Training happens in a worker thread
 * (worker.ts) managed by runManager.ts; the panel's host side is panel.ts.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { formatCsv } from '../core/data/write';
import { isInputError } from '../core/util/errors';
import { simulate } from '../core/sim/simulate';
import { HeaderLens, DATA_FILES } from './codelens';
import type { InputLocation } from '../shared/protocol';
import { Notifier } from './notify';
import { checkSize, decideColumns, readHeader, trajectoryOffer } from './columnDetection';
import { pickColumns } from './columnQuickPick';
import { EXAMPLES } from './examples';
import { exportResults, type ExportKind } from './exports';
import { PanelManager } from './panel';
import type { Run } from './runRecords';
import { RunManager, type InputProblem } from './runManager';
import { buildRequest, readSettings, type FileChoices } from './settings';
import { QuantitiesTree } from './tree';

const CHOICES_KEY = (file: string) => `noether.choices:${file}`;

/** What activate() returns: used by the integration tests (test/extension/). */
export interface NoetherApi {
  runs: RunManager;
  panels: PanelManager;
  tree: QuantitiesTree;
  lens: HeaderLens;
  /** Every notification shown, with its actions (the tests read and "click" them). */
  notifier: Notifier;
  /** Start a discovery on `uri` without any prompt (the choices must be detectable or remembered). */
  discover(uri: vscode.Uri, opts?: { ask?: boolean }): Promise<Run | undefined>;
  /** The prompts the extension shows, replaceable by the tests (the quick pick would wait for a user). */
  ui: { pickColumns: typeof pickColumns };
}

let active: RunManager | undefined;

export function activate(ctx: vscode.ExtensionContext): NoetherApi {
  const log = vscode.window.createOutputChannel("Noether's Razor");
  const notifier = new Notifier();
  const runs = new RunManager(ctx, log, notifier);
  active = runs;
  const ui: NoetherApi['ui'] = { pickColumns };
  const panels = new PanelManager(ctx, runs, {
    exportJson: (id) => doExport(id, 'json'),
    exportMarkdown: (id) => doExport(id, 'markdown'),
  }, log);
  runs.showResults = (id) => panels.show(id);
  const tree = new QuantitiesTree(runs);
  const treeView = vscode.window.createTreeView('noether.quantities', { treeDataProvider: tree, showCollapseAll: true });
  const lens = new HeaderLens(runs);
  ctx.subscriptions.push(log, runs, panels, tree, treeView, lens,
    vscode.languages.registerCodeLensProvider(DATA_FILES, lens),
    runs.onInputProblem((p) => void onInputProblem(p)),
    // A run's panel opens when training starts (bad input opens none), or when it ends without results.
    runs.book.onChange((c) => {
      const run = runs.book.get(c.runId);
      if (!run) { opening.delete(c.runId); return; }
      if (!opening.has(c.runId)) return;
      if ((c.kind === 'event' && c.event?.type === 'progress') || (c.kind === 'status' && run.info.status !== 'running')) {
        opening.delete(c.runId);
        panels.show(c.runId, true);
      }
    }));
  const opening = new Set<string>();
  void runs.restoreSaved();

  /** One message for a bad input, with "Go to line" when it has a place in the file. */
  function showInputError(message: string, location?: InputLocation): void {
    const file = location?.file;
    notifier.show('error', message, file && location?.line !== undefined ? { 'Go to line': () => openAt({ ...location, file }) } : {});
  }

  async function onInputProblem(p: InputProblem): Promise<void> {
    if (!p.trajectoryColumn) return showInputError(p.message, p.location);
    // Time restarts where a column changes: offer it as the trajectory column in the quick pick.
    const file = p.file;
    const header = readHeader(file);
    const { suggestion, reason } = trajectoryOffer(file, header, p.trajectoryColumn);
    const settings = readSettings((k) => vscode.workspace.getConfiguration('noether', vscode.Uri.file(file)).get(k));
    const picked = await ui.pickColumns(path.basename(file), header, suggestion, reason, ctx.workspaceState.get<FileChoices>(CHOICES_KEY(file))?.preset ?? settings.preset, openDataFormatGuide);
    if (!picked) return;
    await ctx.workspaceState.update(CHOICES_KEY(file), picked);
    await startRun(file, picked);
  }

  function openDataFormatGuide(): Thenable<unknown> {
    return vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(ctx.extensionUri, 'docs', 'data-format.md'));
  }

  /** Open the CSV at a 1-based line and field (column) number, the field selected. */
  async function openAt(loc: InputLocation & { file: string }): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(loc.file));
    const line = Math.min(Math.max((loc.line ?? 1) - 1, 0), Math.max(doc.lineCount - 1, 0));
    const text = doc.lineAt(line).text;
    const [start, end] = fieldRange(text, loc.column);
    const range = new vscode.Range(line, start, line, end);
    return vscode.window.showTextDocument(doc, { selection: range, preview: false });
  }

  /** Every command handler: user errors become one-line notifications, bugs are logged, nothing throws into VS Code. */
  const guard = <A extends unknown[]>(fn: (...a: A) => Promise<unknown> | unknown) => async (...a: A) => {
    try {
      return await fn(...a);
    } catch (e) {
      if (isInputError(e)) showInputError(e.format(), e.location);
      else {
        log.appendLine(`error: ${(e as Error)?.stack ?? e}`);
        notifier.show('error', `Noether's Razor: ${(e as Error)?.message ?? e}`);
      }
      return undefined;
    }
  };

  async function startRun(file: string, choices: FileChoices): Promise<Run> {
    const settings = readSettings((k) => vscode.workspace.getConfiguration('noether', vscode.Uri.file(file)).get(k));
    const request = buildRequest(file, choices, settings);
    const c = choices.columns;
    const run = runs.start(request, { q: c.q, p: c.p, time: c.time ?? null, trajectory: c.trajectory ?? null });
    opening.add(run.info.runId);
    return run;
  }

  async function discover(uri: vscode.Uri | undefined, opts: { ask?: boolean } = {}): Promise<Run | undefined> {
    uri ??= vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file') {
      void vscode.window.showInformationMessage("Noether's Razor: open or right-click a .csv or .tsv file of trajectories to discover its symmetries.");
      return undefined;
    }
    const file = uri.fsPath;
    const busy = runs.book.activeForFile(file);
    if (busy) {
      panels.show(busy.info.runId);
      void vscode.window.showInformationMessage(`${busy.info.fileName} is already training: stop it first to start again.`);
      return undefined;
    }
    const settings = readSettings((k) => vscode.workspace.getConfiguration('noether', uri).get(k));
    checkSize(file); // a file over the loader's limit is refused here, with its size and the limit
    const header = readHeader(file);
    const remembered = ctx.workspaceState.get<FileChoices>(CHOICES_KEY(file));
    const decision = decideColumns(file, header, opts.ask ? undefined : remembered);
    let choices: FileChoices;
    if (decision.kind === 'ready' && !opts.ask) choices = decision.choices;
    else {
      const suggestion = decision.kind === 'ask' ? decision.suggestion : { ...decision.choices.columns, unpaired: [], ambiguous: [] };
      const reason = decision.kind === 'ask' ? decision.reason : 'Choose the columns and the preset for this file.';
      const picked = await ui.pickColumns(path.basename(file), header, suggestion, reason, remembered?.preset ?? settings.preset, openDataFormatGuide);
      if (!picked) return undefined;
      choices = picked;
      await ctx.workspaceState.update(CHOICES_KEY(file), choices);
    }
    return startRun(file, choices);
  }

  /** The run a command refers to: its argument, the focused panel's, the active file's, or a pick. */
  async function pickRun(arg: unknown, filter: (r: Run) => boolean, what: string): Promise<Run | undefined> {
    if (typeof arg === 'string') return runs.book.get(arg) ?? runs.ensureLoaded(arg);
    const panelRun = panels.activeRunId();
    const candidates = runs.book.all().filter(filter);
    const fromPanel = candidates.find((r) => r.info.runId === panelRun);
    if (fromPanel) return fromPanel;
    const file = arg instanceof vscode.Uri ? arg.fsPath : vscode.window.activeTextEditor?.document.uri.fsPath;
    const forFile = candidates.filter((r) => r.info.file === file);
    const pool = forFile.length > 0 ? forFile : candidates;
    if (pool.length <= 1) {
      if (pool.length === 0) notifier.show('info', `Noether's Razor: no run to ${what}.`);
      return pool[0];
    }
    const pick = await vscode.window.showQuickPick(pool.map((r) => ({
      label: r.info.fileName, description: `${r.info.status} · ${new Date(r.startedAt).toLocaleTimeString()}`, run: r,
    })), { placeHolder: `Which run to ${what}?` });
    return pick?.run;
  }

  async function doExport(runId: string | undefined, kind: ExportKind): Promise<vscode.Uri | undefined> {
    const run = await pickRun(runId, (r) => r.results !== null, kind === 'json' ? 'export as JSON' : 'export as Markdown');
    if (!run?.results) return undefined;
    const written = await exportResults(run.results, kind);
    if (written) {
      log.appendLine(`exported ${written.fsPath}`);
      void vscode.window.showInformationMessage(`Exported ${path.basename(written.fsPath)}`, 'Open').then((a) => {
        if (a === 'Open') void vscode.commands.executeCommand('vscode.open', written);
      });
    }
    return written;
  }

  async function generateExample(): Promise<vscode.Uri | undefined> {
    const choice = await vscode.window.showQuickPick(EXAMPLES.map((e) => ({ label: e.label, detail: e.detail, e })),
      { placeHolder: 'Which system should be simulated?' });
    if (!choice) return undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const testDir = process.env.NOETHER_EXPORT_DIR;
    const target = testDir ? vscode.Uri.file(path.join(testDir, choice.e.fileName))
      : await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, choice.e.fileName) : undefined,
        filters: { CSV: ['csv'] }, title: 'Save the example dataset',
      });
    if (!target) return undefined;
    const sim = simulate(choice.e.spec);
    await vscode.workspace.fs.writeFile(target, Buffer.from(formatCsv(sim.columns, sim.trajectories), 'utf8'));
    await vscode.window.showTextDocument(target);
    void vscode.window.showInformationMessage(`Wrote ${path.basename(target.fsPath)}: right-click it and choose "Discover Symmetries".`,
      'Discover Now').then((a) => { if (a) void vscode.commands.executeCommand('noether.discover', target); });
    return target;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- command arguments are whatever VS Code passes
  const cmd = (id: string, fn: (...a: any[]) => unknown) => ctx.subscriptions.push(vscode.commands.registerCommand(id, guard(fn)));
  cmd('noether.discover', (uri?: vscode.Uri) => discover(uri));
  cmd('noether.discoverWithOptions', (uri?: vscode.Uri) => discover(uri, { ask: true }));
  cmd('noether.stop', async (arg?: unknown) => {
    const run = await pickRun(arg, (r) => runs.isTraining(r.info.runId), 'stop');
    if (run) runs.stop(run.info.runId);
  });
  cmd('noether.exportJson', (arg?: unknown) => doExport(typeof arg === 'string' ? arg : undefined, 'json'));
  cmd('noether.exportMarkdown', (arg?: unknown) => doExport(typeof arg === 'string' ? arg : undefined, 'markdown'));
  cmd('noether.generateExample', generateExample);
  cmd('noether.showResults', async (arg?: unknown) => {
    const run = await pickRun(arg, () => true, 'show');
    if (run) panels.show(run.info.runId);
  });
  cmd('noether.revealQuantity', (runId: string, index: number) => panels.reveal(runId, index));
  cmd('noether.removeRun', (node?: { runId?: string; id?: string } | string) => {
    const id = typeof node === 'string' ? node : node?.runId ?? node?.id;
    if (id) return runs.removeRun(id);
  });

  return { runs, panels, tree, lens, notifier, discover: (uri, o) => discover(uri, o), ui };
}

/**
 * A window reload or shutdown: stop the trainings and keep their partial
 * results, marked cancelled (restored with the panels after a reload).
 * Disposables are released afterwards through ctx.subscriptions.
 */
export function deactivate(): Promise<void> | undefined {
  const runs = active;
  active = undefined;
  return runs?.shutdown();
}

/** Character range [start, end) of 1-based field `column` in a delimited line (quotes respected); the whole line if unknown. */
export function fieldRange(text: string, column?: number): [number, number] {
  if (!column || column < 1) return [0, text.length];
  const delimiter = [',', '\t', ';'].reduce((best, d) => (text.split(d).length > text.split(best).length ? d : best), ',');
  let field = 1;
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    if (i === text.length || (!quoted && ch === delimiter)) {
      if (field === column) return [start, i];
      field++;
      start = i + 1;
    }
  }
  return [text.length, text.length]; // a missing field: the end of the line
}

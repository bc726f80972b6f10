/**
 * Integration tests inside a real VS Code extension host (code-server), with
 * the real engine. The workspace (scripts/e2e/harness.mjs makeWorkspace) holds
 * the bundled harmonic-oscillator data as data.csv and small training settings.
 */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { NoetherApi } from '../../src/extension/extension';
import { createHash } from 'crypto';
import type { Run } from '../../src/extension/runRecords';
import { summarizeRun } from '../../src/shared/verdicts';
import { measurements } from './measurements';

const ws = vscode.workspace.workspaceFolders![0].uri.fsPath;
const data = vscode.Uri.file(path.join(ws, 'data.csv'));
let api: NoetherApi;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, f: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  for (const end = Date.now() + timeoutMs; ;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
/** The newest notification matching `re` (the extension records each one with its actions). */
function notice(re: RegExp) {
  return [...api.notifier.shown].reverse().find((n) => re.test(n.message));
}
async function withSteps<T>(steps: number | undefined, fn: () => Promise<T>): Promise<T> {
  const cfg = vscode.workspace.getConfiguration('noether');
  await cfg.update('steps', steps, vscode.ConfigurationTarget.Workspace);
  try { return await fn(); } finally { await cfg.update('steps', undefined, vscode.ConfigurationTarget.Workspace); }
}
function loopDelay(run: Run, label: string): void {
  assert.ok(run.loopDelay, 'the run manager measured the event-loop delay');
  const d = run.loopDelay!;
  measurements[`${label}.loopDelayMeanMs`] = +d.meanMs.toFixed(2);
  measurements[`${label}.loopDelayP99Ms`] = +d.p99Ms.toFixed(2);
  measurements[`${label}.loopDelayMaxMs`] = +d.maxMs.toFixed(2);
  console.log(`${label}: extension host event-loop delay during training: mean ${d.meanMs.toFixed(1)} ms, p99 ${d.p99Ms.toFixed(1)} ms, max ${d.maxMs.toFixed(1)} ms`);
}

describe("Noether's Razor in the extension host", function () {
  this.timeout(300_000);

  before(async () => {
    const ext = vscode.extensions.getExtension<NoetherApi>('noether-razor.noether-razor');
    assert.ok(ext, 'the extension is installed');
    api = await ext!.activate();
  });

  it('activates implicitly (no "*") and registers every command', async () => {
    const pkg = vscode.extensions.getExtension('noether-razor.noether-razor')!.packageJSON;
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.ok(pkg.activationEvents.includes('onWebviewPanel:noether.results'));
    const all = await vscode.commands.getCommands(true);
    for (const c of ['noether.discover', 'noether.discoverWithOptions', 'noether.stop', 'noether.exportJson',
      'noether.exportMarkdown', 'noether.generateExample', 'noether.showResults', 'noether.revealQuantity']) {
      assert.ok(all.includes(c), `${c} is registered`);
    }
  });

  it('discovers on a small CSV: results, a panel, a tree entry, and the host stays responsive', async () => {
    const t0 = Date.now();
    const run = await vscode.commands.executeCommand<Run>('noether.discover', data);
    assert.ok(run, 'a run started');
    assert.ok(api.runs.statusBar().visible, 'the status bar shows the training');
    await until('its panel opened', () => api.panels.hasPanel(run.info.runId) || undefined, 120_000);
    const done = await api.runs.whenDone(run.info.runId);
    measurements['discover.seconds'] = +((Date.now() - t0) / 1000).toFixed(2);
    assert.equal(done.info.status, 'completed', done.info.statusMessage);
    const r = done.results!;
    assert.ok([1, 2].includes(r.schemaVersion));
    assert.deepEqual(r.input.columns, { q: ['q'], p: ['p'], time: 't', trajectory: 'trajectory' });
    assert.equal(r.input.trajectories, 7);
    assert.equal(r.training.steps, 100);
    assert.deepEqual(r.config.model.hidden, [16, 16], 'workspace settings reach the engine');
    assert.equal(r.config.model.symmetrySamples, 8);
    assert.ok(r.symmetry, 'the readout ran');
    assert.ok(done.events.some((e) => e.type === 'progress'), 'progress events arrived');
    measurements['discover.rank'] = r.symmetry!.rank;
    measurements['discover.backend'] = r.backend;
    loopDelay(done, 'discover');
    // The host is never blocked for long while the worker trains.
    assert.ok(done.loopDelay!.p99Ms < 200, `event-loop p99 ${done.loopDelay!.p99Ms} ms`);
    assert.deepEqual(api.panels.webviewErrors, []);
    // Item 2: the status bar item goes away when the run ends.
    assert.deepEqual(api.runs.statusBar(), { visible: false, text: '', tooltip: '' });
    // Item 4: one progress over the whole job (it never went back) and a completion notification with the verdict.
    const jobSteps = done.events.flatMap((e) => (e.type === 'progress' && e.job ? [e.job.step] : []));
    assert.ok(jobSteps.length > 0 && jobSteps.every((x, i) => i === 0 || x > jobSteps[i - 1]), 'the job step only grows');
    const n = notice(/data\.csv done/);
    assert.ok(n, 'a completion notification');
    assert.ok(n!.message.includes(summarizeRun(r).headline), n!.message);
    assert.ok(n!.actions['Show results'], 'with "Show results"');
  });

  it('every summary states the verdicts from src/shared/verdicts.ts: an unconserved candidate is never counted as conserved', async () => {
    const done = api.runs.book.latestWithResults(data.fsPath)!;
    const results = JSON.parse(JSON.stringify(done.results));
    // The same run with its candidates unconserved (as the pendulum and damped data give).
    for (const q of results.symmetry.conservedQuantities) { q.conserved = false; delete q.conservation; }
    if (results.symmetry.conservedQuantities.length === 0) {
      results.symmetry.conservedQuantities.push({ A: [[2, 0], [0, 1.9]], b: [0, 0], formula: 'q^2 + 0.95 p^2', unicode: 'q² + 0.95p²', latex: 'q^2', name: null, action: 'a flow', drift: 0.3, conserved: false, generator: [[0]] });
      results.symmetry.rank = 1;
    }
    const file = path.join(ws, 'unconserved.csv');
    fs.copyFileSync(data.fsPath, file);
    const id = api.runs.book.newRunId();
    api.runs.book.add({ ...done.info, runId: id, file, fileName: 'unconserved.csv' });
    api.runs.book.setResults(id, { ...results, input: { ...results.input, file } });
    const summary = summarizeRun(api.runs.book.get(id)!.results!);
    assert.equal(summary.conserved, 0);
    const doc = await vscode.workspace.openTextDocument(file);
    const lens = api.lens.provideCodeLenses(doc)[0].command!.title;
    assert.equal(lens, `Noether's Razor: ${summary.headline}`);
    assert.doesNotMatch(lens, /\d conserved quantit/);
    const runItem = api.tree.getTreeItem({ kind: 'run', runId: id });
    assert.match(String(runItem.description), /^none of \d+ candidates? conserved/);
    const qItem = api.tree.getTreeItem({ kind: 'quantity', runId: id, index: 0 });
    assert.match(String(qItem.description), /✗ not conserved/);
    await api.runs.removeRun(id);
  });

  it('exports schema-valid JSON and a Markdown report with $…$ math', async () => {
    const run = api.runs.book.latestWithResults(data.fsPath)!;
    const json = await vscode.commands.executeCommand<vscode.Uri>('noether.exportJson', run.info.runId);
    assert.ok(json, 'the JSON export was written');
    const text = fs.readFileSync(json.fsPath, 'utf8');
    const parsed = JSON.parse(text);
    assert.deepEqual(parsed, JSON.parse(JSON.stringify(run.results)));
    const { validateResults } = await import('../../src/core/results/validate');
    validateResults(parsed, json.fsPath);
    const md = await vscode.commands.executeCommand<vscode.Uri>('noether.exportMarkdown', run.info.runId);
    const report = fs.readFileSync(md.fsPath, 'utf8');
    assert.match(report, /^# Noether's Razor: conserved quantities of data\.csv/);
    if (run.results!.symmetry!.rank > 0) assert.match(report, /\| 1 \| \$[^$]+\$ \|/);
  });

  it('Stop ends training within 1 s and keeps the partial result; one training per file', async () => {
    const cfg = vscode.workspace.getConfiguration('noether');
    await cfg.update('steps', 100_000, vscode.ConfigurationTarget.Workspace);
    try {
      const run = await vscode.commands.executeCommand<Run>('noether.discover', data);
      assert.ok(run);
      const id = run.info.runId;
      await until('training progress', () => run.events.filter((e) => e.type === 'progress').length >= 3, 120_000);
      // A second discovery of the same file while it trains is refused (and starts nothing).
      const before = api.runs.book.all().length;
      assert.equal(await vscode.commands.executeCommand('noether.discover', data), undefined);
      assert.equal(api.runs.book.all().length, before);
      const t0 = Date.now();
      await vscode.commands.executeCommand('noether.stop', id);
      const done = await api.runs.whenDone(id);
      const wall = Date.now() - t0;
      measurements['cancel.latencyMs'] = done.cancelLatencyMs ?? wall;
      console.log(`cancel to stopped: ${done.cancelLatencyMs} ms (command to run end ${wall} ms)`);
      assert.equal(done.info.status, 'cancelled');
      assert.ok(done.results, 'the partial result is kept');
      assert.equal(done.results!.training.stopReason, 'cancelled');
      assert.ok(done.results!.training.steps > 0 && done.results!.training.steps < 100_000);
      assert.ok(done.cancelLatencyMs! < 1000, `stopped after ${done.cancelLatencyMs} ms`);
      assert.equal(api.runs.statusBar().visible, false, 'the status bar clears after a stop');
      assert.ok(notice(/data\.csv stopped at step \d+ of \d+; partial results kept/), 'a notification says it stopped and kept the partial results');
      loopDelay(done, 'cancel');
    } finally {
      await cfg.update('steps', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('a crashed worker is reported, the run marked failed, and the file can be trained again', async () => {
    const cfg = vscode.workspace.getConfiguration('noether');
    await cfg.update('steps', 100_000, vscode.ConfigurationTarget.Workspace);
    try {
      const run = await vscode.commands.executeCommand<Run>('noether.discover', data);
      assert.ok(run);
      await until('training progress', () => run.events.some((e) => e.type === 'progress'), 120_000);
      await until('its panel', () => api.panels.hasPanel(run.info.runId) || undefined, 60_000);
      const progressBefore = run.events.filter((e) => e.type === 'progress').length;
      await api.runs.workerFor(run.info.runId)!.terminate(); // as if the worker thread died (killed, out of memory)
      const done = await api.runs.whenDone(run.info.runId);
      assert.equal(done.info.status, 'failed');
      assert.match(done.info.statusMessage!, /training worker stopped unexpectedly .*killed, or out of memory.*the curves so far are kept/);
      assert.equal(api.runs.book.activeForFile(data.fsPath), undefined);
      assert.equal(api.runs.statusBar().visible, false, 'the status bar clears after a crash');
      // The panel says what happened (a warning it shows), and the partial curves are kept, on disk too.
      assert.ok(done.events.some((e) => e.type === 'log' && e.level === 'warn' && /stopped unexpectedly.*curves so far are kept/.test(e.message)));
      assert.ok(done.events.filter((e) => e.type === 'progress').length >= progressBefore && progressBefore > 0);
      assert.ok(api.panels.hasPanel(run.info.runId));
      const saved = JSON.parse(fs.readFileSync(api.runs.savedFile(run.info.runId), 'utf8'));
      assert.equal(saved.info.status, 'failed');
      assert.ok(saved.events.some((e: { type: string }) => e.type === 'progress'));
      assert.ok(notice(/stopped unexpectedly.*the editor is unaffected/));
      const again = await vscode.commands.executeCommand<Run>('noether.discover', data);
      assert.ok(again, 'a new run of the same file starts');
      await until('training progress', () => again.events.some((e) => e.type === 'progress'), 120_000);
      await vscode.commands.executeCommand('noether.stop', again.info.runId);
      assert.equal((await api.runs.whenDone(again.info.runId)).info.status, 'cancelled');
    } finally {
      await cfg.update('steps', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('a bad cell: one message with "Go to line" (opens the CSV at the line and field), no run, no panel; an empty file likewise', async () => {
    const bad = path.join(ws, 'bad.csv');
    fs.writeFileSync(bad, 't,q,p\n0,1,2\n0.1,abc,3\n');
    const run = await vscode.commands.executeCommand<Run>('noether.discover', vscode.Uri.file(bad));
    assert.ok(run);
    await api.runs.whenDone(run.info.runId);
    assert.equal(api.runs.book.get(run.info.runId), undefined, 'no run (no tree entry)');
    assert.equal(api.panels.hasPanel(run.info.runId), false, 'no panel');
    assert.ok(!fs.existsSync(api.runs.savedFile(run.info.runId)), 'nothing saved');
    const n = notice(/bad\.csv:3:2: /)!;
    assert.ok(n, 'one message naming the file, line and column');
    assert.equal(api.notifier.shown.filter((x) => x.message.includes('bad.csv')).length, 1, 'said once');
    assert.doesNotMatch(n.message, /\n|    at /, 'one line, no stack trace');
    assert.equal(n.kind, 'error');
    const editor = await n.actions['Go to line']() as vscode.TextEditor;
    assert.equal(editor.document.uri.fsPath, bad);
    assert.deepEqual([editor.selection.start.line, editor.selection.start.character, editor.selection.end.character], [2, 4, 7], 'the cell "abc" is selected');

    const empty = path.join(ws, 'empty.csv');
    fs.writeFileSync(empty, '');
    const count = api.runs.book.all().length;
    assert.equal(await vscode.commands.executeCommand('noether.discover', vscode.Uri.file(empty)), undefined);
    assert.equal(api.runs.book.all().length, count);
    const e = notice(/empty\.csv:1: the file is empty\. Write a header line/);
    assert.ok(e, 'the empty file gets the same kind of message, capitalised');
    assert.ok(e!.actions['Go to line']);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a file over the size limit is refused at once with its size and the limit; the host stays responsive', async () => {
    const big = path.join(ws, 'big.csv');
    fs.writeFileSync(big, 't,q,p\n');
    fs.truncateSync(big, 600 * 1024 * 1024); // sparse: 600 MiB on paper, nothing on disk
    try {
      const count = api.runs.book.all().length;
      const t0 = Date.now();
      let ticks = 0;
      const timer = setInterval(() => ticks++, 10);
      assert.equal(await vscode.commands.executeCommand('noether.discover', vscode.Uri.file(big)), undefined);
      clearInterval(timer);
      const ms = Date.now() - t0;
      measurements['largeFile.refuseMs'] = ms;
      assert.ok(ms < 2000, `refused after ${ms} ms`);
      assert.equal(api.runs.book.all().length, count, 'no run');
      assert.ok(notice(/big\.csv: the file is 600 MiB, larger than the 512 MiB limit\. Split it/), 'size and limit named');
    } finally {
      fs.rmSync(big, { force: true });
    }
  });

  it('a large file is read by the worker with progress (every 10 %), the host stays responsive', async () => {
    const big = path.join(ws, 'large.csv');
    // About 20 MB, one trajectory; a bad cell on the last line ends the run after loading (no training).
    const rows = ['t,q,p'];
    for (let i = 0; i < 600_000; i++) rows.push(`${(0.001 * i).toFixed(3)},${Math.cos(0.001 * i).toFixed(9)},${(-Math.sin(0.001 * i)).toFixed(9)}`);
    rows.push('600.001,oops,0');
    fs.writeFileSync(big, rows.join('\n') + '\n');
    const said: string[] = [];
    let maxGap = 0;
    let last = Date.now();
    const timer = setInterval(() => { const now = Date.now(); maxGap = Math.max(maxGap, now - last); last = now; }, 10);
    try {
      const run = await vscode.commands.executeCommand<Run>('noether.discover', vscode.Uri.file(big));
      assert.ok(run);
      const sub = api.runs.book.onChange((c) => { if (c.runId === run.info.runId && c.event?.type === 'log') said.push(c.event.message); });
      await api.runs.whenDone(run.info.runId);
      sub.dispose();
      clearInterval(timer);
      measurements['largeFile.hostMaxGapMs'] = maxGap;
      const reading = said.filter((m) => /^reading large\.csv: \d+ % of /.test(m));
      const parsing = said.filter((m) => /^parsing large\.csv: \d+ % of /.test(m));
      assert.ok(reading.length >= 3 && parsing.length >= 9, `progress lines: ${JSON.stringify(said)}`);
      assert.match(reading.at(-1)!, /: 100 % of 1\d(\.\d)? MiB$/);
      assert.match(parsing.at(-1)!, /: 9\d % of /, 'parsed up to the bad cell on the last line');
      assert.ok(notice(/large\.csv:600002:2: /), 'the bad cell is reported after the whole file was read');
      assert.ok(maxGap < 500, `the extension host's timer was held up ${maxGap} ms`);
    } finally {
      clearInterval(timer);
      fs.rmSync(big, { force: true });
    }
  });

  it('time restarting in a file with an unrecognised trajectory column: the column quick pick is offered that column', async () => {
    const f = path.join(ws, 'orbits.csv');
    fs.writeFileSync(f, 't,orbit,q,p\n0,a,1,0\n0.1,a,0.995,-0.0998\n0.2,a,0.98,-0.199\n0,b,0.5,0\n0.1,b,0.4975,-0.0499\n0.2,b,0.49,-0.0993\n');
    const original = api.ui.pickColumns;
    const calls: Parameters<typeof original>[] = [];
    api.ui.pickColumns = async (...a) => { calls.push(a); return undefined; }; // the user dismisses the pick
    try {
      const count = api.runs.book.all().length;
      const run = await vscode.commands.executeCommand<Run>('noether.discover', vscode.Uri.file(f));
      assert.ok(run, 'detection alone finds nothing to ask: the worker starts');
      await api.runs.whenDone(run.info.runId);
      await until('the quick pick', () => calls.length > 0, 30_000);
      const [fileName, header, suggestion, reason] = calls[0];
      assert.equal(fileName, 'orbits.csv');
      assert.deepEqual(header, ['t', 'orbit', 'q', 'p']);
      assert.deepEqual([suggestion.trajectory, suggestion.time, suggestion.q, suggestion.p], ['orbit', 't', ['q'], ['p']]);
      assert.match(reason, /column 'orbit' is constant between the restarts/);
      assert.equal(api.runs.book.all().length, count, 'no run left behind');
      assert.equal(notice(/orbits\.csv/), undefined, 'no error message instead of the offer');
    } finally {
      api.ui.pickColumns = original;
      fs.rmSync(f, { force: true });
    }
  });

  it('a reload or shutdown during training stops the worker, keeps the partial result marked cancelled, and restores it', async () => {
    await withSteps(100_000, async () => {
      const run = await vscode.commands.executeCommand<Run>('noether.discover', data);
      assert.ok(run);
      const id = run.info.runId;
      await until('training progress', () => run.events.filter((e) => e.type === 'progress').length >= 3, 120_000);
      await api.runs.shutdown(); // what deactivate() runs on a window reload
      const done = await api.runs.whenDone(id);
      assert.equal(done.info.status, 'cancelled');
      assert.equal(done.results?.training.stopReason, 'cancelled', 'the partial result is kept');
      assert.equal(api.runs.statusBar().visible, false);
      const saved = JSON.parse(fs.readFileSync(api.runs.savedFile(id), 'utf8'));
      assert.equal(saved.info.status, 'cancelled');
      assert.ok(saved.results, 'saved with its results');
      // As after a reload: a fresh book restores it from disk.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      api.runs.book.remove(id);
      const back = await api.runs.ensureLoaded(id);
      assert.equal(back?.info.status, 'cancelled');
      assert.match(back!.info.statusMessage!, /reload or shutdown/);
      assert.equal(back?.results?.training.stopReason, 'cancelled');
      await vscode.commands.executeCommand('noether.showResults', id);
      assert.ok(api.panels.hasPanel(id));
    });
  });

  it('the CSV changing on disk during a run: the results describe the bytes read, and the panel says it changed', async () => {
    const file = path.join(ws, 'changing.csv');
    fs.copyFileSync(data.fsPath, file);
    const original = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    await withSteps(100_000, async () => {
      const run = await vscode.commands.executeCommand<Run>('noether.discover', vscode.Uri.file(file));
      assert.ok(run);
      await until('training progress', () => run.events.some((e) => e.type === 'progress'), 120_000);
      fs.appendFileSync(file, '99,0,1.0,0.0\n');
      await vscode.commands.executeCommand('noether.stop', run.info.runId);
      const done = await api.runs.whenDone(run.info.runId);
      assert.equal(done.results?.input.sha256, original, 'the sha256 of the bytes that were read');
      await until('the changed-file warning', () => done.events.some((e) => e.type === 'log' && e.level === 'warn' && /changing\.csv has changed on disk since this run read it/.test(e.message)) || undefined, 10_000);
    });
  });

  it('shows the results again (tree view data, reveal) after the panel was closed', async () => {
    const run = api.runs.book.latestWithResults(data.fsPath)!;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('panel closed', () => !api.panels.hasPanel(run.info.runId) || undefined, 10_000);
    await vscode.commands.executeCommand('noether.showResults', run.info.runId);
    assert.ok(api.panels.hasPanel(run.info.runId));
    if (run.results!.symmetry!.rank > 0) await vscode.commands.executeCommand('noether.revealQuantity', run.info.runId, 0);
  });
});

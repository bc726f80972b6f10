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
import type { Run } from '../../src/extension/runRecords';
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
    assert.ok(api.panels.hasPanel(run.info.runId), 'its panel opened');
    const done = await api.runs.whenDone(run.info.runId);
    measurements['discover.seconds'] = +((Date.now() - t0) / 1000).toFixed(2);
    assert.equal(done.info.status, 'completed', done.info.statusMessage);
    const r = done.results!;
    assert.equal(r.schemaVersion, 1);
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
      await api.runs.workerFor(run.info.runId)!.terminate(); // as if the worker thread died
      const done = await api.runs.whenDone(run.info.runId);
      assert.equal(done.info.status, 'failed');
      assert.match(done.info.statusMessage!, /training worker exited unexpectedly/);
      assert.equal(api.runs.book.activeForFile(data.fsPath), undefined);
      const again = await vscode.commands.executeCommand<Run>('noether.discover', data);
      assert.ok(again, 'a new run of the same file starts');
      await until('training progress', () => again.events.some((e) => e.type === 'progress'), 120_000);
      await vscode.commands.executeCommand('noether.stop', again.info.runId);
      assert.equal((await api.runs.whenDone(again.info.runId)).info.status, 'cancelled');
    } finally {
      await cfg.update('steps', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('a bad file gets the loader’s one-line message; an empty file starts nothing; the host carries on', async () => {
    const bad = path.join(ws, 'bad.csv');
    fs.writeFileSync(bad, 't,q,p\n0,1,2\n0.1,abc,3\n');
    const run = await vscode.commands.executeCommand<Run>('noether.discover', vscode.Uri.file(bad));
    assert.ok(run);
    const done = await api.runs.whenDone(run.info.runId);
    assert.equal(done.info.status, 'failed');
    assert.match(done.info.statusMessage!, /bad\.csv:3(:2)?: /);
    assert.doesNotMatch(done.info.statusMessage!, /\n|    at /, 'one line, no stack trace');

    const empty = path.join(ws, 'empty.csv');
    fs.writeFileSync(empty, '');
    const n = api.runs.book.all().length;
    assert.equal(await vscode.commands.executeCommand('noether.discover', vscode.Uri.file(empty)), undefined);
    assert.equal(api.runs.book.all().length, n);
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

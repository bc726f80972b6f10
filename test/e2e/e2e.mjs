// UI end-to-end test in a real VS Code (code-server 4.100.3 + headless chromium via playwright-core),
// with the extension installed from its .vsix — so this is also the packaging test:
//   package the .vsix (vsce, --no-dependencies) → install it into a fresh profile → start code-server
//   → right-click data.csv in the Explorer → "Discover Symmetries" → the panel shows curves and at
//   least one formula → "Export Results as JSON…" writes a schema-valid file → screenshot.
// Needs `npm run build` first. The export path is made scriptable by the NOETHER_EXPORT_DIR
// environment variable (set here for code-server; see src/extension/exports.ts).
// Artifacts: test-artifacts/panel.png (only there: the README's media/screenshot.png is the webview test's
// screenshot of a recorded real run, see test/webview/record-runs.ts; CI's quick run is no advertisement),
// test-artifacts/e2e-window.png, and on failure the code-server log.
// Usage: node test/e2e/e2e.mjs [--vsix path] (writes { passed, failed, measurements } to $NOETHER_TEST_REPORT)
import * as esbuild from 'esbuild';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO, ROOT, ensureCodeServer, freshProfile, installVsix, launchBrowser, makeWorkspace, startCodeServer } from '../../scripts/e2e/harness.mjs';

const t0 = Date.now();
const lap = (what) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(2)}s] ${what}`);
const artifacts = path.join(REPO, 'test-artifacts');
fs.mkdirSync(artifacts, { recursive: true });
const measurements = {};
const checks = [];
const check = async (name, fn) => {
  try { await fn(); checks.push({ name, ok: true }); lap(`✔ ${name}`); }
  catch (e) { checks.push({ name, ok: false }); lap(`✘ ${name}: ${e.message}`); throw e; }
};

// The schema validator of the engine, bundled for this plain-JS script.
const validatorJs = path.join(ROOT, 'validate.cjs');
fs.mkdirSync(ROOT, { recursive: true });
await esbuild.build({ absWorkingDir: REPO, stdin: { contents: "export { validateResults } from './src/core/results/validate';\nexport { summarizeRun } from './src/shared/verdicts';", resolveDir: REPO, loader: 'ts' },
  bundle: true, platform: 'node', format: 'cjs', outfile: validatorJs, logLevel: 'warning' });
const { validateResults, summarizeRun } = createRequire(import.meta.url)(validatorJs);

ensureCodeServer();
const vsixArg = process.argv.indexOf('--vsix');
let vsix = vsixArg > 0 ? path.resolve(process.argv[vsixArg + 1]) : path.join(ROOT, 'noether-razor.vsix');
if (vsixArg < 0) {
  execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '-o', vsix],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  measurements.vsixBytes = fs.statSync(vsix).size;
  lap(`packaged ${path.basename(vsix)} (${(measurements.vsixBytes / 1e6).toFixed(1)} MB)`);
}
const profile = freshProfile('e2e');
installVsix(profile, vsix);
lap('vsix installed into a fresh profile');
// NOETHER_E2E_SETTINGS (JSON) overrides the quick CI settings, e.g. to run the full default preset:
// NOETHER_E2E_SETTINGS='{"noether.steps":2000,"noether.hiddenSizes":[64,64],"noether.symmetrySamples":32,"noether.K":4}'
const ws = makeWorkspace(fs.mkdtempSync(path.join(ROOT, 'ws-e2e-')), JSON.parse(process.env.NOETHER_E2E_SETTINGS ?? '{}'));
fs.copyFileSync(path.join(REPO, 'examples/damped-train.csv'), path.join(ws, 'damped.csv'));
const exportDir = path.join(ws, 'exports');
const server = await startCodeServer(profile, { env: { NOETHER_EXPORT_DIR: exportDir } });
lap(`code-server up on port ${server.port}`);
const browser = await launchBrowser({ viewport: { width: 1400, height: 900 } });
const page = browser.context.pages()[0] ?? await browser.context.newPage();
const cspViolations = [];
page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text()); });
let ok = false;
try {
  await page.goto(`${server.base}/?folder=${encodeURIComponent(ws)}`);
  const csvRow = page.getByRole('treeitem', { name: 'data.csv' });
  await csvRow.waitFor({ timeout: 90_000 });
  lap('workbench ready, Explorer shows data.csv');
  const item = page.getByRole('menuitem', { name: 'Discover Symmetries', exact: true });

  await check('the Explorer context menu of a .csv offers "Discover Symmetries"', async () => {
    // Extension menu contributions appear a few seconds after the Explorer: retry the right-click.
    for (const deadline = Date.now() + 60_000; ;) {
      await csvRow.click({ button: 'right' });
      try { await item.waitFor({ timeout: 2_000 }); break; } catch (e) {
        if (Date.now() > deadline) throw e;
        await page.keyboard.press('Escape');
      }
    }
    await page.keyboard.press('Escape');
  });

  async function dismissHover() {
    await page.keyboard.press('Escape');
    await page.mouse.move(1, 1);
    await page.locator('.context-view .hover-contents').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
  }

  await check('…but not for a .txt file', async () => {
    // The Explorer's path hover over data.csv can sit on top of the next row and swallow the click.
    await dismissHover();
    await page.getByRole('treeitem', { name: 'notes.txt' }).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Copy Path' }).waitFor();
    assert.equal(await item.count(), 0);
    await page.keyboard.press('Escape');
  });

  const tRun = Date.now();
  await check('right-click data.csv → Discover Symmetries starts a run', async () => {
    await dismissHover();
    await csvRow.click({ button: 'right' });
    await item.waitFor();
    // VS Code ignores a click within 100 ms of the menu opening: wait, click, re-click until it closes.
    for (let clicks = 1; ; clicks++) {
      await page.waitForTimeout(250);
      await item.click();
      try { await page.locator('.monaco-menu').first().waitFor({ state: 'detached', timeout: 2_000 }); break; }
      catch (e) { if (clicks >= 5) throw e; }
    }
  });

  const inner = page.frameLocator('iframe.webview').frameLocator('#active-frame');
  await check('the panel shows training curves', async () => {
    await inner.locator('canvas').first().waitFor({ timeout: 60_000 });
  });
  await check('the panel shows at least one formula when training ends', async () => {
    await inner.locator('.katex').first().waitFor({ timeout: 240_000 });
    measurements.discoverSeconds = +((Date.now() - tRun) / 1000).toFixed(1);
  });

  await check('"Export Results as JSON…" writes a schema-valid file', async () => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(">Noether's Razor: Export Results as JSON");
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Export Results as JSON' }).first().waitFor();
    await page.keyboard.press('Enter');
    const file = path.join(exportDir, 'data.noether.json');
    for (const end = Date.now() + 30_000; !fs.existsSync(file);) {
      if (Date.now() > end) throw new Error(`${file} was not written`);
      await page.waitForTimeout(100);
    }
    await page.waitForTimeout(200); // let the write finish
    const results = JSON.parse(fs.readFileSync(file, 'utf8'));
    validateResults(results, file);
    assert.ok([1, 2].includes(results.schemaVersion));
    assert.deepEqual(results.input.columns.q, ['q']);
    assert.ok(results.symmetry && results.symmetry.conservedQuantities.length >= 1, 'at least one conserved quantity');
    measurements.rank = results.symmetry.rank;
    measurements.formula = results.symmetry.conservedQuantities.map((q) => q.formula).join('; ');
    fs.copyFileSync(file, path.join(artifacts, 'e2e-results.json'));
  });

  // Clear the "Exported …" toast so it does not cover the panel in the screenshot.
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill('>Notifications: Clear All Notifications');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Clear All Notifications' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500); // let the charts settle
  const shot = path.join(artifacts, 'panel.png');
  await page.locator('iframe.webview').first().screenshot({ path: shot });
  lap(`panel screenshot → ${path.relative(REPO, shot)}`);
  if (cspViolations.length) lap(`CSP messages seen in the workbench console: ${cspViolations.length}\n  ${cspViolations.slice(0, 5).join('\n  ')}`);
  const statusItem = page.locator('.statusbar-item', { hasText: /Noether \d+%/ });
  await check('the status bar item is gone once the run has ended', async () => {
    await statusItem.waitFor({ state: 'detached', timeout: 10_000 });
  });

  async function palette(command) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${command}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor();
    await page.keyboard.press('Enter');
  }
  async function openFile(name) {
    await dismissHover();
    await page.locator('.explorer-folders-view').getByRole('treeitem', { name }).click();
    await page.locator('.tab', { hasText: name }).first().waitFor();
  }

  await check('on data with an unconserved candidate the CodeLens, the tree and the panel agree (the shared verdicts)', async () => {
    await openFile('damped.csv');
    await palette("Noether's Razor: Discover Symmetries");
    const file = path.join(exportDir, 'damped.noether.json');
    // Wait for the run to end, then export its results to compare with what the UI says.
    await statusItem.first().waitFor({ timeout: 60_000 }).catch(() => {});
    await statusItem.waitFor({ state: 'detached', timeout: 240_000 });
    await palette("Noether's Razor: Export Results as JSON");
    for (const end = Date.now() + 30_000; !fs.existsSync(file);) {
      if (Date.now() > end) throw new Error(`${file} was not written`);
      await page.waitForTimeout(100);
    }
    await page.waitForTimeout(200);
    const results = JSON.parse(fs.readFileSync(file, 'utf8'));
    const summary = summarizeRun(results);
    measurements.dampedHeadline = summary.headline;
    assert.equal(summary.conserved, 0, `the damped oscillator conserves nothing: ${summary.headline}`);
    await openFile('damped.csv');
    const lens = page.locator('.codelens-decoration', { hasText: "Noether's Razor:" }).first();
    await lens.waitFor({ timeout: 30_000 });
    assert.equal((await lens.innerText()).trim().split('|')[0].trim(), `Noether's Razor: ${summary.headline}`);
    await palette('Focus on Conserved Quantities View');
    const row = page.getByRole('treeitem', { name: /damped\.csv/ }).filter({ hasText: /candidate|conserved/ }).first();
    await row.waitFor({ timeout: 10_000 });
    assert.doesNotMatch(await row.innerText(), /rank \d|[1-9]\d* of/, 'the tree does not count it as conserved');
    const panelText = await inner.locator('body').innerText();
    assert.doesNotMatch(panelText, /\b[1-9]\d* (independent )?conserved quantit/, 'the panel does not count it as conserved');
  });

  await check('a window reload mid-run stops it, keeps the partial result marked cancelled and restores its panel', async () => {
    const settingsFile = path.join(ws, '.vscode/settings.json');
    const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, 'noether.steps': 100000 }, null, 2));
    await page.waitForTimeout(1000); // the configuration change reaches the extension host
    await palette('View: Close All Editors');
    await openFile('data.csv');
    await palette("Noether's Razor: Discover Symmetries");
    await statusItem.first().waitFor({ timeout: 60_000 });
    await inner.locator('canvas').first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(2000); // some training
    await palette('Developer: Reload Window');
    await page.getByRole('treeitem', { name: 'data.csv' }).first().waitFor({ timeout: 90_000 });
    const badge = page.frameLocator('iframe.webview').frameLocator('#active-frame').locator('.status-badge');
    await badge.first().waitFor({ timeout: 60_000 });
    assert.match(await badge.first().innerText(), /cancelled/);
    assert.equal(await statusItem.count(), 0, 'no status bar item after the reload');
    fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  });

  ok = true;
} catch (e) {
  console.error(e);
} finally {
  await page.screenshot({ path: path.join(artifacts, 'e2e-window.png') }).catch(() => {});
  await browser.close();
  server.stop();
  if (!ok) fs.writeFileSync(path.join(artifacts, 'e2e-code-server.log'), server.log());
  else { fs.rmSync(profile.dir, { recursive: true, force: true }); fs.rmSync(ws, { recursive: true, force: true }); }
}
measurements.totalSeconds = +((Date.now() - t0) / 1000).toFixed(1);
const passed = checks.filter((c) => c.ok).length;
const failed = checks.length - passed + (ok ? 0 : checks.every((c) => c.ok) ? 1 : 0);
lap(`${ok ? 'E2E PASSED' : 'E2E FAILED'} ${JSON.stringify(measurements)}`);
if (process.env.NOETHER_TEST_REPORT) fs.writeFileSync(process.env.NOETHER_TEST_REPORT, JSON.stringify({ passed, failed, measurements }, null, 2));
process.exitCode = ok ? 0 : 1;

// The README's screenshots of the CodeLens and the "Conserved Quantities" view after a real run:
// docs/img/codelens-pendulum.png and docs/img/tree-pendulum.png.
// Packages the extension (vsce, --no-dependencies), installs the .vsix into a fresh code-server profile,
// opens examples/real-pendulum.csv, runs "Discover Symmetries" on it with the default `fast` preset
// except noether.steps = 300 (user settings; a few minutes on 2 cores), waits for the run to end, then
// screenshots the top of the CSV's editor (the CodeLens over the header) and the tree view.
// Usage (after `npm run build`): node scripts/e2e/screenshots.mjs [--vsix path] [--steps N] [--out dir]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, ROOT, ensureCodeServer, freshProfile, installVsix, launchBrowser, startCodeServer } from './harness.mjs';

const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
const steps = Number(arg('--steps', '300'));
const outDir = path.resolve(arg('--out', path.join(REPO, 'docs/img')));
const t0 = Date.now();
const lap = (what) => console.log(`[screenshots ${((Date.now() - t0) / 1000).toFixed(1)}s] ${what}`);

ensureCodeServer();
fs.mkdirSync(ROOT, { recursive: true });
let vsix = arg('--vsix');
if (vsix) vsix = path.resolve(vsix);
else {
  vsix = path.join(ROOT, 'screenshots.vsix');
  execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '-o', vsix],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  lap(`packaged ${path.relative(REPO, vsix)}`);
}
const profile = freshProfile('screenshots');
installVsix(profile, vsix);
const userSettings = path.join(profile.userData, 'User/settings.json');
fs.writeFileSync(userSettings, JSON.stringify({
  ...JSON.parse(fs.readFileSync(userSettings, 'utf8')),
  'noether.steps': steps, 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false,
  'workbench.tree.indent': 12, 'breadcrumbs.enabled': false,
}, null, 2));
const ws = fs.mkdtempSync(path.join(ROOT, 'ws-screenshots-'));
fs.copyFileSync(path.join(REPO, 'examples/real-pendulum.csv'), path.join(ws, 'real-pendulum.csv'));

const server = await startCodeServer(profile);
lap(`code-server up on port ${server.port}`);
const browser = await launchBrowser({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 2 });
const page = browser.context.pages()[0] ?? await browser.context.newPage();
let ok = false;
try {
  // The extension's commands reach the palette some seconds after the workbench: retry until listed.
  const palette = async (command) => {
    for (const end = Date.now() + 60_000; ;) {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill(`>${command}`);
      try { await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor({ timeout: 3000 }); break; } catch (e) {
        await page.keyboard.press('Escape');
        if (Date.now() > end) throw e;
        await page.waitForTimeout(1000);
      }
    }
    await page.keyboard.press('Enter');
  };
  const calm = async () => {
    await page.keyboard.press('Escape');
    await page.mouse.move(1, 1);
    await page.locator('.context-view .hover-contents').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
  };
  const openCsv = async () => {
    await calm();
    await page.locator('.explorer-folders-view').getByRole('treeitem', { name: 'real-pendulum.csv' }).click();
    await page.locator('.tab', { hasText: 'real-pendulum.csv' }).first().waitFor();
  };

  await page.goto(`${server.base}/?folder=${encodeURIComponent(ws)}`);
  await page.getByRole('treeitem', { name: 'real-pendulum.csv' }).waitFor({ timeout: 90_000 });
  await openCsv();
  lap('workbench ready, real-pendulum.csv open');
  await palette("Noether's Razor: Discover Symmetries"); // (this activates the extension)
  const statusItem = page.locator('.statusbar-item', { hasText: /Noether \d+%/ });
  // If the columns were ambiguous a quick pick would ask; accept its pre-filled answer.
  for (const end = Date.now() + 60_000; !(await statusItem.count());) {
    if (await page.locator('.quick-input-widget').isVisible()) { lap('column quick pick: accepting its answer'); await page.keyboard.press('Enter'); }
    if (Date.now() > end) throw new Error('the run did not start');
    await page.waitForTimeout(500);
  }
  lap(`training (${steps} steps per stage)…`);
  await statusItem.waitFor({ state: 'detached', timeout: 30 * 60_000 });
  lap('run ended');

  await palette('Notifications: Clear All Notifications');
  await palette('View: Close All Editors');
  await openCsv();
  await calm();
  const lens = page.locator('.codelens-decoration', { hasText: "Noether's Razor:" }).first();
  await lens.waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => !document.querySelector('.codelens-decoration')?.textContent?.includes('Discover Symmetries'), null, { timeout: 30_000 }).catch(() => {});
  lap(`CodeLens: ${(await page.locator('.codelens-decoration').first().innerText()).trim()}`);

  // The CodeLens: the editor's tab and its first lines (the lens over the header), as wide as the lens needs.
  await page.waitForTimeout(500);
  const eb = await page.locator('.editor-instance').first().boundingBox();
  const tb = await page.locator('.part.editor .title').first().boundingBox();
  const lb = await lens.boundingBox();
  const line5 = await page.locator('.editor-instance .line-numbers', { hasText: /^5$/ }).first().boundingBox();
  fs.mkdirSync(outDir, { recursive: true });
  const lensShot = path.join(outDir, 'codelens-pendulum.png');
  await page.screenshot({ path: lensShot, clip: {
    x: eb.x, y: tb.y, width: Math.min(eb.width, lb.x + lb.width - eb.x + 24), height: Math.round(line5.y + line5.height - tb.y),
  } });
  lap(`→ ${path.relative(REPO, lensShot)}`);

  // The tree: focus the view, collapse the folder view so the tree has room, widen the side bar.
  await palette('Focus on Conserved Quantities View');
  const header = (name) => page.locator('.pane-header', { hasText: name }).first();
  for (const other of ['Outline', 'Timeline']) {
    const h = header(other);
    if (await h.count() && (await h.getAttribute('aria-expanded')) === 'true') await h.click();
  }
  const sb = await page.locator('.part.sidebar').boundingBox();
  const wantWidth = 620;
  await page.mouse.move(sb.x + sb.width + 1, sb.y + sb.height / 2);
  await page.mouse.down();
  await page.mouse.move(sb.x + wantWidth, sb.y + sb.height / 2, { steps: 10 });
  await page.mouse.up();
  await calm();
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Conserved Quantities' }) }).first();
  const row = pane.getByRole('treeitem', { name: /real-pendulum\.csv/ }).first();
  await row.waitFor({ timeout: 10_000 });
  await calm();
  await page.waitForTimeout(500);
  const rows = pane.getByRole('treeitem');
  const texts = await rows.allInnerTexts();
  lap(`tree rows:\n  ${texts.map((t) => t.replace(/\s+/g, ' ')).join('\n  ')}`);
  const pb = await pane.boundingBox();
  const last = await rows.nth((await rows.count()) - 1).boundingBox();
  const treeShot = path.join(outDir, 'tree-pendulum.png');
  await page.screenshot({ path: treeShot, clip: { x: pb.x, y: pb.y, width: pb.width, height: Math.round(last.y + last.height + 10 - pb.y) } });
  lap(`→ ${path.relative(REPO, treeShot)}`);
  ok = true;
} catch (e) {
  console.error(e);
  await page.screenshot({ path: path.join(ROOT, 'screenshots-failure.png') }).catch(() => {});
  fs.writeFileSync(path.join(ROOT, 'screenshots-code-server.log'), server.log());
  console.error(`window: ${path.join(ROOT, 'screenshots-failure.png')}, log: ${path.join(ROOT, 'screenshots-code-server.log')}`);
} finally {
  await browser.close();
  server.stop();
  if (ok) { fs.rmSync(profile.dir, { recursive: true, force: true }); fs.rmSync(ws, { recursive: true, force: true }); }
}
process.exitCode = ok ? 0 : 1;

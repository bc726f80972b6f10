// Headless-Chromium tests of the results panel (dist/webview.js).
//
// Serves the built bundle, media/ and dist/katex/ on 127.0.0.1 inside a page
// that mimics a VS Code webview: the host's HTML shell and CSP (webview/html.ts,
// the same function the extension uses), a stub acquireVsCodeApi that records
// posted messages and setState, and the --vscode-* variables of real themes.
// It replays test/fixtures/recorded-run*.json (real runs, recorded by test/webview/record-runs.ts)
// and checks what a user sees.
// Any CSP violation, console error, page error or failed request fails the run.
//
//   npm run build && node test/webview/run.mjs
//
// Screenshots: test-artifacts/webview-dark.png, test-artifacts/webview-light.png.
import { chromium } from 'playwright-core';
import * as esbuild from 'esbuild';
import * as http from 'http';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as crypto from 'crypto';
import { fileURLToPath } from 'url';
import { themes } from './themes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = path.join(root, 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`  ✓ ${name}`);
  } catch (e) {
    failed++;
    console.log(`  ✗ ${name}\n      ${String(e && e.message ? e.message : e).split('\n').join('\n      ')}`);
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
function eq(actual, expected, what) {
  const a = JSON.stringify(actual), b = JSON.stringify(expected);
  if (a !== b) throw new Error(`${what}: expected ${b}, got ${a}`);
}

// ---- prerequisites ----
for (const f of ['dist/webview.js', 'dist/katex/katex.min.css', 'media/panel.css']) {
  if (!fs.existsSync(path.join(root, f))) {
    console.error(`missing ${f}: run \`npm run build\` first`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
if (!fs.existsSync(CHROMIUM)) {
  console.error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

/** Load a TypeScript module of the webview (pure functions) into this process. */
async function importTs(rel) {
  const out = await esbuild.build({ entryPoints: [path.join(root, rel)], bundle: true, write: false, format: 'esm', platform: 'neutral', logLevel: 'silent' });
  return import('data:text/javascript;base64,' + Buffer.from(out.outputFiles[0].text).toString('base64'));
}
const { panelHtml } = await importTs('webview/html.ts');
const { contourSegments, contourLevels } = await importTs('webview/marchingSquares.ts');
const verdicts = await importTs('src/shared/verdicts.ts');
const { fmt } = await importTs('webview/dom.ts');

const fixture = JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/recorded-run.json'), 'utf8'));
const fixture1d = JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/recorded-run-oscillator.json'), 'utf8'));
// Hand-made, schema v2 (test/webview/make-v2-fixture.mjs): one conserved quantity, one 'not conserved' candidate.
const fixtureV2 = JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/recorded-run-v2.json'), 'utf8'));

// ---- pure checks: marching squares against closed forms ----
console.log('contours (marching squares)');
await check('level sets of x²+y² are circles of radius √level (closed form)', () => {
  const n = 81, xs = Array.from({ length: n }, (_, i) => -2 + (4 * i) / (n - 1));
  const f = xs.map((y) => xs.map((x) => x * x + y * y));
  for (const level of [0.25, 1, 2.5]) {
    const segs = contourSegments(f, xs, xs, level);
    const r = Math.sqrt(level);
    let length = 0, worst = 0;
    for (const [x1, y1, x2, y2] of segs) {
      length += Math.hypot(x2 - x1, y2 - y1);
      worst = Math.max(worst, Math.abs(Math.hypot(x1, y1) - r), Math.abs(Math.hypot(x2, y2) - r));
    }
    // Linear interpolation of a quadratic: endpoint error ≤ h²/(8r) with h = 0.05.
    assert(worst < 0.05 ** 2 / (8 * r) + 1e-12, `level ${level}: endpoint off the circle by ${worst}`);
    assert(Math.abs(length - 2 * Math.PI * r) / (2 * Math.PI * r) < 2e-3, `level ${level}: length ${length} vs ${2 * Math.PI * r}`);
  }
});
await check('a saddle x·y: level 0 gives the two axes, no spurious segments', () => {
  const xs = [-1.5, -0.5, 0.5, 1.5];
  const f = xs.map((y) => xs.map((x) => x * y));
  const segs = contourSegments(f, xs, xs, 0.1);
  // Every endpoint must satisfy x·y = 0.1 up to linear-interpolation error along an edge.
  for (const [x1, y1, x2, y2] of segs) for (const [x, y] of [[x1, y1], [x2, y2]]) assert(Math.abs(x * y - 0.1) < 1e-9, `endpoint (${x}, ${y}) has xy = ${x * y}`);
  assert(segs.length === 6, `expected 6 segments (3 cells per branch), got ${segs.length}`);
  eq(contourLevels([[0, 1], [2, 3]], 2), [1, 2], 'levels strictly inside the range');
});

// ---- the page server ----
const pageOpts = new Map();
const types = { '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.map': 'application/json', '.html': 'text/html' };
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/panel.html') {
    const o = pageOpts.get(url.searchParams.get('id'));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(pageHtml(o));
    return;
  }
  if (url.pathname === '/favicon.ico') {
    // A top-level test page asks for one; a VS Code webview (an iframe) does not.
    res.writeHead(204);
    res.end();
    return;
  }
  const file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
  const allowed = [path.join(root, 'dist') + path.sep, path.join(root, 'media') + path.sep];
  if (!allowed.some((a) => file.startsWith(a)) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

// Runs first in the page (nonce'd, like VS Code's own preamble): the API stub,
// the CSP-violation recorder and the theme variables.
function preamble(allThemes, theme, persisted) {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
  });
  window.__posted = [];
  window.__setState = [];
  let state = persisted;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => state,
    setState: (s) => { state = s; window.__setState.push(s); },
  });
  // As VS Code does on a theme change: body class first, then the variables on <html>.
  window.__applyTheme = (name) => {
    document.body.classList.remove(...Object.keys(allThemes));
    document.body.classList.add(name);
    document.body.dataset.vscodeThemeKind = name;
    document.documentElement.style.cssText = '';
    for (const [k, v] of Object.entries(allThemes[name])) document.documentElement.style.setProperty(`--vscode-${k}`, v);
  };
  window.__applyTheme(theme);
}

function pageHtml({ theme, persisted }) {
  const nonce = crypto.randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
  const html = panelHtml({ cspSource: origin, nonce, scriptUri: `${origin}/dist/webview.js`,
    styleUri: `${origin}/media/panel.css`, katexStyleUri: `${origin}/dist/katex/katex.min.css` });
  const stub = `<script nonce="${nonce}">(${preamble.toString()})(${JSON.stringify(themes)}, ${JSON.stringify(theme)}, ${JSON.stringify(persisted ?? null) === 'null' ? 'undefined' : JSON.stringify(persisted)});</script>`;
  assert(html.includes('<body>'), 'panelHtml has a <body>');
  return html.replace('<body>', `<body>\n${stub}`);
}

// ---- browser ----
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'noether-webview-test-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1180, height: 900 },
  deviceScaleFactor: 1,
});

const problems = []; // console errors, page errors, failed requests (all fatal)
let pageCount = 0;
async function openPanel(theme, persisted, { allowViolations = false } = {}) {
  const id = String(++pageCount);
  pageOpts.set(id, { theme, persisted });
  const page = await context.newPage();
  const tag = `[page ${id}]`;
  page.on('console', (m) => {
    if (m.type() === 'error' || (!allowViolations && /Content Security Policy|Refused to/i.test(m.text()))) {
      if (!(allowViolations && /Content Security Policy|Refused to/i.test(m.text()))) problems.push(`${tag} console ${m.type()}: ${m.text()} (${m.location().url})`);
    }
  });
  page.on('pageerror', (e) => problems.push(`${tag} page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`${tag} request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${tag} HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(`${origin}/panel.html?id=${id}`);
  await page.waitForFunction(() => window.__posted.length > 0);
  return page;
}

const post = (page, msgs) => page.evaluate((ms) => { for (const m of ms) window.postMessage(m, '*'); }, msgs);
const posted = (page) => page.evaluate(() => window.__posted);
const lastPosted = async (page) => (await posted(page)).at(-1);
const attr = (page, sel, name) => page.$eval(sel, (el, n) => el.getAttribute(n), name);
/** Fraction of the canvas's pixels that are painted. */
const ink = (page, sel) => page.$eval(sel, (c) => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
  return n / (d.length / 4);
});
/** The raw generators' matrix canvases (each figure also holds its colour bar). */
const RAW = '.heatmap-raw > canvas:first-child';
const pixels = (page, sel) => page.$$eval(sel, (cs) => cs.map((c) => c.toDataURL()).join('|'));

const progress = fixture.filter((m) => m.type === 'event' && m.event.type === 'progress');
const perModel = (model) => progress.filter((m) => m.event.model === model).length;
const eventsMsgs = fixture.filter((m) => m.type === 'event');
const stateMsg = fixture[0];
const resultsMsg = fixture.find((m) => m.type === 'results');
const finalStatus = fixture.findLast((m) => m.type === 'status');
const quantities = resultsMsg.results.symmetry.conservedQuantities;
// Expectations come from the fixture, so a recording of a real run drops in.
const R = resultsMsg.results;
const K = R.symmetry.learned.length;
const snaps = eventsMsgs.filter((m) => m.event.type === 'generators').map((m) => m.event.step);
const midStep = snaps[Math.floor((snaps.length - 1) / 2)];
const lastStep = snaps[snaps.length - 1];
const logEvents = eventsMsgs.filter((m) => m.event.type === 'log').map((m) => m.event);
const baseName = (f) => f.split(/[\\/]/).pop();

try {
  // ================= live run, dark theme =================
  console.log('live run (dark theme)');
  const page = await openPanel('vscode-dark');

  await check("posts 'ready' on load", async () => eq(await posted(page), [{ type: 'ready' }], 'messages after load'));

  await check("'state' (running): setState persists {runId, file}; Stop enabled, exports disabled", async () => {
    await post(page, [stateMsg]);
    await page.waitForFunction(() => document.querySelector('.status-badge')?.textContent === 'running');
    eq(await page.evaluate(() => window.__setState.at(-1)), { runId: stateMsg.run.runId, file: stateMsg.run.file }, 'setState');
    eq(await page.$eval('#btn-stop', (b) => b.disabled), false, 'Stop disabled');
    eq(await page.$eval('#btn-export-json', (b) => b.disabled), true, 'Export JSON disabled');
    eq(await page.$eval('#btn-copy-latex', (b) => b.disabled), true, 'Copy LaTeX disabled');
  });

  await check("Stop posts 'stop'", async () => {
    await page.click('#btn-stop');
    eq(await lastPosted(page), { type: 'stop' }, 'last message');
  });

  const half = eventsMsgs.findIndex((m) => m.event.type === 'generators' && m.event.step === midStep);
  let heatMid = '';
  await check('heatmaps render from generator snapshots during training', async () => {
    await post(page, eventsMsgs.slice(0, half + 1));
    await page.waitForFunction((s) => new RegExp(`step ${s}\\b`).test(document.querySelector('#generators p')?.textContent ?? ''), midStep);
    const n = await page.$$eval(RAW, (cs) => cs.length);
    eq(n, K, 'number of heatmaps (K)');
    for (let k = 1; k <= K; k++) assert((await ink(page, `.heatmap-raw:nth-child(${k}) > canvas:first-child`)) > 0.3, `heatmap ${k} is mostly empty`);
    heatMid = await pixels(page, RAW);
  });

  let redrawWindow = null;
  const streamed = 80;
  await check('streamed events (one per 15 ms) redraw live, but at most 10 times a second', async () => {
    const r0 = Number(await attr(page, '.charts', 'data-redraws'));
    const t0 = Date.now();
    await page.evaluate(async (ms) => {
      for (const m of ms) { window.postMessage(m, '*'); await new Promise((r) => setTimeout(r, 15)); }
    }, eventsMsgs.slice(half + 1, half + 1 + streamed));
    await page.waitForTimeout(150);
    const elapsed = Date.now() - t0;
    const redraws = Number(await attr(page, '.charts', 'data-redraws')) - r0;
    redrawWindow = { redraws, elapsed, events: streamed };
    assert(redraws <= Math.floor(elapsed / 100) + 1, `${redraws} redraws in ${elapsed} ms`);
    assert(redraws >= Math.floor(elapsed / 200), `only ${redraws} redraws in ${elapsed} ms: not live`);
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'webview-running.png'), fullPage: true });
  });

  await check('charts: one series per model, every point plotted after a burst', async () => {
    const r0 = Number(await attr(page, '.charts', 'data-redraws'));
    const t0 = Date.now();
    await post(page, eventsMsgs.slice(half + 1 + streamed));
    await page.waitForFunction((want) => document.querySelector('.charts')?.dataset.points === want,
      `learned:${perModel('learned')},vanilla:${perModel('vanilla')}`);
    await page.waitForTimeout(250);
    const elapsed = Date.now() - t0;
    const redraws = Number(await attr(page, '.charts', 'data-redraws')) - r0;
    assert(redraws >= 1, 'no redraw after the burst');
    assert(redraws <= Math.floor(elapsed / 100) + 1, `${redraws} redraws in ${elapsed} ms`);
    assert((await ink(page, '#chart-nll canvas')) > 0.005, 'NLL chart is empty');
    assert((await ink(page, '#chart-kl canvas')) > 0.005, 'KL chart is empty');
    assert((await ink(page, '#chart-elbo canvas')) > 0.005, '−ELBO chart is empty');
    eq(await page.$eval('#chart-nll canvas', (c) => c.getAttribute('aria-label')), 'NLL per data point against step', 'label');
  });

  await check('heatmaps update live (the last snapshot differs from the middle one)', async () => {
    assert(new RegExp(`step ${lastStep}\\b`).test(await page.$eval('#generators p', (p) => p.textContent)), `caption not at step ${lastStep}`);
    assert((await pixels(page, RAW)) !== heatMid, 'heatmaps did not change');
  });

  await check("the run's warn log events are shown prominently (and no warning box when there are none)", async () => {
    const w = await page.$eval('#warnings', (el) => ({ hidden: el.hidden, text: el.textContent, n: el.querySelectorAll('.warning').length }));
    const warns = logEvents.filter((e) => e.level === 'warn');
    eq(w.hidden, warns.length === 0, 'warning box hidden');
    eq(w.n, warns.length, 'warnings shown');
    for (const e of warns) assert(w.text.includes(e.message), `warning "${e.message}" not shown: ${JSON.stringify(w)}`);
  });

  await check('results: quantities typeset with KaTeX (DOM, fonts loaded), names, drift, conserved flags', async () => {
    await post(page, [resultsMsg, finalStatus]);
    await page.waitForFunction((n) => document.querySelectorAll('.quantity').length === n, quantities.length);
    await page.evaluate(() => document.fonts.ready);
    const info = await page.$$eval('.quantity', (els) => els.map((el) => ({
      name: el.querySelector('.quantity-name').textContent,
      tex: el.querySelector('.katex-mathml annotation')?.textContent,
      html: el.querySelector('.katex-html')?.textContent,
      styled: [...el.querySelectorAll('.katex-html [style]')].filter((s) => s.style.length > 0).length,
      badge: el.querySelector('.badge-conservation').textContent,
      symmetry: el.querySelector('.badge-symmetry').textContent,
      drift: el.querySelector('.conservation-facts .numbers').textContent.match(/relative drift (\S+)/)?.[1],
    })));
    quantities.forEach((q, i) => {
      eq(info[i].name, q.name, `name ${i}`);
      eq(info[i].tex, `C_{${i + 1}} = ${q.latex}`, `TeX source of formula ${i}`);
      assert(info[i].styled > 0, `formula ${i}: KaTeX layout styles were not applied`);
      eq(info[i].badge, verdicts.conservationBadge(verdicts.verdictsOf(q).conservation).text, `conservation badge ${i}`);
      eq(info[i].symmetry, verdicts.symmetryBadge(verdicts.verdictsOf(q).symmetry).text, `symmetry badge ${i}`);
      // Shown to 3 significant digits (2 in exponent form).
      assert([2, 3].some((d) => Number(info[i].drift) === Number(q.drift.toPrecision(d))), `drift ${i}: shows ${info[i].drift} for ${q.drift}`);
      // The typeset text is the formula's symbols in order (KaTeX sets a fraction's denominator first).
      const want = q.latex.replace(/\\t?frac\{([^{}]*)\}\{([^{}]*)\}/g, '$2$1').replace(/\\[a-zA-Z]+|\\,|[{}_^\s]/g, '').replace(/-/g, '−');
      eq(info[i].html.replace(/[\s\u200b⋅]/g, ''), `C${i + 1}=${want}`, `rendered text of formula ${i + 1}`);
    });
    eq(await page.$$eval('.formula-fallback', (f) => f.length), 0, 'formulas KaTeX could not parse');
    const fonts = await page.evaluate(() => [...document.fonts].filter((f) => f.family.includes('KaTeX') && f.status === 'loaded').map((f) => f.family));
    assert(fonts.includes('KaTeX_Main') && fonts.includes('KaTeX_Math'), `KaTeX fonts loaded: ${fonts}`);
  });

  await check('spectrum: K bars, rank marked', async () => {
    eq(await attr(page, '#spectrum > div > div, #spectrum .chart-box', 'id'), 'chart-spectrum', 'spectrum chart');
    eq(await page.$eval('#spectrum > div', (d) => [d.dataset.bars, d.dataset.rank]), [String(R.symmetry.singularValues.length), String(R.symmetry.rank)], 'bars, rank');
    assert((await ink(page, '#chart-spectrum canvas')) > 0.01, 'spectrum is empty');
    assert((await page.$eval('#spectrum p', (p) => p.textContent)).includes(`rank ${R.symmetry.rank}`), 'rank note');
  });

  await check('final generators replace the live snapshots; no Hamiltonian panel for M = 4', async () => {
    assert((await page.$eval('#generators p', (p) => p.textContent)).startsWith('Each formula'), 'caption');
    eq(await page.$$eval(RAW, (cs) => cs.length), K, 'raw generators shown');
    eq(await page.$$eval('.heatmap-readout > canvas:first-child', (cs) => cs.length), quantities.length, 'read-out matrices shown');
    eq(await page.$eval('#hamiltonian', (s) => s.hidden), true, 'Hamiltonian section hidden');
  });

  await check('completed: Stop disabled, exports enabled; summary shows data, settings, seed, backend, status', async () => {
    eq(await page.$eval('#btn-stop', (b) => b.disabled), true, 'Stop disabled');
    eq(await page.$eval('#btn-stop', (b) => getComputedStyle(b).display), 'none', 'finished Stop button displayed');
    eq(await page.$eval('#btn-export-json', (b) => b.disabled), false, 'Export JSON disabled');
    const text = await page.$eval('#summary', (s) => s.textContent);
    const c = R.input.columns;
    for (const s of [baseName(R.input.file), c.q.join(', '), c.p.join(', '), `Trajectories${R.input.trajectories}`, `Transitions${R.input.transitions}`,
      `Seed${R.config.seed}`, `Backend${R.backend}`, `Stop reason${R.training.stopReason}`,
      ...(R.baselines ?? []).map((b) => b.model), ...(R.baselines?.some((b) => b.model === 'vanilla') ? ['ELBO difference'] : [])])
      assert(text.replace(/\s+/g, '').includes(s.replace(/\s+/g, '')), `summary lacks "${s}"`);
  });

  await check('Export JSON / Export Markdown post their messages', async () => {
    await page.click('#btn-export-json');
    eq(await lastPosted(page), { type: 'exportJson' }, 'after Export JSON');
    await page.click('#btn-export-md');
    eq(await lastPosted(page), { type: 'exportMarkdown' }, 'after Export Markdown');
  });

  await check('Copy LaTeX: per quantity and all quantities', async () => {
    await page.click('#quantity-1 button');
    eq(await lastPosted(page), { type: 'copyLatex', latex: quantities[1].latex }, 'quantity 2');
    await page.click('#btn-copy-latex');
    const all = `\\begin{aligned}\n${quantities.map((q, i) => `  C_{${i + 1}} &= ${q.latex}`).join(' \\\\\n')}\n\\end{aligned}`;
    eq(await lastPosted(page), { type: 'copyLatex', latex: all }, 'all quantities');
  });

  await check("'reveal' scrolls to and highlights the quantity", async () => {
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await post(page, [{ type: 'reveal', quantity: 1 }]);
    await page.waitForFunction(() => document.querySelector('#quantity-1')?.classList.contains('highlight'));
    await page.waitForTimeout(700);
    const box = await page.$eval('#quantity-1', (el) => { const r = el.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, vh: innerHeight }; });
    assert(box.top >= 0 && box.bottom <= box.vh, `quantity 2 not in view: ${JSON.stringify(box)}`);
    eq(await page.$eval('#quantity-0', (el) => el.classList.contains('highlight')), false, 'quantity 1 highlighted');
  });

  await check('theme switch dark → light → high contrast re-renders canvases with the new colours', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(2600); // let the reveal flash fade before the screenshot
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'webview-dark.png'), fullPage: true });
    const sel = `#chart-nll canvas, #chart-kl canvas, #chart-elbo canvas, #chart-spectrum canvas, ${RAW}`;
    const dark = await pixels(page, sel);
    const bgDark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const renders0 = Number(await page.evaluate(() => document.body.dataset.themeRenders ?? 0));
    await page.evaluate(() => window.__applyTheme('vscode-light'));
    await page.waitForFunction((r) => Number(document.body.dataset.themeRenders ?? 0) > r, renders0);
    await page.waitForTimeout(100);
    const light = await pixels(page, sel);
    eq(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)', 'light body background');
    assert(bgDark === 'rgb(31, 31, 31)', `dark body background ${bgDark}`);
    const d = dark.split('|'), l = light.split('|');
    d.forEach((v, i) => assert(v !== l[i], `canvas ${i} unchanged after the theme switch`));
    // Zero is the background: the raw generator entry of smallest |v| relative to its own matrix's
    // largest (t; each matrix has its own scale) must be painted within t·255 of white in the light theme.
    const mats = R.symmetry.learned.map((g) => ({ A: g.W.map((row, i) => row.map((v, j) => v + g.W[j][i])), b: g.b }));
    let small = null;
    mats.forEach((m, k) => {
      const vmax = Math.max(...[...m.A.flat(), ...m.b].map(Math.abs));
      m.A.map((row, i) => [...row, m.b[i]]).forEach((row, i) => row.forEach((v, j) => {
        if (!small || Math.abs(v) / vmax < small.t) small = { k, i, j, v, t: Math.abs(v) / vmax };
      }));
    });
    const t = small.t;
    assert(t < 0.05, `the fixture has no near-zero generator entry (smallest |v|/vmax = ${t})`);
    const cellPixel = await page.$eval(`.heatmap-raw:nth-child(${small.k + 1}) > canvas:first-child`, (c, { i, j }) => {
      const L = JSON.parse(c.dataset.layout);
      // A cell's corner (the number sits in its middle).
      const x = L.padLeft + j * L.cell + (j === L.M ? L.gap : 0) + 2, y = L.padTop + i * L.cell + 2;
      return [...c.getContext('2d').getImageData(Math.round(x), Math.round(y), 1, 1).data];
    }, { i: small.i, j: small.j });
    assert(cellPixel[3] === 255 && cellPixel.slice(0, 3).every((ch) => ch >= 255 - 255 * t - 3),
      `entry ${JSON.stringify(small)} (t = ${t.toFixed(4)}) painted ${cellPixel}, not near the white background`);
    await page.screenshot({ path: path.join(artifacts, 'webview-light.png'), fullPage: true });
    await page.evaluate(() => window.__applyTheme('vscode-high-contrast'));
    await page.waitForFunction((r) => Number(document.body.dataset.themeRenders ?? 0) > r + 1, renders0);
    await page.waitForTimeout(100);
    const hc = await pixels(page, sel);
    assert(hc !== light && hc !== dark, 'high-contrast canvases unchanged');
    await page.screenshot({ path: path.join(artifacts, 'webview-high-contrast.png'), fullPage: true });
  });

  await check('no error reported by the panel to the host', async () => {
    const errs = (await posted(page)).filter((m) => m.type === 'error');
    eq(errs, [], 'error messages');
  });
  const violations1 = await page.evaluate(() => window.__violations);
  await page.close();

  // ================= reload: the panel is restored from a full-state replay =================
  console.log('restored panel (full-state replay, light theme)');
  const page2 = await openPanel('vscode-light', { runId: stateMsg.run.runId, file: stateMsg.run.file });
  await check('before the replay it shows the persisted file; after it, the same charts and quantities', async () => {
    eq(await page2.$eval('.file', (e) => e.textContent), baseName(stateMsg.run.file), 'file from getState');
    const all = fixture.filter((m) => m.type === 'event').map((m) => m.event);
    await post(page2, [{ type: 'state', run: finalStatus.run, events: all, results: resultsMsg.results }]);
    await page2.waitForFunction((n) => document.querySelectorAll('.quantity .katex').length === n, quantities.length);
    eq(await attr(page2, '.charts', 'data-points'), `learned:${perModel('learned')},vanilla:${perModel('vanilla')}`, 'points');
    eq(await attr(page2, '.charts', 'data-redraws'), '1', 'a replay draws once');
    eq(await page2.$eval('.status-badge', (b) => b.textContent), 'completed', 'status');
    eq(await page2.$$eval('#log li', (l) => l.length), logEvents.length, 'log lines');
  });
  await check('a warn log event arriving live is shown prominently', async () => {
    const message = 'Training was stopped after 700 of 2000 steps; results are partial.';
    await post(page2, [{ type: 'event', event: { type: 'log', level: 'warn', message } }]);
    await page2.waitForFunction((m) => document.querySelector('#warnings')?.textContent.includes(m), message);
    const w = await page2.$eval('#warnings', (el) => ({ hidden: el.hidden, top: el.getBoundingClientRect().top, log: document.querySelector('#log').getBoundingClientRect().top }));
    assert(!w.hidden && w.top < w.log, `warnings: ${JSON.stringify(w)}`);
  });
  await check("a failed run: status 'failed' shows its message as a warning, Stop disabled", async () => {
    await post(page2, [{ type: 'status', run: { ...finalStatus.run, status: 'failed', statusMessage: 'the training worker crashed (exit code 134)' } }]);
    await page2.waitForFunction(() => document.querySelector('.status-badge')?.textContent === 'failed');
    assert((await page2.$eval('#warnings', (w) => w.textContent)).includes('Training failed: the training worker crashed'), 'failure warning');
    eq(await page2.$eval('#btn-stop', (b) => b.disabled), true, 'Stop disabled');
  });
  const violations2 = await page2.evaluate(() => window.__violations);
  await page2.close();

  // ================= 2-d phase space: Hamiltonian contours =================
  console.log('single oscillator (2-d phase space)');
  const page3 = await openPanel('vscode-dark');
  await check('the learned Hamiltonian is drawn as contours over the data', async () => {
    await post(page3, fixture1d);
    await page3.waitForFunction(() => !document.querySelector('#hamiltonian').hidden);
    const d = await page3.$eval('.hamiltonian', (f) => ({ ...f.dataset }));
    eq(d.levels, '12', 'contour levels');
    assert(Number(d.segments) > 200, `only ${d.segments} contour segments`);
    assert((await ink(page3, '.hamiltonian canvas')) > 0.05, 'Hamiltonian plot is empty');
    const r1 = fixture1d.find((m) => m.type === 'results').results;
    eq(await page3.$eval('#spectrum > div', (e) => e.dataset.rank), String(r1.symmetry.rank), 'rank');
    for (const w of r1.warnings) assert((await page3.$eval('#warnings', (el) => el.textContent)).includes(w), `results warning "${w}" not shown`);
    await page3.screenshot({ path: path.join(artifacts, 'webview-oscillator.png'), fullPage: true });
  });
  const violations3 = await page3.evaluate(() => window.__violations);
  await page3.close();

  // ================= issue 16: verdicts, heatmaps, layout =================
  const R2 = fixtureV2.find((m) => m.type === 'results').results;
  const Q2 = R2.symmetry.conservedQuantities;
  console.log('issue 16: empty panel before the data (item 8)');
  const page4 = await openPanel('vscode-dark');
  await check('no warning box before any data arrives, and none after an empty state', async () => {
    const box = () => page4.$eval('#warnings', (el) => ({ display: getComputedStyle(el).display, h: el.getBoundingClientRect().height }));
    eq(await box(), { display: 'none', h: 0 }, 'warning box right after load');
    await post(page4, [{ ...stateMsg, events: [], results: null }]);
    await page4.waitForFunction(() => document.querySelector('.status-badge')?.textContent === 'running');
    eq(await box(), { display: 'none', h: 0 }, 'warning box after an empty state');
  });
  await check('no empty axes: charts hidden behind a note until the first progress event', async () => {
    const vis = () => page4.$$eval('#chart-nll canvas, #chart-kl canvas, #chart-elbo canvas', (cs) => cs.map((c) => c.getBoundingClientRect().height > 0));
    eq(await vis(), [false, false, false], 'chart canvases visible before data');
    assert(await page4.$eval('.chart-placeholder', (p) => p.getBoundingClientRect().height > 0 && /first training step/.test(p.textContent)), 'placeholder not shown');
    await post(page4, eventsMsgs.filter((m) => m.event.type === 'progress').slice(0, 3));
    await page4.waitForFunction(() => document.querySelector('#chart-nll canvas').getBoundingClientRect().height > 0);
    eq(await vis(), [true, true, true], 'chart canvases visible after data');
    eq(await page4.$eval('.chart-placeholder', (p) => getComputedStyle(p).display), 'none', 'placeholder after data');
  });
  await page4.close();

  console.log('issue 16: schema v2 results, both verdicts (item 1, panel side)');
  const page5 = await openPanel('vscode-dark');
  await post(page5, fixtureV2);
  await page5.waitForFunction((n) => document.querySelectorAll('.quantity .katex').length === n, Q2.length);
  await check('heading and header state both verdicts with the shared wording (summarizeRun)', async () => {
    const head = await page5.$eval('#verdict-heading', (e) => e.textContent);
    const line = await page5.$eval('#verdict-line', (e) => e.textContent);
    const s = verdicts.summarizeRun(R2);
    eq([s.conserved, s.symmetries, s.candidates], [1, 1, 2], 'fixture summary');
    assert(head.toLowerCase().startsWith(s.headline.toLowerCase()), `heading "${head}" does not start with "${s.headline}"`);
    assert(line.toLowerCase().startsWith(verdicts.summarizeRun(R2, 1).headline.toLowerCase()), `header line "${line}"`);
    for (const t of [head, line]) {
      assert(/1 a symmetry of H/.test(t) && /1 not a symmetry of H/.test(t), `symmetry verdicts missing: ${t}`);
      assert(!/2 conserved/.test(t), `counts the unconserved candidate: ${t}`);
    }
  });
  await check('each card: both badges, the verdict phrase, and only its own numbers', async () => {
    const cards = await page5.$$eval('.quantity', (els) => els.map((el) => ({
      cons: el.querySelector('.badge-conservation').textContent,
      sym: el.querySelector('.badge-symmetry').textContent,
      phrase: el.querySelector('.verdict-phrase').textContent,
      text: el.textContent,
      tone: [...el.classList].find((c) => c.startsWith('tone-')),
    })));
    Q2.forEach((q, i) => {
      const v = verdicts.verdictsOf(q);
      eq(cards[i].cons, verdicts.conservationBadge(v.conservation).text, `conservation badge ${i}`);
      eq(cards[i].sym, verdicts.symmetryBadge(v.symmetry).text, `symmetry badge ${i}`);
      eq(cards[i].phrase.toLowerCase(), verdicts.verdictPhrase(q).toLowerCase() + '.', `phrase ${i}`);
      eq(cards[i].tone, `tone-${verdicts.conservationBadge(v.conservation).tone}`, `card tone ${i}`);
      const c = q.conservation, t = q.symmetryTest;
      for (const want of [`χ²/dof = ${fmt(c.chi2PerDof, 3)}`, `relative drift ${fmt(c.relativeDrift, 3)}`, `ΔELBO = ${fmt(t.evidence, 3)} ± ${fmt(t.uncertainty, 2)}`])
        assert(cards[i].text.includes(want), `card ${i} lacks "${want}"`);
      // No number of the other card's tests on this one.
      const o = Q2[1 - i];
      for (const other of [fmt(o.conservation.chi2PerDof, 3), fmt(o.conservation.relativeDrift, 3), fmt(o.symmetryTest.evidence, 3)])
        assert(!cards[i].text.includes(other), `card ${i} shows the other quantity's number ${other}`);
    });
    eq(Q2.map((q) => verdicts.verdictsOf(q).conservation), ['conserved', 'not conserved'], 'fixture verdicts');
    assert(!cards[1].cons.includes('✓') && !/✓ conserved/.test(cards[1].text), `the unconserved candidate shows "conserved": ${cards[1].text}`);
    assert(cards[1].text.includes('· p < 1e-12 ·'), 'tiny p-value');
    assert(cards[1].text.includes('21 % of its spread per unit time'), 'drift rate of the unconserved candidate');
  });
  await check('noise estimate and identifiability are shown', async () => {
    const noise = await page5.$eval('#noise-estimate', (e) => e.textContent);
    R2.noise.perCoordinate.forEach((sd, i) => assert(noise.includes(`σ(${[...R2.input.columns.q, ...R2.input.columns.p][i]}) = ${fmt(sd, 3)}`), `noise: ${noise}`));
    const id = await page5.$eval('#identifiability', (e) => e.textContent);
    assert(id.startsWith('identifiable') && id.includes(R2.symmetry.identifiability.reason), `identifiability: ${id}`);
  });
  await check('"Copy LaTeX" (all) copies only the quantities conserved on the data', async () => {
    await page5.click('#btn-copy-latex');
    eq(await lastPosted(page5), { type: 'copyLatex', latex: `\\begin{aligned}\n  C_{1} &= ${Q2[0].latex}\n\\end{aligned}` }, 'copied');
  });

  // The README's screenshots (docs/img/panel-dark.png, panel-light.png): this finished v2 panel,
  // written to test-artifacts/ always and to docs/img/ with NOETHER_DOCS_SCREENSHOTS=1.
  await check('screenshots of the finished panel, dark and light', async () => {
    fs.mkdirSync(artifacts, { recursive: true });
    const docs = process.env.NOETHER_DOCS_SCREENSHOTS === '1';
    await page5.setViewportSize({ width: 1000, height: 900 });
    for (const theme of ['dark', 'light']) {
      const r0 = Number(await page5.evaluate(() => document.body.dataset.themeRenders ?? 0));
      await page5.evaluate((t) => window.__applyTheme(t), `vscode-${theme}`);
      await page5.waitForFunction((r) => Number(document.body.dataset.themeRenders ?? 0) > r, r0);
      await page5.evaluate(() => window.scrollTo(0, 0));
      await page5.waitForTimeout(300);
      const file = path.join(artifacts, `panel-${theme}.png`);
      await page5.screenshot({ path: file, fullPage: true });
      if (docs) fs.copyFileSync(file, path.join(root, 'docs/img', `panel-${theme}.png`));
    }
    await page5.evaluate(() => window.__applyTheme('vscode-dark'));
    await page5.setViewportSize({ width: 1180, height: 900 });
    await page5.waitForTimeout(300);
  });

  console.log('issue 16: heatmaps (item 7)');
  const matrixInfo = (pg, sel) => pg.$$eval(sel, (cs) => cs.map((c) => {
    const L = JSON.parse(c.dataset.layout);
    const ctx = c.getContext('2d');
    const cellPixels = (i, j) => {
      const x0 = L.padLeft + j * L.cell + (j === L.M ? L.gap : 0), y0 = L.padTop + i * L.cell;
      const d = ctx.getImageData(x0 + 1, y0 + 1, L.cell - 3, L.cell - 3).data;
      const colours = new Set();
      for (let k = 0; k < d.length; k += 4) colours.add(`${d[k]},${d[k + 1]},${d[k + 2]}`);
      return { corner: [d[0], d[1], d[2]], colours: colours.size };
    };
    const cells = [];
    for (let i = 0; i < L.M; i++) for (let j = 0; j <= L.M; j++) cells.push({ i, j, ...cellPixels(i, j) });
    // Ink in the canvas's two left-most pixel columns: a clipped row label reaches them.
    const edge = ctx.getImageData(0, 0, 2, c.height).data;
    let edgeInk = 0;
    for (let k = 3; k < edge.length; k += 4) if (edge[k] > 0) edgeInk++;
    const bar = c.parentElement.querySelector('.colorbar');
    return { L, cells, edgeInk, range: bar?.dataset.range, barLabel: bar?.getAttribute('aria-label'), caption: c.parentElement.querySelector('figcaption').textContent };
  }));
  const entries = (m) => m.A.map((row, i) => [...row, m.b[i]]);
  const rawMats = (r) => r.symmetry.learned.map((g) => ({ A: g.W.map((row, i) => row.map((v, j) => v + g.W[j][i])), b: g.b }));
  const darkTheme = themes['vscode-dark'];
  const hex = (c) => [1, 3, 5].map((k) => parseInt(c.slice(k, k + 2), 16));
  await check('each matrix on its own colour scale, with its range shown under it', async () => {
    {
      const info = await matrixInfo(page5, RAW);
      rawMats(R2).forEach((m, k) => {
        const vmax = Math.max(...entries(m).flat().map(Math.abs));
        eq(info[k].range, fmt(vmax, 2), `scale of G${k + 1}`);
        assert(info[k].barLabel.includes(fmt(vmax, 2)), `colour bar label of G${k + 1}: ${info[k].barLabel}`);
        // The largest entry is painted in the full end colour of the diverging map.
        let big = null;
        entries(m).forEach((row, i) => row.forEach((v, j) => { if (!big || Math.abs(v) > Math.abs(big.v)) big = { i, j, v }; }));
        const want = hex(big.v > 0 ? darkTheme['charts-red'] : darkTheme['charts-blue']);
        const got = info[k].cells.find((c) => c.i === big.i && c.j === big.j).corner;
        assert(got.every((ch, n) => Math.abs(ch - want[n]) <= 3), `G${k + 1}: largest entry painted ${got}, want full colour ${want}`);
      });
    }
  });
  await check('every non-zero entry has its number printed in its cell', async () => {
    const page6 = await openPanel('vscode-dark');
    await post(page6, fixture);
    await page6.waitForFunction(() => document.querySelector('.charts')?.dataset.points && document.querySelectorAll('.heatmap-readout').length > 0);
    for (const [pg, r, sel] of [[page5, R2, RAW], [page6, R, RAW], [page5, R2, '.heatmap-readout > canvas:first-child'], [page6, R, '.heatmap-readout > canvas:first-child']]) {
      const info = await matrixInfo(pg, sel);
      const mats = sel === RAW ? rawMats(r) : r.symmetry.conservedQuantities;
      mats.forEach((m, k) => entries(m).forEach((row, i) => row.forEach((v, j) => {
        const cell = info[k].cells.find((c) => c.i === i && c.j === j);
        if (v !== 0) assert(cell.colours > 2, `${sel} ${k + 1}: entry (${i}, ${j}) = ${v} has no number (${cell.colours} colours)`);
        else eq(cell.colours, 1, `${sel} ${k + 1}: zero entry (${i}, ${j}) colours`);
      })));
    }
    await page6.close();
  });
  await check('row labels are never clipped ("omega", and a long column name)', async () => {
    for (const info of await matrixInfo(page5, RAW)) eq(info.edgeInk, 0, `ink at the left edge (labels ${JSON.stringify(info.L)})`);
    const long = { ...R2, input: { ...R2.input, columns: { ...R2.input.columns, p: ['angular_velocity'] } } };
    await post(page5, [{ type: 'results', results: long }]);
    await page5.waitForFunction(() => document.querySelector('.heatmap-raw > canvas')?.dataset.layout.includes('labelWidth'));
    for (const info of await matrixInfo(page5, RAW)) {
      assert(info.L.labelWidth > 60, `label width ${info.L.labelWidth}`);
      eq(info.edgeInk, 0, `ink at the left edge with a long label (${JSON.stringify(info.L)})`);
    }
    await post(page5, [{ type: 'results', results: R2 }]);
  });
  await check('caption: the formula is the cleaned readout; each raw generator as a mixture of the read-out quantities', async () => {
    const text = await page5.$eval('#generators', (g) => g.textContent);
    assert(/cleaned readout of the raw generators/.test(text), 'no caption on the readout');
    assert(/its entries are not a formula’s coefficients/.test(text), 'no word on how raw entries relate');
    const readout = await matrixInfo(page5, '.heatmap-readout > canvas:first-child');
    Q2.forEach((q, i) => eq(readout[i].caption, `C${'₁₂₃₄'[i]} = ${q.unicode}`, `readout caption ${i}`));
    const raw = await matrixInfo(page5, RAW);
    // G₁ = −6·C₁ + 0.42·C₂ + a little noise (make-v2-fixture.mjs).
    assert(raw[0].caption.startsWith('G₁ ≈ −6 C₁ + 0.42 C₂'), `G₁ caption: ${raw[0].caption}`);
  });

  console.log('issue 16: layout (item 8)');
  const violations5 = [];
  await check('the Hamiltonian plot: large, a legend of the H levels, no point touching the frame', async () => {
    const d = await page5.$eval('.hamiltonian', (f) => ({ ...f.dataset, w: f.querySelector('canvas').getBoundingClientRect().width }));
    assert(Number(d.plotSize) >= 360, `plot ${d.plotSize} px`);
    const levels = contourLevels(R2.symmetry.details.hamiltonianGrid.H, 12);
    eq(d.legend, levels.map((v) => fmt(v, 3)).join(' '), 'legend of H levels');
    assert(Number(d.edgeDistance) >= 10, `a data point ${d.edgeDistance} px from the frame`);
  });
  await check('−ELBO: the curve shows what moves (spans most of its chart), NLL and KL on their own axes', async () => {
    const p7 = await openPanel('vscode-dark');
    await post(p7, fixture1d);
    await p7.waitForFunction(() => document.querySelector('.charts')?.dataset.spans);
    const spans = Object.fromEntries((await attr(p7, '.charts', 'data-spans')).split(',').map((kv) => kv.split('=')).map(([k, v]) => [k, v.split('/').map(Number)]));
    for (const k of ['nll', 'kl', 'elbo']) assert(spans[k][0] >= 0.5, `${k} of the learned model spans ${spans[k][0]} of its chart: ${JSON.stringify(spans)}`);
    await p7.close();
  });
  await check('narrow column: badges and "Copy LaTeX" never wrap inside; the finished Stop is gone', async () => {
    // The recorded run's long quantity names squeeze the card heads.
    const p9 = await openPanel('vscode-dark');
    await p9.setViewportSize({ width: 360, height: 800 });
    await post(p9, [...fixture, ...fixtureV2]);
    await p9.waitForFunction((n) => document.querySelectorAll('.quantity .katex').length === n, Q2.length);
    const wrappedIn = () => p9.$$eval('.quantity .badge, .quantity button, .toolbar button', (els) => els
      .filter((el) => getComputedStyle(el).display !== 'none')
      .map((el) => {
        const lh = parseFloat(getComputedStyle(el).lineHeight) || 1.45 * parseFloat(getComputedStyle(el).fontSize);
        const range = document.createRange();
        range.selectNodeContents(el);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        return { text: el.textContent, lines, h: Math.round(el.getBoundingClientRect().height), lh };
      })
      .filter((x) => x.lines > 1 || x.h > 2.2 * x.lh));
    eq(await wrappedIn(), [], 'elements wrapped onto two lines (v2 results)');
    await post(p9, fixture.slice(0, 1).concat(fixture.filter((m) => m.type === 'results' || m.type === 'status')));
    await p9.waitForFunction((n) => document.querySelectorAll('.quantity .katex').length === n, quantities.length);
    eq(await wrappedIn(), [], 'elements wrapped onto two lines (recorded run, long names)');
    await p9.screenshot({ path: path.join(artifacts, 'webview-narrow.png'), fullPage: false });
    eq(await p9.$eval('#btn-stop', (b) => [b.disabled, getComputedStyle(b).display]), [true, 'none'], 'finished Stop');
    violations5.push(...await p9.evaluate(() => window.__violations));
    await p9.close();
  });
  violations5.push(...await page5.evaluate(() => window.__violations));
  await page5.close();

  console.log('issue 16: v1 results with an unconserved quantity');
  const page8 = await openPanel('vscode-light');
  await check('v1 file: "✗ not conserved" and "symmetry not tested", never counted as conserved', async () => {
    const msgs = JSON.parse(JSON.stringify(fixture1d));
    const res = msgs.find((m) => m.type === 'results').results;
    res.symmetry.conservedQuantities[0].conserved = false;
    await post(page8, msgs);
    await page8.waitForFunction(() => document.querySelectorAll('.quantity .katex').length === 1);
    const card = await page8.$eval('.quantity', (el) => ({ cons: el.querySelector('.badge-conservation').textContent, sym: el.querySelector('.badge-symmetry').textContent }));
    eq(card, { cons: '✗ not conserved', sym: 'symmetry not tested' }, 'badges');
    const head = await page8.$eval('#verdict-heading', (e) => e.textContent);
    assert(head.toLowerCase().startsWith(verdicts.summarizeRun(res).headline.toLowerCase()) && /^No conserved quantity found/.test(head), `heading: ${head}`);
    assert(/not tested/.test(head), `heading lacks the symmetry verdict: ${head}`);
    eq(await page8.$eval('#btn-copy-latex', (b) => b.disabled), true, 'Copy LaTeX (all conserved) enabled with none conserved');
  });
  const violations8 = await page8.evaluate(() => window.__violations);
  await page8.close();

  // ================= issue 16 item 4: one progress over the whole job, in the extension's words =================
  console.log('issue 16: the status line over the whole job (item 4)');
  const page10 = await openPanel('vscode-dark');
  await check('status line: the stage named, the job\'s step of its total, a bar that does not restart at the refit; at the end every stage\'s steps', async () => {
    const state = fixtureV2.find((m) => m.type === 'state');
    const p0 = fixtureV2.find((m) => m.type === 'event' && m.event.type === 'progress').event;
    const stages = [{ stage: 'search', steps: 2000 }, { stage: 'baseline', steps: 2000 }, { stage: 'refit', steps: 2000 }];
    const at = (model, step, totalSteps, stage, jobStep) => ({ type: 'event', event: { ...p0, model, step, totalSteps, job: { stage, stages, step: jobStep } } });
    const line = () => page10.$eval('.status-line', (e) => e.textContent);
    const bar = () => page10.$eval('.progress', (e) => e.getAttribute('aria-valuenow'));
    await post(page10, [{ ...state, events: [], results: null }, at('learned', 1000, 2000, 'search', 1000)]);
    await page10.waitForFunction(() => /step 1000/.test(document.querySelector('.status-line').textContent));
    eq(await line(), 'Searching for symmetries (stage 1 of 3): step 1000 of 6000, estimating…', 'status line in the search');
    eq(await bar(), '17', 'bar in the search (1000 of 6000)');
    // The refit continues the search's step count (2500 of its 4000) but is the job's step 4500 of 6000.
    await post(page10, [at('learned', 2500, 4000, 'refit', 4500)]);
    await page10.waitForFunction(() => /step 4500/.test(document.querySelector('.status-line').textContent));
    eq(await line(), 'Refitting under the verified symmetries (stage 3 of 3): step 4500 of 6000, estimating…', 'status line in the refit');
    eq(await bar(), '75', 'bar in the refit (4500 of 6000, not the stage\'s 2500 of 4000)');
    const done = JSON.parse(JSON.stringify(R2));
    done.training.seconds = 74.2;
    done.training.stages = [{ stage: 'analysis', steps: 0, seconds: 0.2 }, { stage: 'search', steps: 2000, seconds: 30 },
      { stage: 'baseline', steps: 2000, seconds: 20 }, { stage: 'refit', steps: 2000, seconds: 22 }, { stage: 'razor', steps: 400, seconds: 2 }];
    await post(page10, [{ type: 'results', results: done }, { type: 'status', run: { ...state.run, status: 'completed' } }]);
    await page10.waitForFunction(() => document.querySelector('.status-badge')?.textContent === 'completed');
    eq(await line(), 'Completed: search 2000 + baseline 2000 + refit 2000 + razor 400 steps, 1 min 14 s', 'status line at the end');
    // A v1 file has no stages: its search's steps.
    delete done.training.stages;
    await post(page10, [{ type: 'results', results: done }]);
    await page10.waitForFunction(() => !/\+/.test(document.querySelector('.status-line').textContent));
    eq(await line(), `Completed: ${done.training.steps} steps, 1 min 14 s`, 'status line of a v1 file');
  });
  await check('a message the protocol does not know is reported to the host, not silently dropped (exhaustive switch)', async () => {
    await post(page10, [{ type: 'no-such-message' }]);
    await page10.waitForFunction(() => window.__posted.some((m) => m.type === 'error'));
    const errs = (await posted(page10)).filter((m) => m.type === 'error');
    eq(errs.length, 1, 'error messages');
    assert(/unknown message from the host: .*no-such-message/.test(errs[0].message), `error: ${errs[0].message}`);
  });
  const violations10 = await page10.evaluate(() => window.__violations);
  await page10.close();

  // ================= the CSP detector itself =================
  console.log('content security policy');
  const canary = await openPanel('vscode-dark', undefined, { allowViolations: true });
  await check('the detector works: markup with style="…" (KaTeX renderToString + innerHTML) is reported', async () => {
    await canary.evaluate(() => {
      const div = document.createElement('div');
      div.innerHTML = '<span class="katex" style="height:1em">x</span>';
      document.body.appendChild(div);
    });
    await canary.waitForFunction(() => window.__violations.length > 0, null, { timeout: 3000 });
    const v = await canary.evaluate(() => window.__violations);
    assert(v.some((s) => s.startsWith('style-src')), `violations: ${v}`);
  });
  await canary.close();

  await check('zero CSP violations in the panel', () => {
    eq([...violations1, ...violations2, ...violations3, ...violations5, ...violations8, ...violations10], [], 'CSP violations');
  });
  await check('zero console errors, page errors and failed requests', () => {
    eq(problems, [], 'problems');
  });
  if (redrawWindow) console.log(`  (measured: ${redrawWindow.redraws} chart redraws for ${redrawWindow.events} events streamed over ${redrawWindow.elapsed} ms)`);
} catch (e) {
  failed++;
  console.log(`  ✗ aborted: ${e.stack ?? e}`);
} finally {
  await context.close();
  server.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

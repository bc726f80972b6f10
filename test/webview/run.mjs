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

const fixture = JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/recorded-run.json'), 'utf8'));
const fixture1d = JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/recorded-run-oscillator.json'), 'utf8'));

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
    const n = await page.$$eval('.heatmap canvas', (cs) => cs.length);
    eq(n, K, 'number of heatmaps (K)');
    for (let k = 1; k <= K; k++) assert((await ink(page, `.heatmap:nth-child(${k}) canvas`)) > 0.3, `heatmap ${k} is mostly empty`);
    heatMid = await pixels(page, '.heatmap canvas');
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
    assert((await ink(page, '#chart-loss canvas')) > 0.005, 'loss chart is empty');
    assert((await ink(page, '#chart-kl canvas')) > 0.005, 'KL chart is empty');
    eq(await page.$eval('#chart-loss canvas', (c) => c.getAttribute('aria-label')), '−ELBO and NLL per data point against step', 'label');
  });

  await check('heatmaps update live (the last snapshot differs from the middle one)', async () => {
    assert(new RegExp(`step ${lastStep}\\b`).test(await page.$eval('#generators p', (p) => p.textContent)), `caption not at step ${lastStep}`);
    assert((await pixels(page, '.heatmap canvas')) !== heatMid, 'heatmaps did not change');
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
      badge: el.querySelector('.badge').textContent,
      drift: el.querySelector('.facts dd:nth-of-type(2)').textContent,
    })));
    quantities.forEach((q, i) => {
      eq(info[i].name, q.name, `name ${i}`);
      eq(info[i].tex, `C_{${i + 1}} = ${q.latex}`, `TeX source of formula ${i}`);
      assert(info[i].styled > 0, `formula ${i}: KaTeX layout styles were not applied`);
      assert(info[i].badge.includes(q.conserved ? 'conserved' : 'drifts'), `badge ${i}: ${info[i].badge}`);
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
    assert((await page.$eval('#generators p', (p) => p.textContent)).startsWith('Final learned generators'), 'caption');
    eq(await page.$eval('#hamiltonian', (s) => s.hidden), true, 'Hamiltonian section hidden');
  });

  await check('completed: Stop disabled, exports enabled; summary shows data, settings, seed, backend, status', async () => {
    eq(await page.$eval('#btn-stop', (b) => b.disabled), true, 'Stop disabled');
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
    const sel = '#chart-loss canvas, #chart-kl canvas, #chart-spectrum canvas, .heatmap canvas';
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
    // Zero is the background: the final generators' entry of smallest |v| (relative to the largest, t)
    // must be painted within t·255 of white in the light theme.
    const mats = R.symmetry.learned.map((g) => ({ A: g.W.map((row, i) => row.map((v, j) => v + g.W[j][i])), b: g.b }));
    const vmax = Math.max(...mats.flatMap((m) => [...m.A.flat(), ...m.b].map(Math.abs)));
    let small = null;
    mats.forEach((m, k) => [...m.A.map((row, i) => [...row, m.b[i]])].forEach((row, i) => row.forEach((v, j) => {
      if (!small || Math.abs(v) < Math.abs(small.v)) small = { k, i, j, v };
    })));
    const t = Math.abs(small.v) / vmax;
    assert(t < 0.05, `the fixture has no near-zero generator entry (smallest |v|/vmax = ${t})`);
    const cellPixel = await page.$eval(`.heatmap:nth-child(${small.k + 1}) canvas`, (c, { i, j, M }) => {
      // Layout of heatmap.ts (CSS px, device scale 1): width = pad + (M+1)·cell + cell/3 + 2, height = pad + M·cell + 2.
      const cell = (3 * (c.width - c.height)) / 4, pad = c.height - M * cell - 2, gap = cell / 3;
      const x = pad + j * cell + (j === M ? gap : 0) + 3, y = pad + i * cell + 3;
      return [...c.getContext('2d').getImageData(Math.round(x), Math.round(y), 1, 1).data];
    }, { i: small.i, j: small.j, M: mats[0].A.length });
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
    eq([...violations1, ...violations2, ...violations3], [], 'CSP violations');
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

/**
 * The results panel's entry point (bundled to dist/webview.js). The panel
 * keeps nothing authoritative: on load it posts 'ready' and the extension host
 * replies with a full 'state' replay, then streams events, status changes and
 * the results. Only {runId, file} is persisted (setState) so VS Code's
 * serializer can restore the panel after a reload.
 */
import type { HostToWebview, RunInfo, WebviewPersistedState, WebviewToHost } from '../src/shared/protocol';
import type { ResultsV1 } from '../src/core/results/types';
import type { GeneratorSnapshotEvent, ProgressEvent, TrainEvent } from '../src/core/train/events';
import { TrainingCharts, REDRAW_INTERVAL_MS } from './charts';
import { GeneratorHeatmaps, sub } from './heatmap';
import { SpectrumChart } from './spectrum';
import { QuantitiesView, allQuantitiesLatex, conservedForCopy, verdictHeading } from './quantities';
import { quantitiesOf } from './results';
import { conservationBadge, symmetryBadge, verdictsOf } from '../src/shared/verdicts';
import { HamiltonianPlot, readHamiltonianGrid } from './hamiltonian';
import { SummaryView, statusText } from './summary';
import { jobFraction, jobStep, timeLeftText } from '../src/shared/progress';
import { h, clear, section } from './dom';
import { observeTheme, readPalette } from './theme';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): WebviewPersistedState | undefined;
  setState(state: WebviewPersistedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (m: WebviewToHost) => vscode.postMessage(m);

// Report our own failures to the host instead of dying silently.
window.addEventListener('error', (e) => post({ type: 'error', message: String(e.message) }));
window.addEventListener('unhandledrejection', (e) => post({ type: 'error', message: String(e.reason) }));

let palette = readPalette();

// ---- views ----
const charts = new TrainingCharts(palette);
const heatmaps = new GeneratorHeatmaps(palette);
const spectrum = new SpectrumChart(palette);
const quantities = new QuantitiesView((latex) => post({ type: 'copyLatex', latex }));
const hamiltonian = new HamiltonianPlot(palette);
const summary = new SummaryView();

const button = (label: string, title: string, onClick: () => void, secondary = true) => {
  const b = h('button', { type: 'button', class: secondary ? 'secondary' : '', title }, label);
  b.addEventListener('click', onClick);
  return b;
};
const stopBtn = button('Stop', 'Stop training and keep the partial result', () => post({ type: 'stop' }), false);
const jsonBtn = button('Export JSON', 'Save the results file (schema v1)', () => post({ type: 'exportJson' }));
const mdBtn = button('Export Markdown', 'Save a Markdown report', () => post({ type: 'exportMarkdown' }));
const latexBtn = button('Copy LaTeX', 'Copy the quantities conserved on the data as LaTeX', () => {
  const { qs, index } = conservedForCopy(results);
  if (qs.length) post({ type: 'copyLatex', latex: allQuantitiesLatex(qs, index) });
});
stopBtn.id = 'btn-stop'; jsonBtn.id = 'btn-export-json'; mdBtn.id = 'btn-export-md'; latexBtn.id = 'btn-copy-latex';

const fileLabel = h('span', { class: 'file' });
const badge = h('span', { class: 'status-badge' });
const statusLine = h('div', { class: 'status-line muted' });
// The run's verdicts, from the shared wording (src/shared/verdicts.ts), once results exist.
const verdictLine = h('div', { class: 'verdict-line', id: 'verdict-line' });
verdictLine.hidden = true;
const progressFill = h('div', { class: 'progress-fill' });
const progressBar = h('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100' }, progressFill);
const warningsBox = h('div', { class: 'warnings', role: 'alert', id: 'warnings' });
// Nothing to warn about until the host has sent something: no empty box before the data arrive.
warningsBox.hidden = true;
const logList = h('ul', { class: 'log' });
const hamSection = section('hamiltonian', 'Learned Hamiltonian', hamiltonian.element);

const app = document.getElementById('app') ?? document.body;
clear(app);
app.append(
  h('header', { class: 'topbar' },
    h('div', { class: 'title-row' },
      h('h1', {}, 'Noether’s Razor'), fileLabel, badge,
      h('span', { class: 'spacer' }),
      h('div', { class: 'toolbar' }, stopBtn, jsonBtn, mdBtn, latexBtn)),
    statusLine, verdictLine, progressBar),
  warningsBox,
  h('main', { class: 'grid' },
    section('quantities', 'Conserved quantities: verdicts', quantities.element),
    section('training', 'Training', charts.element),
    section('generators', 'Learned generators', heatmaps.element),
    section('spectrum', 'Singular-value spectrum', spectrum.element),
    hamSection,
    section('summary', 'Data and settings', summary.element),
    section('log', 'Log', logList)));
hamSection.hidden = true;

// ---- state (a cache of what the host sent; the host is authoritative) ----
let run: RunInfo | null = null;
let results: ResultsV1 | null = null;
const latest = new Map<string, ProgressEvent>();
const logWarnings: string[] = [];
let lastProgress: ProgressEvent | undefined;
/** The first progress event's job step and when the panel saw it: the time left measures from it, as the host's does. */
let clock: { step: number; at: number } | undefined;
let headerTimer: ReturnType<typeof setTimeout> | null = null;

const persisted = vscode.getState();
fileLabel.textContent = persisted ? persisted.file.split(/[\\/]/).pop() ?? '' : '';
statusLine.textContent = 'Loading…';

function coordinateNames(): string[] {
  const c = results?.input.columns ?? run?.columns;
  return c ? [...c.q, ...c.p] : [];
}

function renderHeader(): void {
  if (!run) return;
  fileLabel.textContent = run.fileName;
  fileLabel.title = run.file;
  badge.textContent = run.status;
  badge.className = `status-badge status-${run.status}`;
  const timeLeft = timeLeftText(lastProgress, clock, Date.now());
  statusLine.textContent = statusText(run, results, lastProgress, timeLeft);
  const running = run.status === 'running';
  stopBtn.disabled = !running;
  // A finished run has nothing to stop: the button goes rather than sitting there looking clickable.
  stopBtn.hidden = !running;
  if (results?.symmetry) {
    const v = verdictHeading(results, 1);
    verdictLine.textContent = v.text;
    verdictLine.className = `verdict-line tone-${v.tone}`;
    verdictLine.hidden = false;
  } else verdictLine.hidden = true;
  jsonBtn.disabled = !results;
  mdBtn.disabled = !results;
  latexBtn.disabled = conservedForCopy(results).qs.length === 0;
  // One bar over the whole job (search, baseline, refit): it does not restart per stage.
  const frac = running ? jobFraction(lastProgress) : 1;
  progressFill.style.width = `${(100 * frac).toFixed(1)}%`;
  progressBar.setAttribute('aria-valuenow', (100 * frac).toFixed(0));
  progressBar.hidden = !running;
  summary.update(run, results, lastProgress, timeLeft);
}

/** Header and summary follow the progress at the charts' pace, not per event. */
function scheduleHeader(): void {
  if (headerTimer !== null) return;
  headerTimer = setTimeout(() => { headerTimer = null; renderHeader(); }, REDRAW_INTERVAL_MS);
}

function renderWarnings(): void {
  clear(warningsBox);
  const all = [
    ...(run?.status === 'failed' && run.statusMessage ? [`Training failed: ${run.statusMessage}`] : []),
    ...(results?.warnings ?? []),
    ...logWarnings.filter((w) => !results?.warnings.includes(w)),
  ];
  warningsBox.hidden = all.length === 0;
  for (const w of all) warningsBox.appendChild(h('div', { class: 'warning' }, h('span', { class: 'warning-icon', 'aria-hidden': 'true' }, '⚠'), w));
}

function showSnapshot(e: GeneratorSnapshotEvent): void {
  if (results?.symmetry) return; // the final readout wins once it exists
  heatmaps.update(e.learned, `Raw generators G₁…G${sub(e.learned.length)} of model “${e.model}”, step ${e.step} (training coordinates, updating live; each on its own colour scale). The formulas are read out of them when training ends.`);
}

function onEvent(e: TrainEvent, live: boolean): void {
  if (e.type === 'progress') {
    latest.set(e.model, e);
    lastProgress = e;
    if (live) {
      clock ??= { step: jobStep(e), at: Date.now() };
      charts.add(e);
      scheduleHeader();
    }
  } else if (e.type === 'generators') {
    showSnapshot(e);
  } else {
    logList.appendChild(h('li', { class: `log-${e.level}` }, e.message));
    if (e.level === 'warn') { logWarnings.push(e.message); renderWarnings(); }
  }
}

function applyResults(r: ResultsV1 | null): void {
  results = r;
  const sym = r?.symmetry;
  quantities.update(r, coordinateNames(), r !== null);
  if (sym) {
    spectrum.update(sym.singularValues, sym.rank, sym.parallelness);
    heatmaps.setLabels(coordinateNames());
    const readout = quantitiesOf(r).map((q) => {
      const v = verdictsOf(q);
      return { A: q.A, b: q.b, unicode: q.unicode, verdict: `${conservationBadge(v.conservation).text} · ${symmetryBadge(v.symmetry).text}` };
    });
    if (sym.learned.length || readout.length) heatmaps.showFinal(readout, sym.learned, sym.rank);
    const grid = r.input.columns.q.length === 1 ? readHamiltonianGrid(sym.details) : null;
    hamSection.hidden = !grid;
    if (grid) hamiltonian.update(grid, r.input.columns.q[0], r.input.columns.p[0]);
  }
  renderWarnings();
  renderHeader();
}

function handle(msg: HostToWebview): void {
  switch (msg.type) {
    case 'state': {
      run = msg.run;
      vscode.setState({ runId: msg.run.runId, file: msg.run.file });
      latest.clear();
      logWarnings.length = 0;
      lastProgress = undefined;
      clock = undefined;
      clear(logList);
      heatmaps.setLabels([...msg.run.columns.q, ...msg.run.columns.p]);
      for (const e of msg.events) onEvent(e, false);
      // A replay's events arrive at once: the time left measures from the latest of them.
      if (lastProgress) clock = { step: jobStep(lastProgress), at: Date.now() };
      charts.reset(msg.events.filter((e): e is ProgressEvent => e.type === 'progress'));
      applyResults(msg.results);
      break;
    }
    case 'event':
      onEvent(msg.event, true);
      break;
    case 'status':
      run = msg.run;
      renderWarnings();
      renderHeader();
      break;
    case 'results':
      applyResults(msg.results);
      break;
    case 'reveal':
      quantities.reveal(msg.quantity);
      break;
    default: {
      // Every message of the protocol is handled above (the host's and the worker's switches check the same).
      const unknown: never = msg;
      post({ type: 'error', message: `unknown message from the host: ${JSON.stringify(unknown)}` });
    }
  }
}

window.addEventListener('message', (e: MessageEvent<HostToWebview>) => {
  if (e.data && typeof e.data === 'object' && 'type' in e.data) handle(e.data);
});

observeTheme(() => {
  palette = readPalette();
  charts.setPalette(palette);
  heatmaps.setPalette(palette);
  spectrum.setPalette(palette);
  hamiltonian.setPalette(palette);
  document.body.dataset.themeRenders = String(Number(document.body.dataset.themeRenders ?? 0) + 1);
});

post({ type: 'ready' });

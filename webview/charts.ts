/**
 * Live training curves (Chart.js, bundled). Three panels, so each shows what moves:
 *  - "NLL per data point" on a symmetric-log axis (symlog.ts): the fit, which
 *    can be negative once it beats the noise level;
 *  - "KL / N" on a true log axis (a KL divergence is positive);
 *  - "−ELBO − −ELBO(first step)", per model, on a linear axis. −ELBO =
 *    NLL + KL/N is dominated by KL/N, so on its own axis it looks flat; its
 *    change since the start shows both the early fit and the slow KL decline
 *    (the start value is in the legend and every tooltip gives the total).
 * One colour per model of the job ('learned', 'vanilla', …). Until the first
 * progress event the charts are hidden behind a note (no empty axes). Progress
 * events are buffered and the charts redrawn at most ten times a second, so a
 * fast run never floods the renderer.
 */
import {
  Chart, LineController, LineElement, PointElement, LinearScale, LogarithmicScale,
  Legend, Tooltip, type ChartDataset, type ChartOptions,
} from 'chart.js';
import type { ProgressEvent } from '../src/core/train/events';
import { SymlogScale, formatSymlogTick } from './symlog';
import { h, fmt, logAxisLabel } from './dom';
import type { Palette } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, SymlogScale, Legend, Tooltip);

/** Minimum time between two redraws: ≤ 10 per second. */
export const REDRAW_INTERVAL_MS = 100;

const KNOWN_MODELS = ['learned', 'vanilla', 'oracle', 'refit'];

type Point = { x: number; y: number | null };
type LineDataset = ChartDataset<'line', Point[]>;

export function modelColorIndex(model: string, seen: string[]): number {
  const known = KNOWN_MODELS.indexOf(model);
  if (known >= 0) return known;
  const i = seen.indexOf(model);
  return KNOWN_MODELS.length + (i >= 0 ? i : seen.length);
}

type Kind = 'nll' | 'kl' | 'elbo';
const KINDS: Kind[] = ['nll', 'kl', 'elbo'];

export class TrainingCharts {
  readonly element: HTMLElement;
  private readonly charts: Record<Kind, Chart<'line', Point[]>>;
  private readonly boxes: HTMLElement;
  private readonly placeholder: HTMLElement;
  private readonly models: string[] = [];
  /** −ELBO at each model's first progress event: the reference of the change chart. */
  private readonly start = new Map<string, number>();
  private palette: Palette;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastDraw = -Infinity;
  private redraws = 0;

  constructor(palette: Palette) {
    this.palette = palette;
    const canvas = (label: string) => h('canvas', { 'aria-label': label, role: 'img' });
    const nll = canvas('NLL per data point against step');
    const kl = canvas('KL divergence per data point against step');
    const elbo = canvas('change of −ELBO per data point since the first step, against step');
    const box = (id: string, title: string, c: HTMLCanvasElement) =>
      h('figure', { class: 'chart-fig', id }, h('figcaption', { class: 'chart-title' }, title), h('div', { class: 'chart-box' }, c));
    this.placeholder = h('p', { class: 'muted chart-placeholder' }, 'The training curves appear with the first training step.');
    this.boxes = h('div', { class: 'chart-grid' },
      box('chart-nll', 'NLL per data point (the fit) · symlog', nll),
      box('chart-kl', 'KL / N (the complexity) · log', kl),
      box('chart-elbo', '−ELBO = NLL + KL/N, change since step 1 · linear', elbo));
    this.boxes.hidden = true;
    this.element = h('div', { class: 'charts' }, this.placeholder, this.boxes);
    this.charts = {
      nll: new Chart(nll, { type: 'line', data: { datasets: [] }, options: this.options('nll') }),
      kl: new Chart(kl, { type: 'line', data: { datasets: [] }, options: this.options('kl') }),
      elbo: new Chart(elbo, { type: 'line', data: { datasets: [] }, options: this.options('elbo') }),
    };
  }

  /** Replace everything with these events (a full-state replay). */
  reset(events: ProgressEvent[]): void {
    this.models.length = 0;
    this.start.clear();
    for (const k of KINDS) this.charts[k].data.datasets = [];
    for (const e of events) this.push(e);
    this.draw();
  }

  add(e: ProgressEvent): void {
    this.push(e);
    this.schedule();
  }

  setPalette(p: Palette): void {
    this.palette = p;
    for (const k of KINDS) {
      const chart = this.charts[k];
      chart.options = this.options(k);
      chart.data.datasets.forEach((d, i) => this.styleDataset(d as LineDataset, this.models[i]));
    }
    this.draw();
  }

  private push(e: ProgressEvent): void {
    let m = this.models.indexOf(e.model);
    if (m < 0) {
      m = this.models.push(e.model) - 1;
      this.charts.nll.data.datasets.push(this.dataset(`NLL (${e.model})`, e.model));
      this.charts.kl.data.datasets.push(this.dataset(`KL / N (${e.model})`, e.model));
      this.charts.elbo.data.datasets.push(this.dataset(`−ELBO (${e.model})`, e.model));
    }
    const finite = (v: number) => (Number.isFinite(v) ? v : null);
    if (!this.start.has(e.model) && Number.isFinite(e.negElbo)) {
      this.start.set(e.model, e.negElbo);
      // The start value is named in the legend: the curve is relative to it.
      this.charts.elbo.data.datasets[m].label = `−ELBO (${e.model}) − ${fmt(e.negElbo, 4)}`;
    }
    const s0 = this.start.get(e.model);
    this.charts.nll.data.datasets[m].data.push({ x: e.step, y: finite(e.nll) });
    this.charts.kl.data.datasets[m].data.push({ x: e.step, y: e.kl > 0 && Number.isFinite(e.kl) ? e.kl : null });
    this.charts.elbo.data.datasets[m].data.push({ x: e.step, y: s0 === undefined ? null : finite(e.negElbo - s0) });
  }

  private dataset(label: string, model: string): LineDataset {
    const d = { label, data: [] as Point[], model } as LineDataset & { model: string };
    this.styleDataset(d, model);
    return d;
  }

  private styleDataset(d: LineDataset, model: string): void {
    const p = this.palette;
    const color = p.series[modelColorIndex(model, this.models) % p.series.length];
    d.borderColor = color;
    d.backgroundColor = color;
    d.borderWidth = p.kind.startsWith('high-contrast') ? 2.5 : 1.75;
    d.borderDash = [];
    d.pointRadius = 0;
    d.pointHitRadius = 4;
    d.spanGaps = true;
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastDraw + REDRAW_INTERVAL_MS - performance.now());
    this.timer = setTimeout(() => { this.timer = null; this.draw(); }, wait);
  }

  private draw(): void {
    if (this.timer !== null) { clearTimeout(this.timer); this.timer = null; }
    this.lastDraw = performance.now();
    const any = this.models.length > 0;
    const shown = any && this.boxes.hidden;
    this.boxes.hidden = !any;
    this.placeholder.hidden = any;
    // Charts created in a hidden box have no size yet: measure them now, not on the next resize event.
    if (shown) for (const k of KINDS) this.charts[k].resize();
    for (const k of KINDS) this.charts[k].update('none');
    this.redraws++;
    // Exposed for the webview tests (and handy when debugging a panel).
    this.element.dataset.redraws = String(this.redraws);
    this.element.dataset.points = this.models
      .map((m, i) => `${m}:${this.charts.kl.data.datasets[i].data.length}`).join(',');
    // How much of each chart's height each model's curve uses (0–1): the curves must show what moves.
    if (any) {
      this.element.dataset.spans = KINDS.map((k) => `${k}=${this.models.map((_, i) => spanOf(this.charts[k], i).toFixed(2)).join('/')}`).join(',');
    }
  }

  private options(kind: Kind): ChartOptions<'line'> {
    const p = this.palette;
    const font = { family: p.fontFamily, size: Math.max(10, p.fontSize - 1) };
    const axis = { color: p.muted, font };
    const y = kind === 'kl'
      ? {
          type: 'logarithmic' as const,
          title: { display: true, text: 'KL / N (log)', ...axis },
          ticks: { ...axis, autoSkip: false, callback: (v: number | string, i: number, ticks: { value: number }[]) => logAxisLabel(Number(v), i, ticks) },
          grid: { color: p.grid },
          border: { color: p.grid },
        }
      : kind === 'nll'
        ? {
            type: 'symlog' as const,
            title: { display: true, text: 'NLL (symlog)', ...axis },
            ticks: { ...axis, callback: (v: number | string) => formatSymlogTick(Number(v)) },
            grid: { color: p.grid },
            border: { color: p.grid },
          }
        : {
            type: 'linear' as const,
            title: { display: true, text: 'Δ −ELBO since step 1', ...axis },
            ticks: { ...axis, maxTicksLimit: 7 },
            grid: { color: p.grid },
            border: { color: p.grid },
          };
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      normalized: true,
      color: p.foreground,
      font,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      plugins: {
        legend: { position: 'bottom', labels: { color: p.foreground, font, boxWidth: 18, boxHeight: 2, padding: 10 } },
        tooltip: {
          callbacks: {
            label: (c) => {
              const v = Number(c.parsed.y);
              if (kind !== 'elbo') return `${c.dataset.label}: ${v.toPrecision(4)}`;
              const s0 = this.start.get(this.models[c.datasetIndex]) ?? 0;
              return `−ELBO (${this.models[c.datasetIndex]}): ${(s0 + v).toPrecision(5)} (${v >= 0 ? '+' : ''}${v.toPrecision(4)} since step 1)`;
            },
          },
        },
      },
      scales: {
        x: {
          type: 'linear',
          title: { display: true, text: 'step', ...axis },
          ticks: { ...axis, maxTicksLimit: 8 },
          grid: { color: p.grid },
          border: { color: p.grid },
        },
        y: y as never,
      },
    };
  }
}

/** Fraction of the chart area's height dataset i spans (0 when not drawn). */
function spanOf(chart: Chart<'line', Point[]>, i: number): number {
  const meta = chart.getDatasetMeta(i);
  const ys = meta.data.map((pt) => pt.y).filter((v) => Number.isFinite(v));
  const area = chart.chartArea;
  if (!ys.length || !area || !(area.bottom > area.top)) return 0;
  return (Math.max(...ys) - Math.min(...ys)) / (area.bottom - area.top);
}

/**
 * Live training curves (Chart.js, bundled). Two panels:
 *  - "−ELBO and NLL per data point" on a symmetric-log axis (symlog.ts): both
 *    can be negative once the fit beats the noise level;
 *  - "KL / N" on a true log axis (a KL divergence is positive).
 * One colour per model of the job ('learned', 'vanilla', …); −ELBO solid, NLL
 * dashed. Progress events are buffered and the charts redrawn at most ten
 * times a second, so a fast run never floods the renderer.
 */
import {
  Chart, LineController, LineElement, PointElement, LinearScale, LogarithmicScale,
  Legend, Tooltip, type ChartDataset, type ChartOptions,
} from 'chart.js';
import type { ProgressEvent } from '../src/core/train/events';
import { SymlogScale, formatSymlogTick } from './symlog';
import { h, logAxisLabel } from './dom';
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

export class TrainingCharts {
  readonly element: HTMLElement;
  private readonly loss: Chart<'line', Point[]>;
  private readonly kl: Chart<'line', Point[]>;
  private readonly models: string[] = [];
  private palette: Palette;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastDraw = -Infinity;
  private redraws = 0;

  constructor(palette: Palette) {
    this.palette = palette;
    const lossCanvas = h('canvas', { 'aria-label': '−ELBO and NLL per data point against step', role: 'img' });
    const klCanvas = h('canvas', { 'aria-label': 'KL divergence per data point against step', role: 'img' });
    this.element = h('div', { class: 'charts' },
      h('figure', { class: 'chart-box', id: 'chart-loss' }, lossCanvas),
      h('figure', { class: 'chart-box', id: 'chart-kl' }, klCanvas));
    this.loss = new Chart(lossCanvas, { type: 'line', data: { datasets: [] }, options: this.options('loss') });
    this.kl = new Chart(klCanvas, { type: 'line', data: { datasets: [] }, options: this.options('kl') });
  }

  /** Replace everything with these events (a full-state replay). */
  reset(events: ProgressEvent[]): void {
    this.models.length = 0;
    this.loss.data.datasets = [];
    this.kl.data.datasets = [];
    for (const e of events) this.push(e);
    this.draw();
  }

  add(e: ProgressEvent): void {
    this.push(e);
    this.schedule();
  }

  setPalette(p: Palette): void {
    this.palette = p;
    for (const [chart, kind] of [[this.loss, 'loss'], [this.kl, 'kl']] as const) {
      chart.options = this.options(kind);
      chart.data.datasets.forEach((d, i) => this.styleDataset(d as LineDataset, this.datasetModel(chart, i), kind === 'loss' && i % 2 === 1));
    }
    this.draw();
  }

  private datasetModel(chart: Chart<'line', Point[]>, i: number): string {
    return (chart.data.datasets[i] as LineDataset & { model: string }).model;
  }

  private push(e: ProgressEvent): void {
    let m = this.models.indexOf(e.model);
    if (m < 0) {
      m = this.models.push(e.model) - 1;
      this.loss.data.datasets.push(this.dataset(`−ELBO (${e.model})`, e.model, false));
      this.loss.data.datasets.push(this.dataset(`NLL (${e.model})`, e.model, true));
      this.kl.data.datasets.push(this.dataset(`KL / N (${e.model})`, e.model, false));
    }
    const finite = (v: number) => (Number.isFinite(v) ? v : null);
    this.loss.data.datasets[2 * m].data.push({ x: e.step, y: finite(e.negElbo) });
    this.loss.data.datasets[2 * m + 1].data.push({ x: e.step, y: finite(e.nll) });
    this.kl.data.datasets[m].data.push({ x: e.step, y: e.kl > 0 && Number.isFinite(e.kl) ? e.kl : null });
  }

  private dataset(label: string, model: string, dashed: boolean): LineDataset {
    const d = { label, data: [] as Point[], model } as LineDataset & { model: string };
    this.styleDataset(d, model, dashed);
    return d;
  }

  private styleDataset(d: LineDataset, model: string, dashed: boolean): void {
    const p = this.palette;
    const color = p.series[modelColorIndex(model, this.models) % p.series.length];
    d.borderColor = color;
    d.backgroundColor = color;
    d.borderWidth = p.kind.startsWith('high-contrast') ? 2.5 : 1.75;
    d.borderDash = dashed ? [5, 4] : [];
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
    this.loss.update('none');
    this.kl.update('none');
    this.redraws++;
    // Exposed for the webview tests (and handy when debugging a panel).
    this.element.dataset.redraws = String(this.redraws);
    this.element.dataset.points = this.models
      .map((m, i) => `${m}:${this.kl.data.datasets[i].data.length}`).join(',');
  }

  private options(kind: 'loss' | 'kl'): ChartOptions<'line'> {
    const p = this.palette;
    const font = { family: p.fontFamily, size: Math.max(10, p.fontSize - 1) };
    const title = kind === 'loss' ? '−ELBO (solid) and NLL (dashed) per data point · symlog' : 'KL / N · log';
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
          callbacks: { label: (c) => `${c.dataset.label}: ${Number(c.parsed.y).toPrecision(4)}` },
        },
        title: { display: false, text: title },
      },
      scales: {
        x: {
          type: 'linear',
          title: { display: true, text: 'step', color: p.muted, font },
          ticks: { color: p.muted, font, maxTicksLimit: 8 },
          grid: { color: p.grid },
          border: { color: p.grid },
        },
        y: kind === 'loss'
          ? {
              type: 'symlog',
              title: { display: true, text: '−ELBO, NLL (symlog)', color: p.muted, font },
              ticks: { color: p.muted, font, callback: (v) => formatSymlogTick(Number(v)) },
              grid: { color: p.grid },
              border: { color: p.grid },
            }
          : {
              type: 'logarithmic',
              title: { display: true, text: 'KL / N (log)', color: p.muted, font },
              ticks: { color: p.muted, font, autoSkip: false, callback: (v, i, ticks) => logAxisLabel(Number(v), i, ticks) },
              grid: { color: p.grid },
              border: { color: p.grid },
            },
      },
    };
  }
}

/**
 * The learned Hamiltonian's contours over the data, for 2-d phase spaces
 * (paper Figure 2 style). Drawn only when the results carry a grid of H
 * values in `symmetry.details.hamiltonianGrid` (see HamiltonianGrid).
 */
import { h, fmt } from './dom';
import { setupCanvas } from './heatmap';
import { contourLevels, contourSegments } from './marchingSquares';
import { withAlpha, type Palette } from './theme';

/** Optional readout field: the learned H sampled on a grid over the data. */
export interface HamiltonianGrid {
  /** Grid abscissae (the q column, user units), increasing. */
  q: number[];
  /** Grid ordinates (the p column, user units), increasing. */
  p: number[];
  /** H[j][i] = learned H at (q[i], p[j]); p.length rows of q.length values. */
  H: number[][];
  /** The data: one polyline per trajectory. */
  trajectories?: { q: number[]; p: number[] }[];
}

const isNumArray = (a: unknown): a is number[] => Array.isArray(a) && a.every((v) => typeof v === 'number');

/** Validates the untyped `details` field; null when absent or malformed. */
export function readHamiltonianGrid(details: Record<string, unknown> | undefined): HamiltonianGrid | null {
  const g = details?.hamiltonianGrid as Partial<HamiltonianGrid> | undefined;
  if (!g || !isNumArray(g.q) || !isNumArray(g.p) || !Array.isArray(g.H)) return null;
  if (g.q.length < 2 || g.p.length < 2 || g.H.length !== g.p.length) return null;
  if (!g.H.every((row) => isNumArray(row) && row.length === g.q!.length)) return null;
  const trajectories = Array.isArray(g.trajectories)
    ? g.trajectories.filter((t) => t && isNumArray(t.q) && isNumArray(t.p) && t.q.length === t.p.length)
    : [];
  return { q: g.q, p: g.p, H: g.H, trajectories };
}

export const CONTOUR_LEVELS = 12;
/** Free space between the frame and the grid's edge (CSS px), so no data point touches the frame. */
export const PLOT_INSET = 14;

export class HamiltonianPlot {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private grid: HamiltonianGrid | null = null;
  private names: [string, string] = ['q', 'p'];
  private palette: Palette;
  private lastWidth = 0;

  constructor(palette: Palette) {
    this.palette = palette;
    this.canvas = h('canvas', { role: 'img', 'aria-label': 'contours of the learned Hamiltonian over the data, with a legend of the H levels' });
    this.element = h('figure', { class: 'hamiltonian' }, this.canvas,
      h('figcaption', { class: 'muted' }, `Contours of the learned H (${CONTOUR_LEVELS} levels, values in the legend; fainter is lower) with the training trajectories.`));
    // Follow the card's width (the plot is as large as the column allows).
    new ResizeObserver(() => {
      const w = this.availableWidth();
      if (this.grid && Math.abs(w - this.lastWidth) >= 8) this.render();
    }).observe(this.element);
  }

  update(grid: HamiltonianGrid, qName: string, pName: string): void {
    this.grid = grid;
    this.names = [qName, pName];
    this.render();
  }

  setPalette(p: Palette): void {
    this.palette = p;
    if (this.grid) this.render();
  }

  private availableWidth(): number {
    return Math.floor(this.element.clientWidth || this.element.parentElement?.clientWidth || 0);
  }

  private render(): void {
    const g = this.grid!;
    const p = this.palette;
    const font = `${Math.max(11, p.fontSize - 2)}px ${p.fontFamily}`;
    const levels = contourLevels(g.H, CONTOUR_LEVELS);
    // Legend width from its widest label.
    const measure = document.createElement('canvas').getContext('2d')!;
    measure.font = font;
    const labels = levels.map((v) => fmt(v, 3));
    const legendW = Math.ceil(Math.max(measure.measureText('H levels').width, ...labels.map((l) => 30 + measure.measureText(l).width))) + 16;
    const avail = this.availableWidth();
    this.lastWidth = avail;
    const width = Math.max(380, Math.min(avail || 560, 720));
    const m = { l: 52, r: legendW + 12, t: 12, b: 42 };
    const plot = Math.max(240, Math.min(width - m.l - m.r, 520));
    const height = plot + m.t + m.b;
    const total = m.l + plot + m.r;
    const ctx = setupCanvas(this.canvas, total, height);
    ctx.clearRect(0, 0, total, height);
    const [qmin, qmax] = [g.q[0], g.q[g.q.length - 1]];
    const [pmin, pmax] = [g.p[0], g.p[g.p.length - 1]];
    const inner = plot - 2 * PLOT_INSET;
    const X = (q: number) => m.l + PLOT_INSET + ((q - qmin) / (qmax - qmin)) * inner;
    const Y = (v: number) => m.t + PLOT_INSET + inner - ((v - pmin) / (pmax - pmin)) * inner;

    // Frame and ticks.
    ctx.strokeStyle = p.grid;
    ctx.lineWidth = 1;
    ctx.strokeRect(m.l + 0.5, m.t + 0.5, plot, plot);
    ctx.fillStyle = p.muted;
    ctx.font = font;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const v of niceTicks(qmin, qmax)) ctx.fillText(fmt(v, 3), X(v), m.t + plot + 5);
    ctx.fillText(this.names[0], m.l + plot / 2, m.t + plot + 22);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of niceTicks(pmin, pmax)) ctx.fillText(fmt(v, 3), m.l - 6, Y(v));
    ctx.save();
    ctx.translate(12, m.t + plot / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText(this.names[1], 0, 0);
    ctx.restore();

    // Contours: low levels faint, high levels strong.
    const alpha = (k: number) => 0.3 + (0.7 * k) / Math.max(1, levels.length - 1);
    let segments = 0;
    ctx.save();
    ctx.beginPath();
    ctx.rect(m.l + 1, m.t + 1, plot - 1, plot - 1);
    ctx.clip();
    levels.forEach((level, k) => {
      ctx.strokeStyle = withAlpha(p.series[0], alpha(k));
      ctx.lineWidth = 1.25;
      ctx.beginPath();
      for (const [x1, y1, x2, y2] of contourSegments(g.H, g.q, g.p, level)) {
        ctx.moveTo(X(x1), Y(y1));
        ctx.lineTo(X(x2), Y(y2));
        segments++;
      }
      ctx.stroke();
    });
    // The data on top.
    const dot = p.series[1];
    let edge = Infinity;
    for (const t of g.trajectories ?? []) {
      ctx.strokeStyle = withAlpha(dot, 0.6);
      ctx.lineWidth = 1;
      ctx.beginPath();
      t.q.forEach((q, i) => (i ? ctx.lineTo(X(q), Y(t.p[i])) : ctx.moveTo(X(q), Y(t.p[i]))));
      ctx.stroke();
      ctx.fillStyle = dot;
      t.q.forEach((q, i) => {
        const x = X(q), y = Y(t.p[i]);
        edge = Math.min(edge, x - m.l, m.l + plot - x, y - m.t, m.t + plot - y);
        ctx.beginPath(); ctx.arc(x, y, 2.5, 0, 2 * Math.PI); ctx.fill();
      });
    }
    ctx.restore();

    // Legend of the H levels, top level first.
    const lx = m.l + plot + 16;
    ctx.font = font;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = p.foreground;
    ctx.fillText('H levels', lx, m.t + 8);
    const row = Math.min(18, (plot - 24) / Math.max(1, levels.length));
    for (let k = levels.length - 1, r = 0; k >= 0; k--, r++) {
      const y = m.t + 26 + r * row;
      ctx.strokeStyle = withAlpha(p.series[0], alpha(k));
      ctx.lineWidth = 2;
      ctx.beginPath(); ctx.moveTo(lx, y); ctx.lineTo(lx + 22, y); ctx.stroke();
      ctx.fillStyle = p.muted;
      ctx.fillText(labels[k], lx + 30, y);
    }
    this.element.dataset.levels = String(levels.length);
    this.element.dataset.segments = String(segments);
    this.element.dataset.legend = labels.join(' ');
    this.element.dataset.plotSize = String(plot);
    this.element.dataset.edgeDistance = Number.isFinite(edge) ? edge.toFixed(1) : '';
  }
}

/** About five round tick values inside [a, b]. */
export function niceTicks(a: number, b: number, n = 5): number[] {
  const span = b - a;
  if (!(span > 0)) return [a];
  const raw = span / n;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((s) => s * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(a / step) * step; v <= b + 1e-9 * span; v += step) out.push(Math.abs(v) < 1e-12 * span ? 0 : v);
  return out;
}

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

export class HamiltonianPlot {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private grid: HamiltonianGrid | null = null;
  private names: [string, string] = ['q', 'p'];
  private palette: Palette;

  constructor(palette: Palette) {
    this.palette = palette;
    this.canvas = h('canvas', { role: 'img', 'aria-label': 'contours of the learned Hamiltonian over the data' });
    this.element = h('figure', { class: 'hamiltonian' }, this.canvas,
      h('figcaption', { class: 'muted' }, `Contours of the learned H (${CONTOUR_LEVELS} levels) with the training trajectories.`));
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

  private render(): void {
    const g = this.grid!;
    const p = this.palette;
    const size = 340, m = { l: 48, r: 12, t: 10, b: 38 };
    const ctx = setupCanvas(this.canvas, size, size);
    ctx.clearRect(0, 0, size, size);
    const [qmin, qmax] = [g.q[0], g.q[g.q.length - 1]];
    const [pmin, pmax] = [g.p[0], g.p[g.p.length - 1]];
    const X = (q: number) => m.l + ((q - qmin) / (qmax - qmin)) * (size - m.l - m.r);
    const Y = (v: number) => size - m.b - ((v - pmin) / (pmax - pmin)) * (size - m.t - m.b);

    // Frame and ticks.
    ctx.strokeStyle = p.grid;
    ctx.lineWidth = 1;
    ctx.strokeRect(m.l, m.t, size - m.l - m.r, size - m.t - m.b);
    ctx.fillStyle = p.muted;
    ctx.font = `${Math.max(10, p.fontSize - 2)}px ${p.fontFamily}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const v of niceTicks(qmin, qmax)) ctx.fillText(fmt(v, 3), X(v), size - m.b + 4);
    ctx.fillText(this.names[0], (m.l + size - m.r) / 2, size - 16);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of niceTicks(pmin, pmax)) ctx.fillText(fmt(v, 3), m.l - 5, Y(v));
    ctx.save();
    ctx.translate(12, (m.t + size - m.b) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText(this.names[1], 0, 0);
    ctx.restore();

    // Contours: low levels faint, high levels strong.
    const levels = contourLevels(g.H, CONTOUR_LEVELS);
    let segments = 0;
    ctx.save();
    ctx.beginPath();
    ctx.rect(m.l, m.t, size - m.l - m.r, size - m.t - m.b);
    ctx.clip();
    levels.forEach((level, k) => {
      ctx.strokeStyle = withAlpha(p.series[0], 0.35 + (0.65 * k) / Math.max(1, levels.length - 1));
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
    for (const t of g.trajectories ?? []) {
      ctx.strokeStyle = withAlpha(dot, 0.6);
      ctx.lineWidth = 1;
      ctx.beginPath();
      t.q.forEach((q, i) => (i ? ctx.lineTo(X(q), Y(t.p[i])) : ctx.moveTo(X(q), Y(t.p[i]))));
      ctx.stroke();
      ctx.fillStyle = dot;
      t.q.forEach((q, i) => { ctx.beginPath(); ctx.arc(X(q), Y(t.p[i]), 2.5, 0, 2 * Math.PI); ctx.fill(); });
    }
    ctx.restore();
    this.element.dataset.levels = String(levels.length);
    this.element.dataset.segments = String(segments);
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

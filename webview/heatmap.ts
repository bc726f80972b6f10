/**
 * The learned generators as heatmaps: for each k, the symmetric matrix
 * A_k = W_k + W_kᵀ (only the symmetric part of W_k enters C_k(x) =
 * ½ xᵀ A_k x + b_kᵀ x) next to the column b_k. One diverging colour scale is
 * shared by all k so their magnitudes compare; zero is the editor background.
 */
import { h, clear, fmt } from './dom';
import { diverging, withAlpha, type Palette } from './theme';

export interface LearnedGenerator { W: number[][]; b: number[] }

export function symmetricPart(W: number[][]): number[][] {
  return W.map((row, i) => row.map((v, j) => v + W[j][i]));
}

export class GeneratorHeatmaps {
  readonly element: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly scaleBar: HTMLCanvasElement;
  private palette: Palette;
  private labels: string[] = [];
  private learned: LearnedGenerator[] = [];
  private canvases: HTMLCanvasElement[] = [];

  constructor(palette: Palette) {
    this.palette = palette;
    this.caption = h('p', { class: 'muted' }, 'Waiting for the first snapshot of the learned generators…');
    this.grid = h('div', { class: 'heatmaps' });
    this.scaleBar = h('canvas', { class: 'colorbar', role: 'img', 'aria-label': 'colour scale' });
    this.element = h('div', {}, this.caption, this.grid, this.scaleBar);
    this.scaleBar.hidden = true;
  }

  /** labels: the phase-space coordinates, q's then p's. */
  setLabels(labels: string[]): void {
    this.labels = labels;
    if (this.learned.length) this.render();
  }

  update(learned: LearnedGenerator[], caption: string): void {
    this.learned = learned;
    this.caption.textContent = caption;
    this.render();
  }

  setPalette(p: Palette): void {
    this.palette = p;
    if (this.learned.length) this.render();
  }

  private render(): void {
    const mats = this.learned.map((g) => ({ A: symmetricPart(g.W), b: g.b }));
    let vmax = 0;
    for (const { A, b } of mats) for (const v of [...A.flat(), ...b]) vmax = Math.max(vmax, Math.abs(v));
    if (!(vmax > 0)) vmax = 1;
    // Reuse canvases when K is unchanged: snapshots arrive many times per run.
    if (this.canvases.length !== mats.length) {
      clear(this.grid);
      this.canvases = mats.map((_, k) => {
        const c = h('canvas', { role: 'img', 'aria-label': `generator ${k + 1}` });
        this.grid.appendChild(h('figure', { class: 'heatmap' }, c, h('figcaption', {}, `C${sub(k + 1)}:  A${sub(k + 1)} | b${sub(k + 1)}`)));
        return c;
      });
    }
    mats.forEach((m, k) => this.drawMatrix(this.canvases[k], m.A, m.b, vmax));
    this.drawScale(vmax);
    this.element.dataset.vmax = String(vmax);
  }

  private drawMatrix(canvas: HTMLCanvasElement, A: number[][], b: number[], vmax: number): void {
    const p = this.palette;
    const M = A.length;
    const cell = Math.max(14, Math.min(42, Math.floor(220 / Math.max(1, M))));
    const showLabels = this.labels.length === M && M <= 10;
    const pad = showLabels ? Math.min(44, 8 + 7 * Math.max(...this.labels.map((l) => l.length))) : 4;
    const gap = Math.max(6, cell / 3);
    const width = pad + (M + 1) * cell + gap + 2;
    const height = pad + M * cell + 2;
    const ctx = setupCanvas(canvas, width, height);
    ctx.clearRect(0, 0, width, height);
    ctx.font = `${Math.max(9, Math.min(12, cell / 3))}px ${p.fontFamily}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const cellAt = (x: number, y: number, v: number) => {
      ctx.fillStyle = diverging(p, v / vmax);
      ctx.fillRect(x, y, cell - 1, cell - 1);
      const label = compact(v);
      if (cell >= 26 && Math.abs(v) >= 0.01 * vmax && ctx.measureText(label).width <= cell - 5) {
        ctx.fillStyle = Math.abs(v / vmax) > 0.6 ? p.background : p.foreground;
        ctx.fillText(label, x + cell / 2, y + cell / 2);
      }
    };
    for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) cellAt(pad + j * cell, pad + i * cell, A[i][j]);
    for (let i = 0; i < M; i++) cellAt(pad + M * cell + gap, pad + i * cell, b[i]);
    // Faint cell lines and a frame so near-zero cells still read as a matrix.
    ctx.strokeStyle = withAlpha(p.grid, 0.7);
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let k = 1; k < M; k++) {
      ctx.moveTo(pad + k * cell - 0.5, pad); ctx.lineTo(pad + k * cell - 0.5, pad + M * cell - 1);
      ctx.moveTo(pad, pad + k * cell - 0.5); ctx.lineTo(pad + M * cell - 1, pad + k * cell - 0.5);
      ctx.moveTo(pad + M * cell + gap, pad + k * cell - 0.5); ctx.lineTo(pad + (M + 1) * cell + gap - 1, pad + k * cell - 0.5);
    }
    ctx.stroke();
    ctx.strokeStyle = p.grid;
    ctx.strokeRect(pad - 0.5, pad - 0.5, M * cell, M * cell);
    ctx.strokeRect(pad + M * cell + gap - 0.5, pad - 0.5, cell, M * cell);
    if (showLabels) {
      ctx.fillStyle = p.muted;
      for (let i = 0; i < M; i++) {
        ctx.textAlign = 'center';
        ctx.fillText(this.labels[i], pad + i * cell + cell / 2, pad / 2);
        ctx.textAlign = 'right';
        ctx.fillText(this.labels[i], pad - 4, pad + i * cell + cell / 2);
      }
      ctx.textAlign = 'center';
      ctx.fillText('b', pad + M * cell + gap + cell / 2, pad / 2);
    }
  }

  private drawScale(vmax: number): void {
    const p = this.palette;
    const width = 240, height = 30;
    const ctx = setupCanvas(this.scaleBar, width, height);
    ctx.clearRect(0, 0, width, height);
    for (let x = 0; x < width - 40; x++) {
      ctx.fillStyle = diverging(p, (2 * x) / (width - 41) - 1);
      ctx.fillRect(20 + x, 2, 1, 10);
    }
    ctx.fillStyle = p.muted;
    ctx.font = `10px ${p.fontFamily}`;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText(`−${fmt(vmax, 2)}`, 2, 16);
    ctx.textAlign = 'center';
    ctx.fillText('0', width / 2, 16);
    ctx.textAlign = 'right';
    ctx.fillText(fmt(vmax, 2), width - 2, 16);
    this.scaleBar.hidden = false;
  }
}

/** Size a canvas in CSS pixels and scale its backing store for crisp HiDPI output. */
export function setupCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/** Two significant digits in as few characters as possible ("1.5", "−0.03", "−2e-3"). */
export function compact(v: number): string {
  const a = Math.abs(v);
  const s = a >= 0.01 && a < 1000 ? String(Number(v.toPrecision(2))) : v.toExponential(0).replace('e+', 'e');
  return s.replace('-', '−');
}

const SUB = '₀₁₂₃₄₅₆₇₈₉';
export function sub(n: number): string {
  return String(n).split('').map((d) => SUB[Number(d)]).join('');
}

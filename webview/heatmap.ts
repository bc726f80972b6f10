/**
 * Matrices as heatmaps: the symmetric matrix A next to the column b of a
 * quadratic quantity C(x) = ½ xᵀA x + bᵀx.
 *
 * During training they are the raw learned generators G_k (A_k = W_k + W_kᵀ:
 * only the symmetric part of W_k enters the quantity). When the results
 * arrive, the read-out quantities C_i — the matrices of the formulas on the
 * cards — are drawn first, then the raw generators, each raw one with its
 * least-squares mixture of the C_i, so the relation between a raw generator's
 * entries and a formula's coefficients is stated, not left to guess.
 *
 * Every matrix has its own diverging colour scale (zero is the editor
 * background, ±max|entry| full colour), drawn under it with its range, and
 * every non-zero entry is printed in its cell when the number fits.
 */
import { h, clear, fmt } from './dom';
import { diverging, parseColor, withAlpha, type Palette } from './theme';

export interface LearnedGenerator { W: number[][]; b: number[] }
export interface QuadraticMatrix { A: number[][]; b: number[] }
export interface ReadoutMatrix extends QuadraticMatrix { unicode: string; verdict: string }

export function symmetricPart(W: number[][]): number[][] {
  return W.map((row, i) => row.map((v, j) => v + W[j][i]));
}

/** Largest |entry| of A and b (1 when all are zero, so the scale stays finite). */
export function matrixScale(m: QuadraticMatrix): number {
  let vmax = 0;
  for (const v of [...m.A.flat(), ...m.b]) vmax = Math.max(vmax, Math.abs(v));
  return vmax > 0 ? vmax : 1;
}

/**
 * Least-squares coefficients c with G ≈ Σ c_i C_i over the entries of (A, b),
 * and the relative residual |G − Σ c_i C_i| / |G|. null when the C_i are degenerate.
 */
export function mixtureOf(G: QuadraticMatrix, Cs: QuadraticMatrix[]): { coefficients: number[]; residual: number } | null {
  const vec = (m: QuadraticMatrix) => [...m.A.flat(), ...m.b];
  const g = vec(G);
  const cs = Cs.map(vec);
  const r = cs.length;
  if (!r) return null;
  const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
  // Normal equations, Gaussian elimination with partial pivoting (r is small).
  const M = cs.map((ci) => [...cs.map((cj) => dot(ci, cj)), dot(ci, g)]);
  for (let col = 0; col < r; col++) {
    let piv = col;
    for (let row = col + 1; row < r; row++) if (Math.abs(M[row][col]) > Math.abs(M[piv][col])) piv = row;
    if (!(Math.abs(M[piv][col]) > 1e-12 * Math.max(1, Math.abs(M[col][col])))) return null;
    [M[col], M[piv]] = [M[piv], M[col]];
    for (let row = 0; row < r; row++) {
      if (row === col) continue;
      const f = M[row][col] / M[col][col];
      for (let k = col; k <= r; k++) M[row][k] -= f * M[col][k];
    }
  }
  const coefficients = M.map((row, i) => row[r] / row[i]);
  const fit = g.map((_, k) => cs.reduce((s, c, i) => s + coefficients[i] * c[k], 0));
  const norm = Math.sqrt(dot(g, g));
  const res = Math.sqrt(g.reduce((s, v, k) => s + (v - fit[k]) ** 2, 0));
  return { coefficients, residual: norm > 0 ? res / norm : 0 };
}

/** "−6 C₁ + 0.42 C₂" */
export function mixtureText(coefficients: number[]): string {
  const terms = coefficients.map((c, i) => ({ c, i })).filter(({ c }) => Math.abs(c) >= 1e-3 * Math.max(...coefficients.map(Math.abs)));
  if (!terms.length) return '0';
  return terms.map(({ c, i }, k) => {
    const mag = compact(Math.abs(c));
    const sign = c < 0 ? (k ? ' − ' : '−') : k ? ' + ' : '';
    return `${sign}${mag} C${sub(i + 1)}`;
  }).join('');
}

interface Figure { canvas: HTMLCanvasElement; bar: HTMLCanvasElement; caption: HTMLElement; m: QuadraticMatrix }

export class GeneratorHeatmaps {
  readonly element: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly readoutGroup: HTMLElement;
  private readonly readoutGrid: HTMLElement;
  private readonly rawTitle: HTMLElement;
  private readonly rawGrid: HTMLElement;
  private readonly relation: HTMLElement;
  private palette: Palette;
  private labels: string[] = [];
  private learned: LearnedGenerator[] = [];
  private readout: ReadoutMatrix[] | null = null;
  private figures: Figure[] = [];

  constructor(palette: Palette) {
    this.palette = palette;
    this.caption = h('p', { class: 'muted' }, 'Waiting for the first snapshot of the learned generators…');
    this.readoutGrid = h('div', { class: 'heatmaps', id: 'heatmaps-readout' });
    this.readoutGroup = h('div', { class: 'heatmap-group' },
      h('h3', {}, 'Read-out quantities: the matrices of the formulas'), this.readoutGrid);
    this.readoutGroup.hidden = true;
    this.rawTitle = h('h3', {}, 'Raw learned generators');
    this.rawTitle.hidden = true;
    this.rawGrid = h('div', { class: 'heatmaps', id: 'heatmaps-raw' });
    this.relation = h('p', { class: 'muted heatmap-relation', id: 'heatmap-relation' });
    this.relation.hidden = true;
    this.element = h('div', {}, this.caption, this.readoutGroup,
      h('div', { class: 'heatmap-group' }, this.rawTitle, this.rawGrid), this.relation);
  }

  /** labels: the phase-space coordinates, q's then p's. */
  setLabels(labels: string[]): void {
    this.labels = labels;
    if (this.learned.length) this.render();
  }

  /** Raw generators only (live snapshots during training). */
  update(learned: LearnedGenerator[], caption: string): void {
    this.learned = learned;
    this.readout = null;
    this.caption.textContent = caption;
    this.render();
  }

  /** The final readout: the formulas' matrices, then the raw generators and how they relate. */
  showFinal(readout: ReadoutMatrix[], learned: LearnedGenerator[], rank: number): void {
    this.learned = learned;
    this.readout = readout;
    this.caption.textContent = readout.length
      ? `${readout.length === 1 ? `The formula C${sub(1)} on its card is` : `Each formula C${sub(1)}…C${sub(readout.length)} on the cards is`} the cleaned readout of the raw generators below, drawn as its own A | b (C = ½ xᵀA x + bᵀx, in the CSV’s units).`
      : `No quantity was read out (rank 0); the raw generators are below, in the CSV’s units.`;
    this.relation.textContent =
      `How they relate: the readout stacks the ${learned.length} raw (A_k, b_k), keeps the top ${rank} singular direction${rank === 1 ? '' : 's'} of their span ` +
      '(see the spectrum), writes them in a canonical basis, drops coefficients below the span’s uncertainty and snaps near-simple ratios as far as the data allow. ' +
      'A raw generator is therefore a mixture of the read-out quantities, at any scale and sign, plus directions the razor shrank towards zero: ' +
      'its entries are not a formula’s coefficients. Under each raw generator: its least-squares mixture of the C_i and the part the C_i do not explain.';
    this.render();
  }

  setPalette(p: Palette): void {
    this.palette = p;
    if (this.learned.length) this.render();
  }

  private render(): void {
    const raw = this.learned.map((g) => ({ A: symmetricPart(g.W), b: g.b }));
    const readout = this.readout ?? [];
    const final = this.readout !== null;
    this.readoutGroup.hidden = !final || readout.length === 0;
    this.rawTitle.hidden = !final;
    this.relation.hidden = !final || readout.length === 0;
    this.rawTitle.textContent = `Raw learned generators G${sub(1)}…G${sub(raw.length)} (A = W + Wᵀ | b), before the readout`;

    // Rebuild the figures when their number changes; snapshots arrive many times per run.
    const want = readout.length + raw.length;
    if (this.figures.length !== want || this.element.dataset.final !== String(final)) {
      clear(this.readoutGrid);
      clear(this.rawGrid);
      this.figures = [];
      readout.forEach((_, i) => this.figures.push(this.figure(this.readoutGrid, `readout ${i + 1}`, 'heatmap heatmap-readout')));
      raw.forEach((_, k) => this.figures.push(this.figure(this.rawGrid, `raw generator ${k + 1}`, 'heatmap heatmap-raw')));
    }
    readout.forEach((q, i) => {
      const f = this.figures[i];
      f.m = q;
      f.caption.textContent = `C${sub(i + 1)} = ${q.unicode}`;
      f.caption.title = q.verdict;
    });
    raw.forEach((g, k) => {
      const f = this.figures[readout.length + k];
      f.m = g;
      const mix = final && readout.length ? mixtureOf(g, readout) : null;
      f.caption.textContent = `G${sub(k + 1)}` + (mix ? ` ≈ ${mixtureText(mix.coefficients)} (unexplained ${fmt(100 * mix.residual, 2)} %)` : '');
    });
    for (const f of this.figures) this.drawFigure(f);
    this.element.dataset.final = String(final);
  }

  private figure(parent: HTMLElement, label: string, cls: string): Figure {
    const canvas = h('canvas', { role: 'img', 'aria-label': label });
    const bar = h('canvas', { class: 'colorbar', role: 'img' });
    const caption = h('figcaption', {});
    parent.appendChild(h('figure', { class: cls }, canvas, bar, caption));
    return { canvas, bar, caption, m: { A: [], b: [] } };
  }

  private drawFigure(f: Figure): void {
    const vmax = matrixScale(f.m);
    const width = this.drawMatrix(f.canvas, f.m.A, f.m.b, vmax);
    this.drawScale(f.bar, vmax, width);
    f.canvas.dataset.vmax = String(vmax);
  }

  /** Draws A | b on its own scale; returns the width used (CSS px). */
  private drawMatrix(canvas: HTMLCanvasElement, A: number[][], b: number[], vmax: number): number {
    const p = this.palette;
    const M = A.length;
    const cell = Math.max(28, Math.min(44, Math.floor(220 / Math.max(1, M))));
    const numberFont = `${Math.max(10, Math.min(12, Math.floor(cell / 3.4)))}px ${p.fontFamily}`;
    const labelFont = `${Math.max(11, Math.min(13, p.fontSize - 1))}px ${p.fontFamily}`;
    const showLabels = this.labels.length === M && M <= 12;
    // Measure the labels so a long one ("omega", "p_theta") is never clipped.
    const measure = document.createElement('canvas').getContext('2d')!;
    measure.font = labelFont;
    const labelWidth = showLabels ? Math.max(...this.labels.map((l) => measure.measureText(l).width)) : 0;
    const padLeft = showLabels ? Math.ceil(labelWidth) + 10 : 4;
    const padTop = showLabels ? 20 : 4;
    const gap = Math.max(6, Math.round(cell / 3));
    const width = padLeft + (M + 1) * cell + gap + 2;
    const height = padTop + M * cell + 2;
    const ctx = setupCanvas(canvas, width, height);
    ctx.clearRect(0, 0, width, height);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    let labelled = 0;
    const cellAt = (x: number, y: number, v: number) => {
      const fill = diverging(p, v / vmax);
      ctx.fillStyle = fill;
      ctx.fillRect(x, y, cell - 1, cell - 1);
      if (v === 0) return;
      ctx.font = numberFont;
      const label = compact(v);
      if (ctx.measureText(label).width <= cell - 4) {
        ctx.fillStyle = contrastText(fill, p);
        ctx.fillText(label, x + cell / 2, y + cell / 2);
        labelled++;
      }
    };
    for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) cellAt(padLeft + j * cell, padTop + i * cell, A[i][j]);
    for (let i = 0; i < M; i++) cellAt(padLeft + M * cell + gap, padTop + i * cell, b[i]);
    // Faint cell lines and a frame so near-zero cells still read as a matrix.
    ctx.strokeStyle = withAlpha(p.grid, 0.7);
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let k = 1; k < M; k++) {
      ctx.moveTo(padLeft + k * cell - 0.5, padTop); ctx.lineTo(padLeft + k * cell - 0.5, padTop + M * cell - 1);
      ctx.moveTo(padLeft, padTop + k * cell - 0.5); ctx.lineTo(padLeft + M * cell - 1, padTop + k * cell - 0.5);
      ctx.moveTo(padLeft + M * cell + gap, padTop + k * cell - 0.5); ctx.lineTo(padLeft + (M + 1) * cell + gap - 1, padTop + k * cell - 0.5);
    }
    ctx.stroke();
    ctx.strokeStyle = p.grid;
    ctx.strokeRect(padLeft - 0.5, padTop - 0.5, M * cell, M * cell);
    ctx.strokeRect(padLeft + M * cell + gap - 0.5, padTop - 0.5, cell, M * cell);
    if (showLabels) {
      ctx.fillStyle = p.muted;
      ctx.font = labelFont;
      for (let i = 0; i < M; i++) {
        ctx.textAlign = 'center';
        ctx.fillText(this.labels[i], padLeft + i * cell + cell / 2, padTop / 2, cell - 2);
        ctx.textAlign = 'right';
        ctx.fillText(this.labels[i], padLeft - 5, padTop + i * cell + cell / 2);
      }
      ctx.textAlign = 'center';
      ctx.fillText('b', padLeft + M * cell + gap + cell / 2, padTop / 2);
    }
    canvas.dataset.layout = JSON.stringify({ padLeft, padTop, cell, gap, M, labelWidth });
    canvas.dataset.labelled = String(labelled);
    return width;
  }

  private drawScale(bar: HTMLCanvasElement, vmax: number, width: number): void {
    const p = this.palette;
    const height = 26;
    const ctx = setupCanvas(bar, width, height);
    ctx.clearRect(0, 0, width, height);
    const x0 = 4, w = width - 8;
    for (let x = 0; x < w; x++) {
      ctx.fillStyle = diverging(p, (2 * x) / (w - 1) - 1);
      ctx.fillRect(x0 + x, 2, 1, 8);
    }
    ctx.strokeStyle = p.grid;
    ctx.strokeRect(x0 - 0.5, 1.5, w + 1, 9);
    ctx.fillStyle = p.muted;
    ctx.font = `10px ${p.fontFamily}`;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText(`−${fmt(vmax, 2)}`, 2, 13);
    ctx.textAlign = 'center';
    ctx.fillText('0', width / 2, 13);
    ctx.textAlign = 'right';
    ctx.fillText(fmt(vmax, 2), width - 2, 13);
    bar.setAttribute('aria-label', `colour scale of this matrix: −${fmt(vmax, 2)} to ${fmt(vmax, 2)}`);
    bar.dataset.range = fmt(vmax, 2);
  }
}

/** The theme's foreground or background, whichever contrasts more with the fill. */
function contrastText(fill: string, p: Palette): string {
  const lum = (c: string) => {
    const [r, g, b] = parseColor(c).map((v) => v / 255);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const f = lum(fill);
  return Math.abs(lum(p.foreground) - f) >= Math.abs(lum(p.background) - f) ? p.foreground : p.background;
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

/**
 * Hand-written SVG for the two figures (no plotting dependency):
 *  - figure3: the learned singular values per number of oscillators n, on a
 *    log axis, one panel per n (paper Figure 3); the first n² highlighted.
 *  - figure2: the learned Hamiltonians of the single oscillator (vanilla,
 *    learned, oracle) and the true one on phase space, as heat maps with
 *    contour lines, one panel each (paper Figure 2).
 * Every panel is a <g class="panel">, every plotted series a <g class="series">.
 */
import type { ReproduceResult } from './types';

const PANEL = 220; // plot area (px)
const MARGIN = { left: 52, right: 14, top: 34, bottom: 40 };
const CELL_W = MARGIN.left + PANEL + MARGIN.right;
const CELL_H = MARGIN.top + PANEL + MARGIN.bottom;

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const f = (v: number) => (Math.round(v * 100) / 100).toString();

function svgDocument(panels: string[], title: string): string {
  const width = Math.max(1, panels.length) * CELL_W;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${CELL_H + 24}" viewBox="0 0 ${width} ${CELL_H + 24}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="16" text-anchor="middle" font-size="13">${escapeXml(title)}</text>`,
    ...panels.map((p, i) => `<g class="panel" transform="translate(${i * CELL_W},24)">\n${p}\n</g>`),
    '</svg>',
    '',
  ].join('\n');
}

function frame(title: string, xLabel: string, yLabel: string): string[] {
  const { left, top } = MARGIN;
  return [
    `<text x="${left + PANEL / 2}" y="${top - 10}" text-anchor="middle" font-size="12">${escapeXml(title)}</text>`,
    `<rect x="${left}" y="${top}" width="${PANEL}" height="${PANEL}" fill="none" stroke="#333"/>`,
    `<text x="${left + PANEL / 2}" y="${top + PANEL + 32}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text x="14" y="${top + PANEL / 2}" text-anchor="middle" transform="rotate(-90 14 ${top + PANEL / 2})">${escapeXml(yLabel)}</text>`,
  ];
}

// ------------------------------------------------------------------ figure 3

/** One panel per experiment: σ_i against i on a log axis; the first n² filled, the rest open. */
export function spectraSvg(r: ReproduceResult): string {
  const panels: string[] = [];
  for (const e of r.experiments) {
    const m = e.models.find((x) => x.readout);
    if (!m?.readout) continue;
    const n = e.dim / 2;
    const t = n * n;
    const s = m.readout.singularValues;
    const K = m.config.model.K;
    const positive = s.filter((v) => v > 0 && Number.isFinite(v));
    const hi = Math.ceil(Math.log10(Math.max(...positive, 1e-12)));
    const lo = Math.min(hi - 1, Math.floor(Math.log10(Math.min(...positive, 10 ** hi))));
    const x = (i: number) => MARGIN.left + (PANEL * (i - 0.5)) / Math.max(K, s.length, 1);
    const y = (v: number) => MARGIN.top + (PANEL * (hi - Math.log10(Math.max(v, 10 ** lo)))) / (hi - lo);
    const parts = frame(`n = ${n}`, 'index i', 'singular value σᵢ');
    for (let d = lo; d <= hi; d++) {
      parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + PANEL}" y1="${f(y(10 ** d))}" y2="${f(y(10 ** d))}" stroke="#ddd"/>`);
      parts.push(`<text x="${MARGIN.left - 4}" y="${f(y(10 ** d) + 4)}" text-anchor="end">1e${d}</text>`);
    }
    if (t < s.length) {
      const xc = (x(t) + x(t + 1)) / 2;
      parts.push(`<line x1="${f(xc)}" x2="${f(xc)}" y1="${MARGIN.top}" y2="${MARGIN.top + PANEL}" stroke="#c33" stroke-dasharray="4 3"/>`);
      parts.push(`<text x="${f(xc + 3)}" y="${MARGIN.top + 12}" fill="#c33">n² = ${t}</text>`);
    }
    parts.push(`<g class="series" data-n="${n}">`);
    s.forEach((v, k) => {
      const fill = k < t ? '#1f5fa8' : 'white';
      parts.push(`<circle cx="${f(x(k + 1))}" cy="${f(y(v))}" r="3" fill="${fill}" stroke="#1f5fa8"><title>σ${k + 1} = ${v.toExponential(3)}</title></circle>`);
    });
    parts.push('</g>');
    panels.push(parts.join('\n'));
  }
  return svgDocument(panels, `Learned singular values, n = 1…${panels.length} oscillators (K = ${r.experiments[0]?.models[0]?.config.model.K ?? '?'})`);
}

// ------------------------------------------------------------------ figure 2

/** Blue → yellow colour ramp, t in [0, 1]. */
function ramp(t: number): string {
  const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  const u = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(u));
  const w = u - i;
  const c = stops[i].map((a, k) => Math.round(a + w * (stops[i + 1][k] - a)));
  return `rgb(${c.join(',')})`;
}

/**
 * Contour segments of H (rows over p, columns over q) at `level` by marching
 * squares, in grid-index coordinates (i along q, j along p).
 */
export function contourSegments(H: number[][], level: number): [number, number, number, number][] {
  const segs: [number, number, number, number][] = [];
  for (let j = 0; j + 1 < H.length; j++) {
    for (let i = 0; i + 1 < H[j].length; i++) {
      // Corners counter-clockwise from (i, j); edges between consecutive corners.
      const c: [number, number, number][] = [[i, j, H[j][i]], [i + 1, j, H[j][i + 1]], [i + 1, j + 1, H[j + 1][i + 1]], [i, j + 1, H[j + 1][i]]];
      const hits: [number, number][] = [];
      for (let k = 0; k < 4; k++) {
        const [x0, y0, v0] = c[k];
        const [x1, y1, v1] = c[(k + 1) % 4];
        if ((v0 < level) !== (v1 < level)) {
          const w = (level - v0) / (v1 - v0);
          hits.push([x0 + w * (x1 - x0), y0 + w * (y1 - y0)]);
        }
      }
      // 2 crossings: one segment; 4 (a saddle): pair them in order.
      for (let k = 0; k + 1 < hits.length; k += 2) segs.push([hits[k][0], hits[k][1], hits[k + 1][0], hits[k + 1][1]]);
    }
  }
  return segs;
}

function heatmapPanel(title: string, q: number[], p: number[], H: number[][], train: { q: number[]; p: number[] }[]): string {
  const parts = frame(title, 'q', 'p');
  const flat = H.flat().filter(Number.isFinite);
  const lo = Math.min(...flat);
  const hi = Math.max(...flat);
  const span = hi - lo || 1;
  const nq = q.length;
  const np = p.length;
  const cw = PANEL / nq;
  const ch = PANEL / np;
  // Row j = p[j]; p grows upwards.
  const gx = (i: number) => MARGIN.left + (i + 0.5) * cw;
  const gy = (j: number) => MARGIN.top + PANEL - (j + 0.5) * ch;
  parts.push('<g class="heatmap">');
  for (let j = 0; j < np; j++) {
    for (let i = 0; i < nq; i++) {
      parts.push(`<rect x="${f(gx(i) - cw / 2)}" y="${f(gy(j) - ch / 2)}" width="${f(cw + 0.3)}" height="${f(ch + 0.3)}" fill="${ramp((H[j][i] - lo) / span)}"/>`);
    }
  }
  parts.push('</g>', '<g class="contours" fill="none" stroke="white" stroke-width="0.8" stroke-opacity="0.8">');
  for (let l = 1; l <= 8; l++) {
    const d = contourSegments(H, lo + (span * l) / 9)
      .map(([x0, y0, x1, y1]) => `M${f(gx(x0))} ${f(gy(y0))}L${f(gx(x1))} ${f(gy(y1))}`)
      .join('');
    if (d) parts.push(`<path d="${d}"/>`);
  }
  parts.push('</g>', '<g class="data" fill="none" stroke="#e0323b" stroke-width="1.2">');
  const sx = (v: number) => MARGIN.left + ((v - q[0]) / (q[nq - 1] - q[0])) * (PANEL - cw) + cw / 2;
  const sy = (v: number) => MARGIN.top + PANEL - (((v - p[0]) / (p[np - 1] - p[0])) * (PANEL - ch) + ch / 2);
  for (const tr of train) parts.push(`<polyline points="${tr.q.map((v, k) => `${f(sx(v))},${f(sy(tr.p[k]))}`).join(' ')}"/>`);
  parts.push('</g>');
  const tick = (v: number) => v.toFixed(1);
  parts.push(`<text x="${MARGIN.left}" y="${MARGIN.top + PANEL + 14}" text-anchor="middle">${tick(q[0])}</text>`);
  parts.push(`<text x="${MARGIN.left + PANEL}" y="${MARGIN.top + PANEL + 14}" text-anchor="middle">${tick(q[nq - 1])}</text>`);
  parts.push(`<text x="${MARGIN.left - 4}" y="${MARGIN.top + PANEL}" text-anchor="end">${tick(p[0])}</text>`);
  parts.push(`<text x="${MARGIN.left - 4}" y="${MARGIN.top + 8}" text-anchor="end">${tick(p[np - 1])}</text>`);
  return parts.join('\n');
}

/** One heat-map panel per trained model, then the true H = (q² + p²)/2; red: training trajectories. */
export function hamiltoniansSvg(r: ReproduceResult): string {
  const g = r.figure2;
  if (!g) throw new Error('hamiltoniansSvg: the result has no figure2 grid');
  const models = r.experiments.flatMap((e) => e.models).filter((m) => m.hamiltonian);
  const panels = models.map((m) => heatmapPanel(m.role === 'oracle' ? 'oracle SO(2)' : m.role, g.q, g.p, m.hamiltonian!, g.train));
  panels.push(heatmapPanel('true H = (q² + p²)/2', g.q, g.p, g.trueH, g.train));
  return svgDocument(panels, 'Learned Hamiltonians of the harmonic oscillator (colour: H, lines: level sets, red: training data)');
}

export function figureSvg(r: ReproduceResult): string | undefined {
  if (r.target === 'figure3') return spectraSvg(r);
  if (r.target === 'figure2' && r.figure2) return hamiltoniansSvg(r);
  return undefined;
}

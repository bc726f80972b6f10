/**
 * Tiny DOM helpers. Everything is built with createElement and CSSOM, never
 * with innerHTML, so nothing trips the panel's strict Content-Security-Policy
 * (a parsed `style="…"` attribute would be blocked without 'unsafe-inline').
 */

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

export function clear(el: Node): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** A titled card section of the panel. */
export function section(id: string, title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'card', id }, h('h2', {}, title), ...children);
}

/** Compact number formatting for tables and labels (4 significant digits). */
export function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return x === undefined || x === null ? '—' : String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(Math.max(0, digits - 2)).replace('e+', 'e');
  return String(Number(x.toPrecision(digits)));
}

/** Label a log-axis tick only at 1, 2 and 5 × 10^k (the grid keeps every tick). */
export function logTickLabel(v: number): string {
  if (!(v > 0)) return '';
  const e = Math.floor(Math.log10(v) + 1e-9);
  const m = v / Math.pow(10, e);
  if (![1, 2, 5].some((k) => Math.abs(m - k) < 1e-6)) return '';
  return Math.abs(e) >= 4 ? (m === 1 ? `1e${e}` : `${Math.round(m)}e${e}`) : String(Number(v.toPrecision(1)));
}

/**
 * Chart.js tick callback for log axes: across several decades label 1, 2, 5
 * × 10^k; within a narrow range (KL/N often spans less than a decade) label
 * up to six evenly picked ticks so the axis is never left unlabelled.
 */
export function logAxisLabel(v: number, index: number, ticks: { value: number }[]): string {
  const lo = ticks[0]?.value, hi = ticks[ticks.length - 1]?.value;
  if (lo > 0 && hi / lo < 30) {
    // Chart.js adds the data's own min and max as end ticks: label only round ones.
    const round = (x: number) => Number(x.toPrecision(1)) === x;
    const inner = ticks.map((_, i) => i).filter((i) => round(ticks[i].value));
    const every = Math.ceil(inner.length / 6);
    const k = inner.indexOf(index);
    return k >= 0 && k % every === 0 ? fmt(v, 2) : '';
  }
  return logTickLabel(v);
}

export function fmtDuration(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '—';
  if (sec < 60) return `${sec.toFixed(sec < 10 ? 1 : 0)} s`;
  const m = Math.floor(sec / 60);
  return `${m} min ${Math.round(sec - 60 * m)} s`;
}

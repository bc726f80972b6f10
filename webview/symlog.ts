/**
 * A symmetric-log axis for Chart.js: y ↦ sign(y)·log10(1 + |y|/C).
 *
 * −ELBO and NLL per data point start large and positive and, with a small
 * observation noise, end negative (the Gaussian log-density exceeds 1), so a
 * plain log axis cannot show them. Symlog is linear within ±C of zero and
 * logarithmic beyond, so both the early decades of improvement and the
 * sign change stay readable. Ticks sit at 0 and ±C·10^k.
 */
import { LinearScale, type LinearScaleOptions } from 'chart.js';

export const SYMLOG_THRESHOLD = 1;

export function symlog(y: number, c = SYMLOG_THRESHOLD): number {
  return Math.sign(y) * Math.log10(1 + Math.abs(y) / c);
}

export function symexp(t: number, c = SYMLOG_THRESHOLD): number {
  return Math.sign(t) * c * (Math.pow(10, Math.abs(t)) - 1);
}

/** Tick values covering [min, max]: 0 and ±C·10^k, extended to enclose the data. */
export function symlogTicks(min: number, max: number, c = SYMLOG_THRESHOLD): number[] {
  const up = (v: number) => (v <= 0 ? 0 : c * Math.pow(10, Math.ceil(Math.log10(v / c) - 1e-9)));
  const lo = min < 0 ? -up(-min) : min >= c ? c * Math.pow(10, Math.floor(Math.log10(min / c) + 1e-9)) : 0;
  const hi = max > 0 ? up(max) : max <= -c ? -c * Math.pow(10, Math.floor(Math.log10(-max / c) + 1e-9)) : 0;
  const ticks: number[] = [];
  for (let k = 12; k >= 0; k--) { const v = -c * Math.pow(10, k); if (v >= lo && v < 0) ticks.push(v); }
  if (lo <= 0 && hi >= 0) ticks.push(0);
  for (let k = 0; k <= 12; k++) { const v = c * Math.pow(10, k); if (v <= hi && v > 0) ticks.push(v); }
  if (ticks.length < 2) return [lo, hi];
  // On wide ranges ±C sit almost on top of 0: keep 0 and the decades beyond.
  if (ticks.length > 5 && ticks.includes(0)) {
    const trimmed = ticks.filter((v) => Math.abs(v) !== c);
    if (trimmed.length >= 3) ticks.splice(0, ticks.length, ...trimmed);
  }
  // Thin out long ranges so labels do not collide: keep every n-th decade.
  const step = Math.ceil(ticks.length / 8);
  return step > 1 ? ticks.filter((v, i) => v === 0 || i % step === 0 || i === ticks.length - 1) : ticks;
}

export function formatSymlogTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4) return `${v < 0 ? '−' : ''}1e${Math.round(Math.log10(a))}`;
  return v < 0 ? `−${a}` : String(a);
}

export class SymlogScale extends LinearScale {
  static override id = 'symlog';
  private tStart = 0;
  private tRange = 1;

  override buildTicks() {
    const ticks = symlogTicks(this.min, this.max).map((value) => ({ value }));
    // The axis spans exactly the outermost ticks (whole decades).
    this.min = ticks[0].value;
    this.max = ticks[ticks.length - 1].value;
    if (this.min === this.max) this.max = this.min + 1;
    (this as unknown as { start: number; end: number }).start = this.min;
    (this as unknown as { start: number; end: number }).end = this.max;
    return ticks;
  }

  override configure() {
    super.configure();
    this.tStart = symlog(this.min);
    this.tRange = symlog(this.max) - this.tStart || 1;
  }

  override getPixelForValue(value: number) {
    if (value === null || value === undefined || Number.isNaN(value)) return NaN;
    return this.getPixelForDecimal((symlog(value) - this.tStart) / this.tRange);
  }

  override getValueForPixel(pixel: number) {
    return symexp(this.tStart + this.getDecimalForPixel(pixel) * this.tRange);
  }

  override getLabelForValue(value: number) {
    return formatSymlogTick(value);
  }
}

declare module 'chart.js' {
  interface CartesianScaleTypeRegistry {
    symlog: { options: LinearScaleOptions };
  }
}

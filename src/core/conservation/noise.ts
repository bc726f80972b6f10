/**
 * The measurement noise the data carry, per coordinate, estimated from the
 * data alone (docs/method.md, "Verdicts").
 *
 * A smooth trajectory sampled at times t_0 < … < t_{d+1} is annihilated, up
 * to its (d+1)-th derivative, by the divided difference of order d+1; white
 * measurement noise of variance σ² is not. With u the divided-difference
 * weights normalised to |u| = 1, (uᵀx)² is σ² times a χ²(1) variable plus a
 * leak of the signal that falls like (ω Δt)^{2(d+1)}; we take its median over
 * all windows (robust to a few windows where the signal changes abruptly). So each order d gives an
 * unbiased estimate of σ² plus a leak that shrinks with d: per coordinate we
 * find the first order where raising it no longer lowers the estimate beyond
 * its sampling error (a plateau) and report the higher of the two orders;
 * without a plateau, the lowest estimate, flagged as an upper bound.
 *
 * Uneven time steps are handled exactly (the weights use the actual times).
 * The estimate is in the data's own units, so rescaling a column rescales
 * its σ by the same factor and nothing else changes.
 */
import type { Trajectory } from '../data/types';
import { fCritical } from './stats';

/** Highest divided-difference order tried (windows of MAX_ORDER + 2 samples). */
export const MAX_ORDER = 6;
/** Relative floor of σ (float64 round-off on values of the data's size). */
const RELATIVE_FLOOR = 1e-13;
/** The median of χ²(1). */
const MEDIAN_CHI2_1 = 0.454936;
/**
 * Asymptotic efficiency of the median against the mean for a σ² estimate from
 * χ²(1) terms: 2 / (1 / (4 f(m)²) / m²), f the χ²(1) density at its median m.
 */
const MEDIAN_EFFICIENCY = 0.368;
/** Significance of a drop between orders that counts as signal (choosePlateau). */
const PLATEAU_ALPHA = 0.01;

export interface NoiseEstimate {
  /** σ per coordinate, in the data's units. */
  sigma: number[];
  /** Effective degrees of freedom of each σ² estimate (overlapping windows counted by their correlation). */
  dof: number[];
  /** Polynomial order d whose residuals gave each σ (windows of d + 2 samples). */
  order: number[];
  /** True where no plateau was reached: the signal may still leak in, σ is an upper bound. */
  upperBound: boolean[];
  /** σ² estimate per order (rows: order 1…, columns: coordinate), for the report. */
  byOrder: number[][];
}

export function estimateNoise(trajectories: readonly Trajectory[]): NoiseEstimate {
  const usable = trajectories.filter((t) => t.states.length >= 3);
  const M = usable[0]?.states[0].length ?? trajectories[0]?.states[0]?.length ?? 0;
  const longest = usable.reduce((m, t) => Math.max(m, t.states.length), 0);
  const maxOrder = Math.min(MAX_ORDER, longest - 2);
  const byOrder: number[][] = [];
  const independent: number[] = [];
  for (let d = 1; d <= maxOrder; d++) {
    const squares: number[][] = Array.from({ length: M }, () => []);
    let count = 0;
    // Overlapping windows share samples: Var(Σ (uᵀe)²) = 2σ⁴ (m + 2 Σ_pairs ρ²) with ρ the overlap uᵀu'.
    let overlap2 = 0;
    const w = d + 2;
    for (const tr of usable) {
      const T = tr.states.length;
      if (T < w) continue;
      const us: Float64Array[] = [];
      for (let s = 0; s + w <= T; s++) {
        const u = new Float64Array(w);
        const ok = dividedDifferenceWeights(tr.t, s, w, u);
        us.push(ok ? u : new Float64Array(0));
        if (!ok) continue;
        for (let i = 0; i < M; i++) {
          let r = 0;
          for (let j = 0; j < w; j++) r += u[j] * tr.states[s + j][i];
          squares[i].push(r * r);
        }
        count++;
      }
      for (let s = 0; s < us.length; s++) {
        for (let k = 1; k < w && s + k < us.length; k++) {
          const a = us[s];
          const b = us[s + k];
          if (!a.length || !b.length) continue;
          let rho = 0;
          for (let j = 0; j + k < w; j++) rho += a[j + k] * b[j];
          overlap2 += rho * rho;
        }
      }
    }
    if (count === 0) break;
    // The median, not the mean: a few windows where the signal changes abruptly (a close encounter of
    // two bodies) would dominate a mean and pass for noise. For Gaussian noise the median of (uᵀe)² is
    // MEDIAN_CHI2_1 σ², and it carries MEDIAN_EFFICIENCY of the mean's degrees of freedom.
    byOrder.push(squares.map((v) => median(v) / MEDIAN_CHI2_1));
    independent.push(Math.max(1, (MEDIAN_EFFICIENCY * count * count) / (count + 2 * overlap2)));
  }
  const scaleOf = coordinateScale(usable, M);
  const sigma: number[] = [];
  const dof: number[] = [];
  const order: number[] = [];
  const upperBound: boolean[] = [];
  for (let i = 0; i < M; i++) {
    const est = byOrder.map((row) => row[i]);
    const pick = choosePlateau(est, independent);
    const floor = RELATIVE_FLOOR * scaleOf[i];
    const s2 = est.length ? est[pick.index] : NaN;
    sigma.push(Number.isFinite(s2) ? Math.max(Math.sqrt(s2), floor) : NaN);
    dof.push(est.length ? independent[pick.index] : 0);
    order.push(pick.index + 1);
    upperBound.push(pick.upperBound);
  }
  return { sigma, dof, order, upperBound, byOrder };
}

/**
 * The first order from which the estimates stop falling: with three or more
 * orders left, no significant downward trend of log σ̂² (a leak that shrinks
 * slowly but steadily, as on rough exact data with close encounters of
 * bodies, shows as a trend, not as one significant step); with two, no drop
 * beyond the F test's 1 % critical value between them. The next order's
 * estimate is reported (same noise, less leak). When no order qualifies, the
 * smallest estimate, flagged as an upper bound.
 */
function choosePlateau(est: number[], dof: number[]): { index: number; upperBound: boolean } {
  if (est.length === 0) return { index: 0, upperBound: true };
  for (let d = 0; d + 1 < est.length; d++) {
    if (d + 2 < est.length) {
      // Three or more orders from d on: no significant downward trend of log σ² (a leak falls steadily).
      if (!decliningTrend(est.slice(d), dof.slice(d))) return { index: d + 1, upperBound: false };
      continue;
    }
    if (est[d + 1] > 0 && est[d] / est[d + 1] < fCritical(PLATEAU_ALPHA, dof[d + 1], dof[d])) return { index: d + 1, upperBound: false };
  }
  let best = 0;
  for (let d = 1; d < est.length; d++) if (est[d] < est[best]) best = d;
  return { index: best, upperBound: true };
}

/**
 * Is log σ̂² falling with the order, beyond its sampling error? Weighted least
 * squares of log σ̂²_d on d (var log σ̂² ≈ 2/k for k degrees of freedom), one-sided
 * at PLATEAU_ALPHA (z = 2.33). The estimates share windows and are positively
 * correlated, so the slope's real error is smaller: the test errs towards "no trend".
 */
function decliningTrend(est: number[], dof: number[]): boolean {
  const pts = est.map((e, i) => ({ x: i, y: Math.log(e), w: dof[i] / 2 })).filter((p) => Number.isFinite(p.y) && p.w > 0);
  if (pts.length < 3) return false;
  const W = pts.reduce((s, p) => s + p.w, 0);
  const xb = pts.reduce((s, p) => s + p.w * p.x, 0) / W;
  const yb = pts.reduce((s, p) => s + p.w * p.y, 0) / W;
  const sxx = pts.reduce((s, p) => s + p.w * (p.x - xb) ** 2, 0);
  const slope = pts.reduce((s, p) => s + p.w * (p.x - xb) * (p.y - yb), 0) / sxx;
  return slope < -2.33 * Math.sqrt(1 / sxx);
}

/**
 * Unit-norm weights u_j of the divided difference over t[s..s+w-1] (times
 * rescaled to [0, 1] first, which changes only the norm). False when two
 * times coincide.
 */
function dividedDifferenceWeights(t: Float64Array, s: number, w: number, u: Float64Array): boolean {
  const t0 = t[s];
  const span = t[s + w - 1] - t0;
  if (!(span > 0)) return false;
  let norm = 0;
  for (let j = 0; j < w; j++) {
    const tj = (t[s + j] - t0) / span;
    let prod = 1;
    for (let k = 0; k < w; k++) {
      if (k === j) continue;
      const diff = tj - (t[s + k] - t0) / span;
      if (diff === 0) return false;
      prod *= diff;
    }
    u[j] = 1 / prod;
    norm += u[j] * u[j];
  }
  norm = Math.sqrt(norm);
  if (!(norm > 0 && Number.isFinite(norm))) return false;
  for (let j = 0; j < w; j++) u[j] /= norm;
  return true;
}

function median(v: number[]): number {
  if (!v.length) return NaN;
  const s = Float64Array.from(v).sort();
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : 0.5 * (s[h - 1] + s[h]);
}

/** RMS of each coordinate over the data (for the round-off floor). */
function coordinateScale(trajectories: readonly Trajectory[], M: number): number[] {
  const s = new Array<number>(M).fill(0);
  let n = 0;
  for (const tr of trajectories) for (const x of tr.states) { for (let i = 0; i < M; i++) s[i] += x[i] * x[i]; n++; }
  return s.map((v) => Math.sqrt(v / Math.max(1, n)));
}

/**
 * Is a quantity conserved on the data? Relative drift
 *
 *   drift = sqrt( Σ_traj Σ_t (C(x_t) − C̄_traj)² ) / sqrt( Σ_traj Σ_t |∇C(x_t)|² |x_t − x̄_traj|² )
 *
 * The numerator is how much C actually varies along each trajectory; the
 * denominator is the most it could vary to first order given how far the
 * trajectory moves (|∇C|·|Δx|, by Cauchy–Schwarz). So drift ≈ 0 for a
 * conserved quantity and is O(1) for a generic one. For short trajectory
 * pieces it tends to the RMS of the normalised Poisson bracket
 * |{C, H}| / (|∇C| |∇H|), i.e. the cosine between ∇C and the motion: it does
 * not need long trajectories or several of them, it is unchanged by scaling
 * C or all coordinates, and it ignores constant offsets. conserved = drift <
 * DRIFT_THRESHOLD.
 *
 * Also reported: spreadRatio = pooled within-trajectory std of C / std of C
 * over all samples (the plain comparison; meaningful with many trajectories).
 *
 * The scale of "O(1) for a generic quantity" depends on the data: on long,
 * high-dimensional trajectories (the 3-body set: 12 coordinates, 50 time
 * units) a random quadratic drifts only ~0.03, below any fixed threshold. So
 * the threshold is also relative to a null reference (nullDrift): the median
 * drift of random quadratic quantities on the same data. A quantity counts as
 * conserved only when it drifts less than NULL_FRACTION of what a random one does.
 */
import type { Trajectory } from '../data/types';
import { Random } from '../util/random';
import { quadraticGradient, quadraticValue } from '../quantity/quadratic';

export const DRIFT_THRESHOLD = 0.05;
/** conserved also needs drift < NULL_FRACTION × nullDrift. */
export const NULL_FRACTION = 0.1;
/** Random quantities in the null reference (fixed seed: the readout stays deterministic). */
const NULL_SAMPLES = 32;
const NULL_SEED = 0x5eed;

export interface DriftResult {
  drift: number;
  spreadRatio: number;
  samples: number;
}

export function measureDrift(A: number[][], b: number[], trajectories: readonly Trajectory[]): DriftResult {
  let num = 0;
  let den = 0;
  let samples = 0;
  const all: number[] = [];
  for (const tr of trajectories) {
    const T = tr.states.length;
    if (T < 2) continue;
    const M = tr.states[0].length;
    const mean = new Array<number>(M).fill(0);
    for (const x of tr.states) for (let i = 0; i < M; i++) mean[i] += x[i] / T;
    const values = tr.states.map((x) => quadraticValue(A, b, x));
    const cbar = values.reduce((s, v) => s + v, 0) / T;
    tr.states.forEach((x, t) => {
      num += (values[t] - cbar) ** 2;
      const g = quadraticGradient(A, b, x);
      let g2 = 0;
      let d2 = 0;
      for (let i = 0; i < M; i++) {
        g2 += g[i] * g[i];
        d2 += (x[i] - mean[i]) ** 2;
      }
      den += g2 * d2;
      all.push(values[t]);
    });
    samples += T;
  }
  const drift = den > 0 ? Math.sqrt(num / den) : num > 0 ? Infinity : 0;
  const mu = all.reduce((s, v) => s + v, 0) / Math.max(1, all.length);
  const total = all.reduce((s, v) => s + (v - mu) ** 2, 0);
  const spreadRatio = total > 0 ? Math.sqrt(num / total) : 0;
  return { drift, spreadRatio, samples };
}

/**
 * Median drift of NULL_SAMPLES random quadratic quantities on these data:
 * A_ij ~ N(0, 1)/(s_i s_j), b_i ~ N(0, 1)/s_i with s_i the std of coordinate
 * i, so that every coordinate counts whatever its units. 0 without data.
 */
export function nullDrift(trajectories: readonly Trajectory[]): number {
  const states = trajectories.filter((t) => t.states.length >= 2).flatMap((t) => t.states);
  if (!states.length) return 0;
  const M = states[0].length;
  const sd = Array.from({ length: M }, (_, i) => {
    const m = states.reduce((s, x) => s + x[i], 0) / states.length;
    const v = states.reduce((s, x) => s + (x[i] - m) ** 2, 0) / states.length;
    return v > 0 ? Math.sqrt(v) : 1;
  });
  const rng = new Random(NULL_SEED);
  const drifts: number[] = [];
  for (let k = 0; k < NULL_SAMPLES; k++) {
    const A = Array.from({ length: M }, () => new Array<number>(M).fill(0));
    for (let i = 0; i < M; i++) {
      for (let j = i; j < M; j++) A[i][j] = A[j][i] = rng.normal() / (sd[i] * sd[j]);
    }
    const b = sd.map((s) => rng.normal() / s);
    const d = measureDrift(A, b, trajectories).drift;
    if (Number.isFinite(d)) drifts.push(d);
  }
  drifts.sort((a, b) => a - b);
  return drifts.length ? drifts[Math.floor(drifts.length / 2)] : 0;
}

/** The drift below which a quantity counts as conserved on these data. */
export function conservedThreshold(fixed: number, nullReference: number): number {
  return nullReference > 0 ? Math.min(fixed, NULL_FRACTION * nullReference) : fixed;
}

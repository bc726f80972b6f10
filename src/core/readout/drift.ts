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
 */
import type { Trajectory } from '../data/types';
import { quantityGradient, quantityValue } from '../symmetry/oracles';

export const DRIFT_THRESHOLD = 0.05;

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
    const values = tr.states.map((x) => quantityValue(A, b, x));
    const cbar = values.reduce((s, v) => s + v, 0) / T;
    tr.states.forEach((x, t) => {
      num += (values[t] - cbar) ** 2;
      const g = quantityGradient(A, b, x);
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

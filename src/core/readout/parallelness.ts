/**
 * Parallelness of learned directions with a true span (docs/method.md §7, paper
 * Figure 3): with Q an orthonormal basis of the true quantities' span (same
 * vectorisation), parallelness_i = ‖Qᵀ v_i‖ ∈ [0, 1] for each unit vector v_i.
 */
import { SVD } from 'ml-matrix';

/** Orthonormal basis (rows) of the span of `rows`, dropping directions below relTol·σ_1. */
export function orthonormalSpan(rows: number[][], relTol = 1e-9): number[][] {
  if (rows.length === 0) return [];
  const svd = new SVD(rows, { autoTranspose: true, computeLeftSingularVectors: false });
  const s = svd.diagonal;
  const V = svd.rightSingularVectors.to2DArray(); // P x k
  const top = Math.max(0, ...s);
  const keep = s.map((v, i) => ({ v, i })).filter(({ v }) => top > 0 && v > relTol * top);
  return keep.map(({ i }) => V.map((row) => row[i]));
}

export function parallelness(directions: number[][], truthRows: number[][]): number[] {
  const Q = orthonormalSpan(truthRows);
  return directions.map((v) => {
    const nv = Math.hypot(...v);
    if (!(nv > 0)) return 0;
    let s = 0;
    for (const q of Q) {
      const d = q.reduce((acc, x, i) => acc + x * v[i], 0) / nv;
      s += d * d;
    }
    return Math.min(1, Math.sqrt(s));
  });
}

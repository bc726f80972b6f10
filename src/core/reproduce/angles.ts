/**
 * Angles between a learned span of conserved quantities and the true ones
 * (Table 3: does the learned span contain P_x, P_y and L?). float64.
 *
 * Quantities are vectorised as the readout's parallelness does (vectorize.ts,
 * in the model's coordinates x_user / scale), so "angle ≤ 10°" here and
 * "parallelness ≥ cos 10°" there measure the same thing.
 */
import { SVD } from 'ml-matrix';
import { orthonormalSpan } from '../readout/parallelness';
import { aFromW, toModelUnits } from '../quantity/quadratic';
import { vectorize } from '../quantity/vectorize';

const DEG = 180 / Math.PI;

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Angle (degrees) between vector v and the span of the orthonormal rows Q:
 * atan2(|v − proj|, |proj|), accurate for small angles too (acos is not).
 */
export function angleToSpan(v: ArrayLike<number>, Q: number[][]): number {
  const proj = new Float64Array(v.length);
  for (const q of Q) {
    const c = dot(q, v);
    for (let i = 0; i < v.length; i++) proj[i] += c * q[i];
  }
  let along = 0;
  let across = 0;
  for (let i = 0; i < v.length; i++) {
    along += proj[i] * proj[i];
    across += (v[i] - proj[i]) ** 2;
  }
  if (along === 0 && across === 0) return NaN; // v = 0 has no direction
  return Math.atan2(Math.sqrt(across), Math.sqrt(along)) * DEG;
}

/**
 * Principal angles (degrees, ascending) between span(rowsA) and span(rowsB):
 * min(dim A, dim B) of them. Cosines are the singular values of Q_A Q_Bᵀ;
 * small angles come from the sines, the singular values of the part of Q_B
 * outside span A (Knyazev & Argentati), so both ends are accurate.
 */
export function principalAngles(rowsA: number[][], rowsB: number[][]): number[] {
  let QA = orthonormalSpan(rowsA);
  let QB = orthonormalSpan(rowsB);
  if (QA.length === 0 || QB.length === 0) return [];
  if (QB.length > QA.length) [QA, QB] = [QB, QA]; // QB is the smaller span
  const cross = QB.map((b) => QA.map((a) => dot(a, b)));
  const cosines = singularValues(cross).map((c) => Math.min(1, c)).sort((x, y) => y - x);
  const residual = QB.map((b) => {
    const r = Float64Array.from(b);
    for (const a of QA) {
      const c = dot(a, b);
      for (let i = 0; i < r.length; i++) r[i] -= c * a[i];
    }
    return Array.from(r);
  });
  const sines = singularValues(residual).map((s) => Math.min(1, s)).sort((x, y) => x - y);
  return cosines.map((c, i) => {
    const s = sines[i] ?? 0;
    // Use whichever of sine and cosine is the better-conditioned one.
    return (c * c >= 0.5 ? Math.asin(s) : Math.acos(c)) * DEG;
  });
}

function singularValues(rows: number[][]): number[] {
  const svd = new SVD(rows, { autoTranspose: true, computeLeftSingularVectors: false, computeRightSingularVectors: false });
  const out = svd.diagonal.slice(0, Math.min(rows.length, rows[0].length));
  while (out.length < rows.length) out.push(0);
  return out;
}

/** Unit right singular vectors of the top `rank` singular values of `rows`. */
export function topRightSingularVectors(rows: number[][], rank: number): number[][] {
  if (rank <= 0 || rows.length === 0) return [];
  const svd = new SVD(rows, { autoTranspose: true, computeLeftSingularVectors: false });
  const V = svd.rightSingularVectors.to2DArray();
  const order = svd.diagonal.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s);
  return order.slice(0, rank).map(({ i }) => V.map((row) => row[i]));
}

export interface SpanAngles {
  /** For each true quantity, its angle (degrees) to the learned span. */
  perQuantity: number[];
  /** Principal angles (degrees, ascending) between the true and the learned span. */
  principal: number[];
}

/**
 * Angles between the learned span (the top `rank` directions of the K learned
 * quantities, model coordinates) and the true quantities (user units).
 */
export function learnedSpanAngles(
  learned: { W: number[][]; b: number[] }[],
  rank: number,
  truth: { A: number[][]; b: number[] }[],
  scale: number,
): SpanAngles {
  const theta = learned.map(({ W, b }) => vectorize(aFromW(W), b));
  const Q = topRightSingularVectors(theta, rank);
  // Same change of units as the readout's parallelness: A_model = s² A_user, b_model = s b_user.
  const truthRows = truth.map(({ A, b }) => {
    const m = toModelUnits(A, b, scale);
    return vectorize(m.A, m.b);
  });
  if (Q.length === 0) return { perQuantity: truthRows.map(() => 90), principal: [] };
  return { perQuantity: truthRows.map((t) => angleToSpan(t, Q)), principal: principalAngles(truthRows, Q) };
}

/**
 * Quadratic quantities C(x) = ½ xᵀ A x + bᵀ x as vectors, so that spans of
 * them can be handled with ordinary linear algebra (SVD, pivoted QR).
 *
 * Layout (length P = M(M+1)/2 + M): the upper triangle of A row by row
 * (A_11, A_12, …, A_1M, A_22, …), off-diagonal entries multiplied by √2, then b.
 * The √2 makes the map an isometry from (A, b) with the Frobenius inner
 * product ⟨A, A'⟩ = tr(A A') plus the Euclidean one on b. The order puts
 * products of positions first and linear terms last, which is the order in
 * which the canonical basis picks its pivots (readout/canonical.ts).
 */
import { zeros } from '../linalg/matrix';

export function vectorLength(M: number): number {
  return (M * (M + 1)) / 2 + M;
}

export function vectorize(A: number[][], b: ArrayLike<number>): number[] {
  const M = A.length;
  const v: number[] = [];
  for (let i = 0; i < M; i++) {
    v.push(A[i][i]);
    for (let j = i + 1; j < M; j++) v.push(Math.SQRT2 * 0.5 * (A[i][j] + A[j][i]));
  }
  for (let i = 0; i < M; i++) v.push(b[i]);
  return v;
}

export function devectorize(v: ArrayLike<number>, M: number): { A: number[][]; b: number[] } {
  if (v.length !== vectorLength(M)) throw new Error(`devectorize: length ${v.length} does not fit M = ${M}`);
  const A = zeros(M);
  let k = 0;
  for (let i = 0; i < M; i++) {
    A[i][i] = v[k++];
    for (let j = i + 1; j < M; j++) A[i][j] = A[j][i] = v[k++] / Math.SQRT2;
  }
  const b = Array.from({ length: M }, (_, i) => v[k + i]);
  return { A, b };
}

/**
 * A monomial of C: x_i x_j (i ≤ j) or x_i (j = -1). Its coefficient in the
 * polynomial is A_ii/2 for squares, A_ij for products, b_i for linear terms.
 */
export interface Monomial {
  i: number;
  j: number;
}

/** Monomials in display order (same order as the vector layout). */
export function monomials(M: number): Monomial[] {
  const out: Monomial[] = [];
  for (let i = 0; i < M; i++) for (let j = i; j < M; j++) out.push({ i, j });
  for (let i = 0; i < M; i++) out.push({ i, j: -1 });
  return out;
}

/** Polynomial coefficients of C in `monomials(M)` order. */
export function toCoefficients(A: number[][], b: ArrayLike<number>): number[] {
  const M = A.length;
  const c: number[] = [];
  for (let i = 0; i < M; i++) for (let j = i; j < M; j++) c.push(i === j ? A[i][i] / 2 : 0.5 * (A[i][j] + A[j][i]));
  for (let i = 0; i < M; i++) c.push(b[i]);
  return c;
}

export function fromCoefficients(c: ArrayLike<number>, M: number): { A: number[][]; b: number[] } {
  const A = zeros(M);
  let k = 0;
  for (let i = 0; i < M; i++)
    for (let j = i; j < M; j++, k++) {
      if (i === j) A[i][i] = 2 * c[k];
      else A[i][j] = A[j][i] = c[k];
    }
  const b = Array.from({ length: M }, (_, i) => c[k + i]);
  return { A, b };
}

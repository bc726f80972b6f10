/**
 * The quadratic conserved quantity C(x) = ½ xᵀ A x + bᵀ x (A symmetric) on
 * phase space x = (q_1..q_n, p_1..p_n): its value and gradient, its
 * Hamiltonian flow dx/dτ = J ∇C = J(Ax + b) and affine generator, its change
 * of units, and the model's parametrisation by W with A = W + Wᵀ. The one
 * home of the quantity (docs/method.md, "Conserved quantities and their
 * flows"); quadraticFamily is its QuantityFamily.
 */
import { zeros } from '../linalg/matrix';
import type { QuantityFamily } from './family';
import { devectorize, vectorLength, vectorize } from './vectorize';

export interface Quadratic {
  /** Symmetric M×M. */
  A: number[][];
  b: number[];
}

/** How the model stores a quantity: C(x) = ½ xᵀ(W + Wᵀ)x + bᵀx, W unconstrained. */
export interface WParams {
  W: number[][];
  b: number[];
}

/** A = W + Wᵀ. */
export function aFromW(W: number[][]): number[][] {
  return W.map((row, i) => row.map((w, j) => w + W[j][i]));
}

/** W = A/2 (then W + Wᵀ = A for a symmetric A). */
export function wFromA(A: number[][]): number[][] {
  return A.map((row) => row.map((v) => v / 2));
}

/**
 * Model coordinates are x' = x / scale (one canonical global factor), so
 * C(x') = ½ x'ᵀ A x' + bᵀ x' is, in the user's units,
 * ½ xᵀ (A / scale²) x + (b / scale)ᵀ x. Works on A or W alike.
 */
export function toUserUnits(A: number[][], b: ArrayLike<number>, scale: number): { A: number[][]; b: number[] } {
  return { A: A.map((row) => row.map((v) => v / (scale * scale))), b: Array.from(b, (v) => v / scale) };
}

/** The inverse change: A_model = scale² A_user, b_model = scale b_user. */
export function toModelUnits(A: number[][], b: ArrayLike<number>, scale: number): { A: number[][]; b: number[] } {
  return { A: A.map((row) => row.map((a) => a * scale * scale)), b: Array.from(b, (v) => v * scale) };
}

/** C(x) = ½ xᵀ A x + bᵀ x. */
export function quadraticValue(A: number[][], b: ArrayLike<number>, x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    let Ax = 0;
    const Ai = A[i];
    for (let j = 0; j < x.length; j++) Ax += Ai[j] * x[j];
    s += x[i] * (0.5 * Ax + b[i]);
  }
  return s;
}

/** ∇C(x) = A x + b. */
export function quadraticGradient(A: number[][], b: ArrayLike<number>, x: ArrayLike<number>): number[] {
  return A.map((row, i) => {
    let s = b[i];
    for (let j = 0; j < x.length; j++) s += row[j] * x[j];
    return s;
  });
}

/** J = [[0, I], [-I, 0]] of size M×M (M even). */
export function symplecticJ(M: number): number[][] {
  if (M % 2 !== 0) throw new Error(`symplecticJ: dimension must be even, got ${M}`);
  const n = M / 2;
  const J = zeros(M);
  for (let i = 0; i < n; i++) {
    J[i][n + i] = 1;
    J[n + i][i] = -1;
  }
  return J;
}

/** J v without forming J: (v_p, −v_q). */
export function applyJ(v: ArrayLike<number>): number[] {
  const n = v.length / 2;
  const out = new Array<number>(v.length);
  for (let i = 0; i < n; i++) {
    out[i] = v[n + i];
    out[n + i] = -v[i];
  }
  return out;
}

/** The flow's linear part and offset: dx/dτ = JA x + Jb (rows dq = A's p-rows, rows dp = −A's q-rows). */
export function flowOf(A: number[][], b: number[]): { JA: number[][]; Jb: number[] } {
  const n = b.length / 2;
  return {
    JA: [...A.slice(n), ...A.slice(0, n).map((r) => r.map((v) => -v))],
    Jb: [...b.slice(n), ...b.slice(0, n).map((v) => -v)],
  };
}

/**
 * The (M+1)×(M+1) generator of C's Hamiltonian flow dx/dτ = J(Ax + b),
 * acting on x̃ = (x, 1): G = [[J A, J b], [0ᵀ, 0]].
 */
export function generatorMatrix(A: number[][], b: number[]): number[][] {
  const M = A.length;
  if (b.length !== M) throw new Error(`generatorMatrix: A is ${M}x${M} but b has length ${b.length}`);
  const n = M / 2;
  const G = zeros(M + 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < M; j++) {
      G[i][j] = A[n + i][j]; // (J A)_top = A_bottom
      G[n + i][j] = -A[i][j]; // (J A)_bottom = −A_top
    }
    G[i][M] = b[n + i];
    G[n + i][M] = -b[i];
  }
  return G;
}

export const quadraticFamily: QuantityFamily<Quadratic> = {
  name: 'quadratic',
  size: vectorLength,
  coefficients: (q) => vectorize(q.A, q.b),
  fromCoefficients: (v, M) => devectorize(v, M),
  value: (q, x) => quadraticValue(q.A, q.b, x),
  gradient: (q, x) => quadraticGradient(q.A, q.b, x),
  toUserUnits: (q, scale) => toUserUnits(q.A, q.b, scale),
  toModelUnits: (q, scale) => toModelUnits(q.A, q.b, scale),
};

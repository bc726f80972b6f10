/**
 * The true quadratic symmetries of the paper's benchmark systems (docs/method.md
 * §8), as conserved quantities C(x) = ½ xᵀ A x + bᵀ x on phase space
 * x = (q_1..q_n, p_1..p_n), and their affine Hamiltonian generators
 * G = [[J A, J b], [0, 0]] (docs/method.md §3).
 *
 *   so2   dim 2      C = ½(q² + p²)
 *   u<n>  dim 2n     the n² U(n) generators: ½(q_i² + p_i²); q_i q_j + p_i p_j
 *                    and q_i p_j − q_j p_i for i < j
 *   se2   dim 4N     N bodies in the plane, q body-major (q_1x, q_1y, q_2x, …),
 *                    p likewise: P_x, P_y (A = 0) and L = Σ q_ix p_iy − q_iy p_ix
 */
import { UsageError } from '../util/errors';
import { zeros, type Mat } from '../linalg/matrix';
import type { Quadratic } from '../quantity/quadratic';

export interface OracleQuantity extends Quadratic {
  /** Plain-text formula in generic coordinates q1.., p1.. (bodies: q1x, q1y, …). */
  label: string;
}

/** The oracle symmetry `name` on a phase space of dimension `dim` (= M). */
export function oracleQuantities(name: string, dim: number): OracleQuantity[] {
  const key = name.trim().toLowerCase();
  if (!Number.isInteger(dim) || dim < 1) throw new UsageError(`phase-space dimension must be a positive integer, got ${dim}`);
  if (key === 'so2') {
    if (dim !== 2) throw new UsageError(`oracle so2 needs phase-space dimension 2 (one q, p pair), but the data have dimension ${dim}`, `for ${dim / 2} oscillators use oracle:u${dim / 2}`);
    return unitary(1);
  }
  const u = /^u(\d+)$/.exec(key);
  if (u) {
    const n = Number(u[1]);
    if (n < 1) throw new UsageError(`oracle ${name}: n must be at least 1`);
    if (dim !== 2 * n) {
      const hint = dim % 2 === 0 ? `the data have ${dim / 2} pairs: use oracle:u${dim / 2}` : undefined;
      throw new UsageError(`oracle ${name} needs phase-space dimension ${2 * n} (${n} q, p pairs), but the data have dimension ${dim}`, hint);
    }
    return unitary(n);
  }
  if (key === 'se2') {
    if (dim % 4 !== 0) {
      throw new UsageError(
        `oracle se2 needs planar bodies, i.e. phase-space dimension 4N (4, 8, 12, …: positions x, y and momenta px, py per body), but the data have dimension ${dim}`,
      );
    }
    return euclideanPlane(dim / 4);
  }
  throw new UsageError(`unknown oracle symmetry "${name}"`, 'use so2, u<n> (e.g. u2) or se2');
}

/** U(n) generators on (q_1..q_n, p_1..p_n). */
function unitary(n: number): OracleQuantity[] {
  const M = 2 * n;
  const out: OracleQuantity[] = [];
  const sym = (A: Mat, i: number, j: number, v: number) => {
    A[i][j] += v;
    if (i !== j) A[j][i] += v;
  };
  const q = (i: number) => (n === 1 ? 'q' : `q${i + 1}`);
  const p = (i: number) => (n === 1 ? 'p' : `p${i + 1}`);
  for (let i = 0; i < n; i++) {
    const A = zeros(M);
    A[i][i] = 1;
    A[n + i][n + i] = 1;
    out.push({ A, b: new Array(M).fill(0), label: `(${q(i)}^2 + ${p(i)}^2)/2` });
  }
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const A = zeros(M);
      sym(A, i, j, 1);
      sym(A, n + i, n + j, 1);
      out.push({ A, b: new Array(M).fill(0), label: `${q(i)}*${q(j)} + ${p(i)}*${p(j)}` });
    }
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const A = zeros(M);
      sym(A, i, n + j, 1);
      sym(A, j, n + i, -1);
      out.push({ A, b: new Array(M).fill(0), label: `${q(i)}*${p(j)} - ${q(j)}*${p(i)}` });
    }
  return out;
}

/** SE(2) for N planar bodies: total momenta P_x, P_y and angular momentum L. */
function euclideanPlane(N: number): OracleQuantity[] {
  const M = 4 * N;
  const qx = (i: number) => 2 * i;
  const qy = (i: number) => 2 * i + 1;
  const px = (i: number) => 2 * N + 2 * i;
  const py = (i: number) => 2 * N + 2 * i + 1;
  const Px = new Array(M).fill(0);
  const Py = new Array(M).fill(0);
  const L = zeros(M);
  for (let i = 0; i < N; i++) {
    Px[px(i)] = 1;
    Py[py(i)] = 1;
    L[qx(i)][py(i)] = L[py(i)][qx(i)] = 1;
    L[qy(i)][px(i)] = L[px(i)][qy(i)] = -1;
  }
  const bodies = Array.from({ length: N }, (_, i) => i + 1);
  return [
    { A: zeros(M), b: Px, label: bodies.map((i) => `p${i}x`).join(' + ') },
    { A: zeros(M), b: Py, label: bodies.map((i) => `p${i}y`).join(' + ') },
    { A: L, b: new Array(M).fill(0), label: bodies.map((i) => `q${i}x*p${i}y - q${i}y*p${i}x`).join(' + ') },
  ];
}

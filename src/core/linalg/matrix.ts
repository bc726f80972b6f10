/**
 * Small dense float64 matrix helpers on plain `number[][]` (row-major, one
 * array per row). The matrices in the readout are at most a few hundred
 * entries a side, so clarity beats speed here. Heavier decompositions (SVD,
 * eigen, LU) come from ml-matrix (see spectral.ts, solve.ts).
 */

export type Mat = number[][];

export function zeros(rows: number, cols: number = rows): Mat {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

export function identity(n: number): Mat {
  const I = zeros(n, n);
  for (let i = 0; i < n; i++) I[i][i] = 1;
  return I;
}

export function clone(A: Mat): Mat {
  return A.map((row) => row.slice());
}

export function transpose(A: Mat): Mat {
  const r = A.length;
  const c = r ? A[0].length : 0;
  const T = zeros(c, r);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) T[j][i] = A[i][j];
  return T;
}

export function matmul(A: Mat, B: Mat): Mat {
  const n = A.length;
  const k = B.length;
  const m = k ? B[0].length : 0;
  if (n && A[0].length !== k) throw new Error(`matmul: shapes ${n}x${A[0].length} and ${k}x${m} do not fit`);
  const C = zeros(n, m);
  for (let i = 0; i < n; i++) {
    const Ai = A[i];
    const Ci = C[i];
    for (let l = 0; l < k; l++) {
      const a = Ai[l];
      if (a === 0) continue;
      const Bl = B[l];
      for (let j = 0; j < m; j++) Ci[j] += a * Bl[j];
    }
  }
  return C;
}

export function matvec(A: Mat, x: ArrayLike<number>): number[] {
  return A.map((row) => {
    let s = 0;
    for (let j = 0; j < row.length; j++) s += row[j] * x[j];
    return s;
  });
}

export function add(A: Mat, B: Mat): Mat {
  return A.map((row, i) => row.map((a, j) => a + B[i][j]));
}

export function sub(A: Mat, B: Mat): Mat {
  return A.map((row, i) => row.map((a, j) => a - B[i][j]));
}

export function scale(A: Mat, s: number): Mat {
  return A.map((row) => row.map((a) => a * s));
}

/** sum_k c_k M_k for matrices of equal shape. */
export function linearCombination(terms: [number, Mat][]): Mat {
  const [, first] = terms[0];
  const out = zeros(first.length, first.length ? first[0].length : 0);
  for (const [c, M] of terms) {
    if (c === 0) continue;
    for (let i = 0; i < out.length; i++) for (let j = 0; j < out[i].length; j++) out[i][j] += c * M[i][j];
  }
  return out;
}

/** Induced 1-norm: max absolute column sum. */
export function norm1(A: Mat): number {
  let best = 0;
  const c = A.length ? A[0].length : 0;
  for (let j = 0; j < c; j++) {
    let s = 0;
    for (let i = 0; i < A.length; i++) s += Math.abs(A[i][j]);
    if (s > best) best = s;
  }
  return best;
}

export function frobenius(A: Mat): number {
  let s = 0;
  for (const row of A) for (const a of row) s += a * a;
  return Math.sqrt(s);
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

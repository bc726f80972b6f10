/**
 * Float64 matrix exponential: scaling and squaring with diagonal Padé
 * approximants of degree 3, 5, 7, 9 or 13, chosen by the 1-norm
 * (N. J. Higham, "The scaling and squaring method for the matrix exponential
 * revisited", SIAM J. Matrix Anal. Appl. 26(4), 2005, Algorithm 2.3).
 * The thresholds theta_m bound the backward error by the unit roundoff.
 *
 * This is the reference implementation for the readout and for tests; the
 * differentiable training-time exponential lives with the model.
 */
import { identity, linearCombination, matmul, norm1, scale, type Mat } from './matrix';
import { solve } from './solve';

export { identity, matmul, transpose } from './matrix';

/** Padé coefficients b_0..b_m of r_m(x) = p_m(x)/p_m(-x) (Higham 2005, Table 2.3 / eq. 2.7). */
const PADE: Record<number, number[]> = {
  3: [120, 60, 12, 1],
  5: [30240, 15120, 3360, 420, 30, 1],
  7: [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1],
  9: [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1],
  13: [
    64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000,
    10559470521600, 670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
  ],
};

/** theta_m: the largest ||A||_1 for which r_m needs no scaling (Higham 2005, Table 2.3). */
const THETA: [number, number][] = [
  [3, 1.495585217958292e-2],
  [5, 2.539398330063230e-1],
  [7, 9.504178996162932e-1],
  [9, 2.097847961257068e0],
];
const THETA13 = 5.371920351148152;

export function expm(A: Mat): Mat {
  const n = A.length;
  for (const row of A) if (row.length !== n) throw new Error(`expm: matrix must be square, got ${n}x${row.length}`);
  if (n === 0) return [];
  for (const row of A) for (const a of row) if (!Number.isFinite(a)) throw new Error('expm: matrix has a non-finite entry');

  const nrm = norm1(A);
  for (const [m, theta] of THETA) {
    if (nrm <= theta) return padeLowDegree(A, m);
  }
  // Scale so that ||A / 2^s||_1 <= theta_13, then square s times.
  const s = Math.max(0, Math.ceil(Math.log2(nrm / THETA13)));
  let X = pade13(s > 0 ? scale(A, 2 ** -s) : A);
  for (let i = 0; i < s; i++) X = matmul(X, X);
  return X;
}

/** r_m(A) for m in {3,5,7,9}: U = A * sum b_{2k+1} A^{2k}, V = sum b_{2k} A^{2k}. */
function padeLowDegree(A: Mat, m: number): Mat {
  const b = PADE[m];
  const n = A.length;
  const I = identity(n);
  const powers: Mat[] = [I, matmul(A, A)]; // even powers A^0, A^2, A^4, ...
  while (powers.length <= (m - 1) / 2) powers.push(matmul(powers[powers.length - 1], powers[1]));
  const odd: [number, Mat][] = [];
  const even: [number, Mat][] = [];
  for (let k = 0; 2 * k <= m; k++) {
    even.push([b[2 * k], powers[k]]);
    if (2 * k + 1 <= m) odd.push([b[2 * k + 1], powers[k]]);
  }
  const U = matmul(A, linearCombination(odd));
  const V = linearCombination(even);
  return padeQuotient(U, V);
}

/** r_13(A) with the 6-multiplication evaluation of Higham 2005, eq. (2.10)-(2.11). */
function pade13(A: Mat): Mat {
  const b = PADE[13];
  const I = identity(A.length);
  const A2 = matmul(A, A);
  const A4 = matmul(A2, A2);
  const A6 = matmul(A4, A2);
  const U = matmul(
    A,
    linearCombination([
      [1, matmul(A6, linearCombination([[b[13], A6], [b[11], A4], [b[9], A2]]))],
      [b[7], A6],
      [b[5], A4],
      [b[3], A2],
      [b[1], I],
    ]),
  );
  const V = linearCombination([
    [1, matmul(A6, linearCombination([[b[12], A6], [b[10], A4], [b[8], A2]]))],
    [b[6], A6],
    [b[4], A4],
    [b[2], A2],
    [b[0], I],
  ]);
  return padeQuotient(U, V);
}

/** r = (V - U)^{-1} (V + U). */
function padeQuotient(U: Mat, V: Mat): Mat {
  const P = linearCombination([[1, V], [1, U]]);
  const Q = linearCombination([[1, V], [-1, U]]);
  return solve(Q, P);
}

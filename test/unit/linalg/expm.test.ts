import { strict as assert } from 'node:assert';
import { expm, identity, matmul, transpose } from '../../../src/core/linalg/expm';
import { frobenius, norm1, scale, sub, type Mat } from '../../../src/core/linalg/matrix';
import { Random } from '../../../src/core/util/random';

/** Uniform [0, 1) draws from the project's seeded generator, so failures reproduce. */
function rng(seed: number): () => number {
  const r = new Random(seed);
  return () => r.next();
}

/** Random n x n matrix with 1-norm `target`, entries rounded to multiples of 2^-30 (exact in fixed point). */
function randomMatrix(n: number, target: number, seed: number): Mat {
  const r = rng(seed);
  let A: Mat = Array.from({ length: n }, () => Array.from({ length: n }, () => 2 * r() - 1));
  A = scale(A, target / norm1(A));
  return A.map((row) => row.map((a) => Math.round(a * 2 ** 30) / 2 ** 30));
}

/**
 * Independent reference: the plain Taylor series sum_k A^k / k! evaluated in
 * exact 320-bit fixed-point integer arithmetic (BigInt), so neither rounding
 * nor cancellation affects it at float64 precision.
 */
function expmTaylorExact(A: Mat): Mat {
  const F = 320n;
  const ONE = 1n << F;
  const n = A.length;
  const toFix = (a: number) => BigInt(Math.round(a * 2 ** 30)) << (F - 30n);
  const Af = A.map((row) => row.map(toFix));
  let term: bigint[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? ONE : 0n)));
  const sum = term.map((row) => row.slice());
  const nrm = norm1(A);
  for (let k = 1; k < 400; k++) {
    const next: bigint[][] = Array.from({ length: n }, () => new Array<bigint>(n).fill(0n));
    for (let i = 0; i < n; i++)
      for (let l = 0; l < n; l++) {
        const t = term[i][l];
        if (t === 0n) continue;
        for (let j = 0; j < n; j++) next[i][j] += t * Af[l][j];
      }
    const kb = BigInt(k);
    let biggest = 0n;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        next[i][j] = (next[i][j] >> F) / kb;
        sum[i][j] += next[i][j];
        const a = next[i][j] < 0n ? -next[i][j] : next[i][j];
        if (a > biggest) biggest = a;
      }
    term = next;
    if (k > 2 * nrm && biggest === 0n) break;
  }
  const scaleDown = 2 ** -64;
  return sum.map((row) => row.map((v) => Number(v >> (F - 64n)) * scaleDown));
}

function relErr(X: Mat, ref: Mat): number {
  return frobenius(sub(X, ref)) / frobenius(ref);
}

describe('linalg/expm', () => {
  it('rotation generator gives the rotation matrix (closed form), for small and large angles', () => {
    for (const th of [1e-9, 0.3, 1, Math.PI, 7.5, -40, 123.4]) {
      const R = expm([
        [0, th],
        [-th, 0],
      ]);
      const want = [
        [Math.cos(th), Math.sin(th)],
        [-Math.sin(th), Math.cos(th)],
      ];
      // Squaring a large angle accumulates ~|th| * eps of phase error.
      const tol = 1e-14 * Math.max(1, Math.abs(th)) * 10;
      for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) assert.ok(Math.abs(R[i][j] - want[i][j]) < tol, `th=${th} R=${JSON.stringify(R)}`);
    }
  });

  it('nilpotent matrix: the finite series I + N + N^2/2 + N^3/6', () => {
    const N = [
      [0, 2, -3, 5],
      [0, 0, 4, 1],
      [0, 0, 0, -6],
      [0, 0, 0, 0],
    ];
    const N2 = matmul(N, N);
    const N3 = matmul(N2, N);
    const I = identity(4);
    const want = I.map((row, i) => row.map((v, j) => v + N[i][j] + N2[i][j] / 2 + N3[i][j] / 6));
    const E = expm(N);
    assert.ok(relErr(E, want) < 1e-14, JSON.stringify(E));
  });

  it('diagonal matrix: exp of each entry, including large negative ones', () => {
    const d = [-9, -1.5, 0, 0.25, 3, 8];
    const D = d.map((v, i) => d.map((_, j) => (i === j ? v : 0)));
    const E = expm(D);
    for (let i = 0; i < d.length; i++)
      for (let j = 0; j < d.length; j++) {
        const want = i === j ? Math.exp(d[i]) : 0;
        assert.ok(Math.abs(E[i][j] - want) <= 1e-14 * Math.max(1, want), `E[${i}][${j}]=${E[i][j]} want ${want}`);
      }
  });

  it('affine generator [[0, b],[0, 0]] translates by b', () => {
    const E = expm([
      [0, 0, 1.5],
      [0, 0, -2],
      [0, 0, 0],
    ]);
    assert.deepEqual(E, [
      [1, 0, 1.5],
      [0, 1, -2],
      [0, 0, 1],
    ]);
  });

  it('matches an exact-arithmetic Taylor series for random 7x7 and 13x13 matrices, every Padé degree', () => {
    // 1-norms chosen to hit each branch: m = 3, 5, 7, 9, 13 without scaling, and 13 with scaling.
    const norms = [0.01, 0.2, 0.9, 2, 5, 10];
    let worst = 0;
    for (const n of [7, 13]) {
      for (const [k, target] of norms.entries()) {
        const A = randomMatrix(n, target, 1000 * n + k);
        const err = relErr(expm(A), expmTaylorExact(A));
        worst = Math.max(worst, err);
        assert.ok(err < 1e-12, `n=${n} ||A||=${target}: relative error ${err}`);
      }
    }
    assert.ok(worst > 0); // the reference is genuinely independent
    if (process.env.NOETHER_VERBOSE) console.log(`      worst relative error ${worst.toExponential(2)}`);
  });

  it('expm(A) expm(-A) = I and expm(A^T) = expm(A)^T', () => {
    const A = randomMatrix(7, 6, 42);
    const E = expm(A);
    const prod = matmul(E, expm(scale(A, -1)));
    assert.ok(relErr(prod, identity(7)) < 1e-12);
    assert.ok(relErr(expm(transpose(A)), transpose(E)) < 1e-13);
  });

  it('rejects non-square and non-finite input', () => {
    assert.throws(() => expm([[1, 2]]), /square/);
    assert.throws(() => expm([[NaN]]), /non-finite/);
    assert.deepEqual(expm([]), []);
  });
});

import { strict as assert } from 'node:assert';
import { UsageError } from '../../../src/core/util/errors';
import { expm } from '../../../src/core/linalg/expm';
import { oracleQuantities } from '../../../src/core/symmetry/oracles';
import {
  applyJ,
  generatorMatrix,
  quadraticGradient as quantityGradient,
  quadraticValue as quantityValue,
  symplecticJ,
  type Quadratic as Quantity,
} from '../../../src/core/quantity/quadratic';
import { matvec } from '../../../src/core/linalg/matrix';
import { SVD } from 'ml-matrix';
import { Random } from '../../../src/core/util/random';

/** Uniform [0, 1) draws from the project's seeded generator, so failures reproduce. */
function rng(seed: number): () => number {
  const r = new Random(seed);
  return () => r.next();
}
const randn = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

/** Independent Hamiltonians (method.md §8). */
const oscillators = (x: number[]) => 0.5 * x.reduce((s, v) => s + v * v, 0);
function gravity2d(N: number) {
  return (x: number[]) => {
    let H = 0;
    for (let i = 0; i < 2 * N; i++) H += 0.5 * x[2 * N + i] ** 2;
    for (let i = 0; i < N; i++)
      for (let j = i + 1; j < N; j++) {
        const dx = x[2 * i] - x[2 * j];
        const dy = x[2 * i + 1] - x[2 * j + 1];
        H -= 1 / Math.sqrt(dx * dx + dy * dy + 1);
      }
    return H;
  };
}

/** Central finite-difference gradient (4th order). */
function fdGrad(f: (x: number[]) => number, x: number[], h = 1e-3): number[] {
  return x.map((_, i) => {
    const at = (d: number) => f(x.map((v, j) => (j === i ? v + d : v)));
    return (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
  });
}

/** {C, H} = ∇Cᵀ J ∇H, relative to |∇C| |∇H|. */
function relBracket(Q: Quantity, H: (x: number[]) => number, x: number[]): number {
  const gC = quantityGradient(Q.A, Q.b, x);
  const gH = fdGrad(H, x);
  const JgH = applyJ(gH);
  const br = gC.reduce((s, v, i) => s + v * JgH[i], 0);
  const n = Math.hypot(...gC) * Math.hypot(...gH);
  return Math.abs(br) / n;
}

function randomPoint(M: number, r: () => number): number[] {
  return Array.from({ length: M }, () => randn(r));
}

function flow(Q: Quantity, x: number[], tau: number): number[] {
  const G = generatorMatrix(Q.A, Q.b).map((row) => row.map((v) => v * tau));
  const y = matvec(expm(G), [...x, 1]);
  assert.ok(Math.abs(y[x.length] - 1) < 1e-14, 'the affine coordinate stays 1');
  return y.slice(0, x.length);
}

describe('symmetry/oracles', () => {
  it('has the right number of quantities, symmetric A, and linearly independent members', () => {
    const cases: [string, number, number][] = [
      ['so2', 2, 1],
      ['u1', 2, 1],
      ['u2', 4, 4],
      ['U3', 6, 9],
      ['se2', 12, 3],
      ['se2', 4, 3],
    ];
    for (const [name, dim, count] of cases) {
      const qs = oracleQuantities(name, dim);
      assert.equal(qs.length, count, name);
      for (const { A, b } of qs) {
        assert.equal(A.length, dim);
        assert.equal(b.length, dim);
        for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) assert.equal(A[i][j], A[j][i]);
      }
      const rows = qs.map(({ A, b }) => [...A.flat(), ...b]);
      const s = new SVD(rows, { autoTranspose: true }).diagonal;
      assert.ok(Math.min(...s) > 0.5, `${name} quantities are independent: ${s}`);
    }
  });

  it('so2 is ½(q² + p²) and se2 on 2 bodies has the textbook coefficients', () => {
    const [c] = oracleQuantities('so2', 2);
    assert.equal(quantityValue(c.A, c.b, [3, 4]), 12.5);
    const [Px, Py, L] = oracleQuantities('se2', 8);
    // x = (q1x, q1y, q2x, q2y, p1x, p1y, p2x, p2y)
    const x = [1, 2, 3, 5, 7, 11, 13, 17];
    assert.equal(quantityValue(Px.A, Px.b, x), 7 + 13);
    assert.equal(quantityValue(Py.A, Py.b, x), 11 + 17);
    assert.equal(quantityValue(L.A, L.b, x), 1 * 11 - 2 * 7 + 3 * 17 - 5 * 13);
  });

  it('U(n) generators Poisson-commute with the oscillators Hamiltonian; a squeeze does not', () => {
    const r = rng(1);
    for (const n of [1, 2, 3]) {
      for (const Q of oracleQuantities(`u${n}`, 2 * n)) {
        for (let k = 0; k < 5; k++) assert.ok(relBracket(Q, oscillators, randomPoint(2 * n, r)) < 1e-9, Q.label);
      }
    }
    // Negative control: q1 p1 generates a squeeze, not a symmetry of ½|x|².
    const A = [
      [0, 0, 1, 0],
      [0, 0, 0, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 0],
    ];
    assert.ok(relBracket({ A, b: [0, 0, 0, 0] }, oscillators, randomPoint(4, r)) > 1e-3);
  });

  it('SE(2) quantities Poisson-commute with 3-body softened gravity; a single body momentum does not', () => {
    const r = rng(2);
    const H = gravity2d(3);
    for (const Q of oracleQuantities('se2', 12)) {
      for (let k = 0; k < 5; k++) assert.ok(relBracket(Q, H, randomPoint(12, r)) < 1e-8, Q.label);
    }
    const b = new Array(12).fill(0);
    b[6] = 1; // p_1x alone changes under the forces
    const worst = Math.max(...Array.from({ length: 5 }, () => relBracket({ A: oracleQuantities('se2', 12)[0].A, b }, H, randomPoint(12, r))));
    assert.ok(worst > 1e-3);
  });

  it('the flow expm(τ G) of each oracle generator preserves the true Hamiltonian (the symmetry acts)', () => {
    const r = rng(3);
    const systems: [string, number, (x: number[]) => number][] = [
      ['so2', 2, oscillators],
      ['u2', 4, oscillators],
      ['u3', 6, oscillators],
      ['se2', 12, gravity2d(3)],
    ];
    for (const [name, dim, H] of systems) {
      for (const Q of oracleQuantities(name, dim)) {
        const x = randomPoint(dim, r);
        const tau = 0.3 + 2 * r();
        const y = flow(Q, x, tau);
        assert.ok(Math.abs(H(y) - H(x)) < 1e-12 * Math.max(1, Math.abs(H(x))), `${name} ${Q.label}: H ${H(x)} -> ${H(y)}`);
        const moved = Math.hypot(...y.map((v, i) => v - x[i]));
        assert.ok(moved > 1e-3, `${name} ${Q.label} actually moves the point`);
        // The flow of C also conserves C itself.
        assert.ok(Math.abs(quantityValue(Q.A, Q.b, y) - quantityValue(Q.A, Q.b, x)) < 1e-12 * (1 + Math.abs(quantityValue(Q.A, Q.b, x))));
      }
    }
    // The total-momentum generator translates every body by τ along x.
    const [Px] = oracleQuantities('se2', 8);
    const x = randomPoint(8, r);
    const y = flow(Px, x, 0.7);
    const want = x.slice();
    for (const i of [0, 2]) want[i] += 0.7;
    for (let i = 0; i < 8; i++) assert.ok(Math.abs(y[i] - want[i]) < 1e-14);
  });

  it('generatorMatrix is [[J A, J b], [0, 0]]', () => {
    const r = rng(4);
    const M = 4;
    const B = Array.from({ length: M }, () => Array.from({ length: M }, () => randn(r)));
    const A = B.map((row, i) => row.map((v, j) => v + B[j][i]));
    const b = randomPoint(M, r);
    const G = generatorMatrix(A, b);
    const J = symplecticJ(M);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < M; j++) assert.ok(Math.abs(G[i][j] - J[i].reduce((s, v, k) => s + v * A[k][j], 0)) < 1e-15);
      assert.ok(Math.abs(G[i][M] - J[i].reduce((s, v, k) => s + v * b[k], 0)) < 1e-15);
    }
    assert.deepEqual(G[M], new Array(M + 1).fill(0));
  });

  it('rejects a name that does not fit the dimension, saying which dimensions fit', () => {
    assert.throws(() => oracleQuantities('u3', 4), (e: unknown) => e instanceof UsageError && /dimension 6/.test(e.message) && /oracle:u2/.test(e.format()));
    assert.throws(() => oracleQuantities('so2', 4), (e: unknown) => e instanceof UsageError && /dimension 2/.test(e.message));
    assert.throws(() => oracleQuantities('se2', 6), (e: unknown) => e instanceof UsageError && /4N/.test(e.message));
    assert.throws(() => oracleQuantities('u0', 2), UsageError);
    assert.throws(() => oracleQuantities('so3', 6), (e: unknown) => e instanceof UsageError && /so2, u<n>/.test(e.format()));
  });
});

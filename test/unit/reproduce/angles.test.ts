/**
 * Principal angles against closed forms: two planes at known angles (in a
 * randomly rotated frame, with mixed bases), tiny angles that acos would
 * lose, and the Table 3 use: a learned span tilted away from L by a known angle.
 */
import { strict as assert } from 'assert';
import { angleToSpan, learnedSpanAngles, principalAngles } from '../../../src/core/reproduce/angles';
import { Random } from '../../../src/core/util/random';
import { devectorize, vectorize } from '../../../src/core/quantity/vectorize';
import { oracleQuantities } from '../../../src/core/symmetry/oracles';

const DEG = Math.PI / 180;

/** A random orthogonal matrix (Gram-Schmidt of Gaussian columns). */
function randomOrthogonal(n: number, rng: Random): number[][] {
  const Q: number[][] = [];
  while (Q.length < n) {
    const v = Array.from({ length: n }, () => rng.gaussian(0, 1));
    for (const q of Q) {
      const d = q.reduce((s, x, i) => s + x * v[i], 0);
      for (let i = 0; i < n; i++) v[i] -= d * q[i];
    }
    const nv = Math.hypot(...v);
    Q.push(v.map((x) => x / nv));
  }
  return Q;
}

const apply = (Q: number[][], v: number[]) => Q.map((row) => row.reduce((s, x, i) => s + x * v[i], 0));

describe('principal angles', () => {
  it('two planes in R^5 at angles α and β, in a random frame and with mixed bases', () => {
    const rng = new Random(11);
    for (const [a, b] of [[10, 50], [0, 90], [3, 3], [89, 1e-4]]) {
      const R = randomOrthogonal(5, rng);
      const e = (i: number) => Array.from({ length: 5 }, (_, k) => (k === i ? 1 : 0));
      const P = [e(0), e(1)].map((v) => apply(R, v));
      const u = [0, 1, 2, 3, 4].map((k) => Math.cos(a * DEG) * e(0)[k] + Math.sin(a * DEG) * e(2)[k]);
      const w = [0, 1, 2, 3, 4].map((k) => Math.cos(b * DEG) * e(1)[k] + Math.sin(b * DEG) * e(3)[k]);
      // Mixed (non-orthogonal) basis of the second plane: only the span matters.
      const Qb = [u.map((x, k) => 2 * x + w[k]), u.map((x, k) => x - 3 * w[k])].map((v) => apply(R, v));
      const got = principalAngles(P, Qb);
      const want = [a, b].sort((x, y) => x - y);
      assert.equal(got.length, 2);
      got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) < 1e-7, `α ${a}, β ${b}: got ${got}`));
    }
  });

  it('a line and a plane give one angle; the order of the arguments does not matter', () => {
    const plane = [[1, 0, 0], [0, 1, 0]];
    const line = [[1, 0, Math.tan(30 * DEG)]];
    for (const got of [principalAngles(plane, line), principalAngles(line, plane)]) {
      assert.equal(got.length, 1);
      assert.ok(Math.abs(got[0] - 30) < 1e-9, `${got}`);
    }
  });

  it('angleToSpan is accurate for tiny angles (acos of a cosine would return 0)', () => {
    const t = 1e-9; // radians
    const v = [Math.cos(t), 0, Math.sin(t)];
    const got = angleToSpan(v, [[1, 0, 0], [0, 1, 0]]);
    assert.ok(Math.abs(got - t / DEG) / (t / DEG) < 1e-6, `${got}`);
    assert.equal(angleToSpan([0, 0, 2], [[1, 0, 0]]), 90);
  });

  it('learnedSpanAngles: P_x, P_y and a direction tilted θ away from L give angles 0, 0, θ (any scale, extra quantities, mixing)', () => {
    const truth = oracleQuantities('se2', 12);
    const scale = 1.7;
    // Truth vectors in model coordinates, as the readout vectorises them.
    const t = truth.map(({ A, b }) => vectorize(A.map((r) => r.map((a) => a * scale * scale)), b.map((x) => x * scale)));
    const unit = (v: number[]) => { const n = Math.hypot(...v); return v.map((x) => x / n); };
    const theta = 7.5;
    // Index 0 is the q1x² entry: orthogonal to P_x, P_y (linear) and L (q·p cross terms).
    const e0 = t[0].map((_, k) => (k === 0 ? 1 : 0));
    const tilted = unit(t[2]).map((x, k) => Math.cos(theta * DEG) * x + Math.sin(theta * DEG) * e0[k]);
    const rows = [unit(t[0]), unit(t[1]), tilted];
    // Learned (W, b) with W + Wᵀ = A: mixed rows plus a tiny fourth quantity (below the rank).
    const mix = [[1, 2, 0], [0, 1, -1], [3, 0, 1], [1e-6, 0, 0]];
    const asLearned = (v: number[]) => {
      const { A, b } = devectorize(v, 12);
      return { W: A.map((r) => r.map((a) => a / 2)), b };
    };
    const learned = mix.map((c) => asLearned(rows[0].map((_, k) => c.reduce((s, ck, j) => s + ck * rows[j][k], 0))));
    const got = learnedSpanAngles(learned, 3, truth, scale);
    assert.ok(got.perQuantity[0] < 1e-5 && got.perQuantity[1] < 1e-5, `${got.perQuantity}`);
    assert.ok(Math.abs(got.perQuantity[2] - theta) < 1e-5, `${got.perQuantity}`);
    assert.ok(Math.abs(got.principal[2] - theta) < 1e-5 && got.principal[0] < 1e-5, `${got.principal}`);
    // A rank-2 span holds only the momenta: L is at 90°.
    const two = learnedSpanAngles([asLearned(rows[0]), asLearned(rows[1])], 2, truth, scale);
    assert.ok(two.perQuantity[0] < 1e-6 && two.perQuantity[1] < 1e-6 && Math.abs(two.perQuantity[2] - 90) < 1e-6, `${two.perQuantity}`);
  });
});

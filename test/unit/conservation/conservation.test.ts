import { strict as assert } from 'assert';
import { analyseQuadratics, estimateNoise, testQuadratic } from '../../../src/core/conservation';
import type { Trajectory } from '../../../src/core/data/types';
import { draw, oscillators, rescale, rng } from './fixtures';

const normalInit = (n: number) => (r: ReturnType<typeof rng>) => [
  ...Array.from({ length: n }, () => r.normal()),
  ...Array.from({ length: n }, () => 0.5 * r.normal()),
];
const harmonic = (seed: number, noise?: number[], trajectories = 30, samples = 20) =>
  draw({ trajectories, samples, dt: 0.2, seed, noise, init: normalInit(1), exact: oscillators([1]) });
const pendulum = (amp: number, noise?: number[]) =>
  draw({ trajectories: 20, samples: 30, dt: 0.2, seed: 5, noise, init: (r) => [amp * (2 * r.uniform() - 1), 0.3 * r.normal()], field: (x) => [x[1], -Math.sin(x[0])] });
const damped = (gamma: number, noise?: number[]) =>
  draw({ trajectories: 20, samples: 30, dt: 0.2, seed: 6, noise, init: normalInit(1), field: (x) => [x[1], -x[0] - gamma * x[1]] });

/** |cos| between two quadratics' coefficient vectors (upper triangle of A with off-diagonals once, then b). */
function cosine(a: { A: number[][]; b: number[] }, b: { A: number[][]; b: number[] }): number {
  const vec = (q: { A: number[][]; b: number[] }) => [...q.A.flatMap((r, i) => r.slice(i)), ...q.b];
  const u = vec(a);
  const v = vec(b);
  const dot = u.reduce((s, x, i) => s + x * v[i], 0);
  return Math.abs(dot) / Math.hypot(...u) / Math.hypot(...v);
}

const energy = { A: [[1, 0], [0, 1]], b: [0, 0] };

describe('conservation on the data', () => {
  describe('noise estimate', () => {
    it('recovers the measurement noise per coordinate, with uneven time steps too', () => {
      const trs = harmonic(11, [0.01, 0.03], 40, 30);
      const n = estimateNoise(trs);
      assert.ok(Math.abs(n.sigma[0] / 0.01 - 1) < 0.12, `σ_q ${n.sigma[0]}`);
      assert.ok(Math.abs(n.sigma[1] / 0.03 - 1) < 0.12, `σ_p ${n.sigma[1]}`);
      // Jitter the sampling times (and sample the exact path there): the divided differences use the actual times.
      const r = rng(3);
      const noise = rng(4);
      const path = oscillators([1]);
      const jittered: Trajectory[] = Array.from({ length: 40 }, (_, k) => {
        const x0 = [r.normal(), 0.5 * r.normal()];
        const t = Float64Array.from({ length: 30 }, (_, s) => 0.2 * s + 0.08 * (r.uniform() - 0.5));
        return { id: String(k), t, states: Array.from(t, (ti) => Float64Array.from(path(x0, ti), (v) => v + 0.02 * noise.normal())) };
      });
      const j = estimateNoise(jittered);
      for (const s of j.sigma) assert.ok(Math.abs(s / 0.02 - 1) < 0.12, `jittered σ ${s}`);
    });
    it('is tiny on exact data and flags itself as an upper bound', () => {
      const n = estimateNoise(harmonic(12));
      for (const s of n.sigma) assert.ok(s < 1e-5, `σ ${s}`);
      assert.ok(n.upperBound.every(Boolean));
    });
    it('scales with its column', () => {
      const trs = harmonic(13, [0.01, 0.01]);
      const a = estimateNoise(trs);
      const b = estimateNoise(rescale(trs, [1e6, 1e-6]));
      assert.ok(Math.abs(b.sigma[0] / (1e6 * a.sigma[0]) - 1) < 1e-9);
      assert.ok(Math.abs(b.sigma[1] / (1e-6 * a.sigma[1]) - 1) < 1e-9);
    });
  });

  describe('verdicts', () => {
    it('finds q² + p² conserved on the paper\'s exact Table 1 sampling (7 × 5 states)', () => {
      const a = analyseQuadratics(harmonic(1, undefined, 7, 5));
      assert.equal(a.space.identifiability.identifiable, true);
      assert.equal(a.quantities.length, 1);
      assert.ok(cosine(a.quantities[0], energy) > 0.99999);
      assert.equal(a.quantities[0].test.verdict, 'conserved');
    });
    it('keeps a true invariant on noisy data, and the same verdicts and mapped quantity when a column is rescaled by 1e6 or 1e-6', () => {
      const trs = harmonic(2, [0.01, 0.01]);
      const a = analyseQuadratics(trs);
      assert.equal(a.quantities.length, 1);
      assert.equal(a.quantities[0].test.verdict, 'conserved');
      assert.ok(cosine(a.quantities[0], energy) > 0.999);
      for (const f of [[1e6, 1], [1, 1e-6], [1e-6, 1e6]]) {
        const b = analyseQuadratics(rescale(trs, f));
        assert.equal(b.quantities.length, 1);
        assert.equal(b.quantities[0].test.verdict, 'conserved');
        assert.ok(Math.abs(b.quantities[0].test.chi2PerDof / a.quantities[0].test.chi2PerDof - 1) < 1e-6);
        // Map back: A_user' = A / (f_i f_j), so A' f_i f_j must be proportional to the original A.
        const back = { A: b.quantities[0].A.map((r, i) => r.map((v, j) => v * f[i] * f[j])), b: b.quantities[0].b.map((v, i) => v * f[i]) };
        assert.ok(cosine(back, a.quantities[0]) > 1 - 1e-9, `rescaled by ${f}`);
      }
    });
    it('rejects the small-angle energy of a pendulum at 1.5 rad, on exact and on noisy data', () => {
      for (const noise of [undefined, [0.01, 0.01]]) {
        const trs = pendulum(1.5, noise);
        const a = analyseQuadratics(trs);
        assert.equal(a.quantities.length, 0, `noise ${noise}`);
        const t = testQuadratic([[1, 0], [0, 1]], [0, 0], trs, a.noise);
        assert.notEqual(t.verdict, 'conserved');
        assert.ok(t.pValue < 1e-6);
      }
    });
    it('rejects a lightly damped oscillator\'s energy and reports it decaying', () => {
      const trs = damped(0.02, [0.01, 0.01]);
      const a = analyseQuadratics(trs);
      assert.equal(a.quantities.length, 0);
      const t = testQuadratic([[1, 0], [0, 1]], [0, 0], trs, a.noise);
      assert.notEqual(t.verdict, 'conserved');
      assert.ok(t.driftRate.perTime < 0, `rate ${t.driftRate.perTime}`);
      // Energy E decays at rate γ on average (dE/dt = −γ p²): relative to E, about −0.02 per unit time.
      assert.ok(t.driftRate.relativePerTime < 0);
    });
    it('finds the three energies, not U(3), for frequencies 1, 1.01, 1.02 with noise 0.003', () => {
      const trs = draw({ trajectories: 100, samples: 20, dt: 0.2, seed: 3, noise: Array(6).fill(0.003), init: normalInit(3), exact: oscillators([1, 1.01, 1.02]) });
      const a = analyseQuadratics(trs);
      assert.equal(a.quantities.length, 3);
      // Each found quantity lies in the span of the three energies: no q_i q_j (i≠j), q_i p_j or linear terms.
      for (const q of a.quantities) {
        const off = q.A.flatMap((r, i) => r.filter((_, j) => j !== i && j !== (i + 3) % 6 && j !== (i + 3)));
        assert.ok(Math.max(...off.map(Math.abs)) < 0.06, `off-diagonal ${Math.max(...off.map(Math.abs))}`);
        assert.ok(q.test.verdict === 'conserved');
      }
    });
    it('says "not identifiable" for 3 trajectories × 4 samples of 3 oscillators and flags nothing conserved', () => {
      const trs = draw({ trajectories: 3, samples: 4, dt: 0.2, seed: 3, init: normalInit(3), exact: oscillators([1, 1, 1]) });
      const a = analyseQuadratics(trs);
      assert.equal(a.space.identifiability.identifiable, false);
      assert.ok((a.space.identifiability.needed ?? 0) > 9);
      assert.ok(a.quantities.every((q) => q.test.verdict !== 'conserved'));
    });
    it('keeps a real 8 % cross term on noisy data', () => {
      const trs = draw({ trajectories: 30, samples: 30, dt: 0.2, seed: 8, noise: [0.02, 0.02], init: normalInit(1), field: (x) => [0.04 * x[0] + x[1], -(x[0] + 0.04 * x[1])] });
      const a = analyseQuadratics(trs);
      assert.equal(a.quantities.length, 1);
      const { A } = a.quantities[0];
      const ratio = A[0][1] / A[0][0];
      assert.ok(Math.abs(ratio - 0.04) < 0.01, `A01/A00 ${ratio}`);
      // The same form without its cross term is rejected by the same data.
      assert.notEqual(testQuadratic([[1, 0], [0, 1]], [0, 0], trs, a.noise).verdict, 'conserved');
    });
    it('is calibrated: a true invariant on noisy data is rejected at about the test\'s level', () => {
      let rejected = 0;
      const runs = 60;
      for (let s = 0; s < runs; s++) {
        const trs = harmonic(100 + s, [0.01, 0.02], 10, 15);
        const n = estimateNoise(trs);
        if (testQuadratic([[1, 0], [0, 1]], [0, 0], trs, n, { alpha: 0.1 }).verdict !== 'conserved') rejected++;
      }
      // At α = 0.1 an exact test rejects about 6 of 60; this one is somewhat conservative (docs/method.md); allow 1–15.
      assert.ok(rejected <= 15, `rejected ${rejected} of ${runs}`);
      assert.ok(rejected >= 1, `rejected ${rejected} of ${runs}: the test never rejects, it is not calibrated`);
    });
  });
});

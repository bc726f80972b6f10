/**
 * The validation suite's simulated systems (issue 13 item 6): each system's
 * ground-truth quadratic invariants are conserved by the integrated flow, its
 * approximate invariants drift, and closed forms hold where they exist.
 */
import { strict as assert } from 'assert';
import { simulate, type SimulateSpec } from '../../../src/core/sim/simulate';
import { randomRotation, type Quadratic } from '../../../src/core/sim/systems';
import { Random } from '../../../src/core/util/random';
import { maxRelativeDrift } from '../helpers/invariantDrift';

/** Largest change of C along any trajectory, relative to C's spread over all samples. */
const relDrift = (c: Quadratic, spec: SimulateSpec): number => maxRelativeDrift(c, simulate(spec));

const base = { trajectories: 8, steps: 30, dt: 0.2, seed: 4 };

describe('sim/systems for validation', () => {
  const cases: Array<{ spec: SimulateSpec; rank: number; approxMin?: number }> = [
    { spec: { ...base, system: 'harmonic' }, rank: 1 },
    { spec: { ...base, system: 'oscillators', n: 3 }, rank: 9 },
    { spec: { ...base, system: 'pendulum', omegas: [1.3], amplitude: 1.3 }, rank: 0, approxMin: 0.05 },
    { spec: { ...base, system: 'damped', gamma: 0.02 }, rank: 0, approxMin: 0.05 },
    { spec: { ...base, system: 'frequencies', omegas: [1, 1.01, 1.02], steps: 60, dt: 0.5 }, rank: 3, approxMin: 0.05 },
    { spec: { ...base, system: 'frequencies', omegas: [1.2, 1.2] }, rank: 4 },
    { spec: { ...base, system: 'coupled', omegas: [0.8, 1.3, 1.9], rotation: randomRotation(3, new Random(3)) }, rank: 3 },
    { spec: { ...base, system: 'kepler', dt: 0.5 }, rank: 1 },
    { spec: { ...base, system: 'nbody', bodies: 3, dt: 0.5 }, rank: 7 },
    { spec: { ...base, system: 'rotation', modulation: 0.5 }, rank: 1 },
    { spec: { ...base, system: 'cross', c: 0.08 }, rank: 1, approxMin: 0.02 },
    { spec: { ...base, system: 'spring', dt: 1e-4 }, rank: 1 },
  ];
  for (const c of cases) {
    it(`${c.spec.system}: its ${c.rank} true invariants are conserved${c.approxMin ? ', its approximate ones drift' : ''}`, () => {
      const sys = simulate({ ...c.spec, trajectories: 1, steps: 1 }).system;
      assert.equal(sys.invariants?.length, c.rank);
      for (const q of sys.invariants!) {
        const d = relDrift(q, c.spec);
        assert.ok(d < 1e-8, `${q.label}: drift ${d}`);
      }
      if (c.approxMin) {
        assert.ok(sys.approximateInvariants!.length > 0);
        for (const q of sys.approximateInvariants!) {
          const d = relDrift(q, c.spec);
          assert.ok(d > c.approxMin, `${q.label}: drift ${d} should exceed ${c.approxMin}`);
        }
      }
    });
  }

  it('energy is conserved to 1e-10 where the flow conserves it', () => {
    for (const c of cases) {
      if (c.spec.system === 'damped') continue;
      const r = simulate(c.spec);
      assert.ok(r.maxEnergyDrift < 1e-9, `${c.spec.system}: ${r.maxEnergyDrift}`);
    }
  });

  it('oscillators of given frequencies and the SI spring follow their closed forms', () => {
    const f = simulate({ ...base, system: 'frequencies', omegas: [0.7, 1.9] });
    for (const tr of f.trajectories) {
      const x0 = tr.states[0];
      tr.states.forEach((x, k) => {
        [0.7, 1.9].forEach((w, i) => {
          const t = tr.t[k];
          assert.ok(Math.abs(x[i] - (x0[i] * Math.cos(w * t) + (x0[2 + i] / w) * Math.sin(w * t))) < 1e-9);
        });
      });
    }
    const s = simulate({ ...base, system: 'spring', k: 2000, m: 5e-3, dt: 2e-4 });
    const w = Math.sqrt(2000 / 5e-3);
    for (const tr of s.trajectories) {
      const [x0, p0] = tr.states[0];
      assert.ok(Math.abs(x0) < 0.01 && Math.abs(p0) < 0.1, 'millimetre amplitudes');
      tr.states.forEach((x, k) => {
        const t = tr.t[k];
        const exact = x0 * Math.cos(w * t) + (p0 / (5e-3 * w)) * Math.sin(w * t);
        assert.ok(Math.abs(x[0] - exact) < 1e-9 * 1e-3, `${x[0]} vs ${exact}`);
      });
    }
  });

  it('Kepler orbits are bound and keep away from the centre; the pendulum stays below its amplitude', () => {
    const r = simulate({ ...base, system: 'kepler', eMax: 0.5, dt: 0.5, trajectories: 20 });
    for (const tr of r.trajectories) {
      for (const x of tr.states) {
        assert.ok(Math.hypot(x[0], x[1]) >= 0.5 - 1e-9);
        assert.ok(r.system.energy(x) < 0);
      }
    }
    const p = simulate({ ...base, system: 'pendulum', amplitude: 1.4, trajectories: 20 });
    for (const tr of p.trajectories) for (const x of tr.states) assert.ok(Math.abs(x[0]) <= 1.4 + 1e-9);
  });

  it('the rotation flow is not area-preserving (so not Hamiltonian)', () => {
    const sys = simulate({ ...base, system: 'rotation', trajectories: 1, steps: 1 }).system;
    assert.equal(sys.hamiltonian, false);
    // divergence by central differences at a point where it is −ω'(θ) = 0.5 sin θ ≠ 0
    const h = 1e-6;
    const f = (q: number, p: number) => { const o = new Float64Array(2); sys.field(Float64Array.of(q, p), o); return o; };
    const div = (f(0.6 + h, 0.8)[0] - f(0.6 - h, 0.8)[0]) / (2 * h) + (f(0.6, 0.8 + h)[1] - f(0.6, 0.8 - h)[1]) / (2 * h);
    assert.ok(Math.abs(div - 0.5 * 0.8) < 1e-6, `divergence ${div}`);
  });

  it('scales multiply the columns; noise is added on its own stream', () => {
    const spec: SimulateSpec = { ...base, system: 'harmonic' };
    const clean = simulate(spec);
    const scaled = simulate({ ...spec, scales: [1e3, 1e-3] });
    const noisy = simulate({ ...spec, noise: [0.01, 0.02], trajectories: 40 });
    const res: number[][] = [[], []];
    clean.trajectories.forEach((tr, k) => tr.states.forEach((x, i) => {
      assert.equal(scaled.trajectories[k].states[i][0], x[0] * 1e3);
      assert.equal(scaled.trajectories[k].states[i][1], x[1] * 1e-3);
      res[0].push(noisy.trajectories[k].states[i][0] - x[0]);
      res[1].push(noisy.trajectories[k].states[i][1] - x[1]);
    }));
    const sd = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + b * b, 0) / v.length);
    assert.ok(Math.abs(sd(res[0]) / 0.01 - 1) < 0.2, `sd ${sd(res[0])}`);
    assert.ok(Math.abs(sd(res[1]) / 0.02 - 1) < 0.2, `sd ${sd(res[1])}`);
  });
});

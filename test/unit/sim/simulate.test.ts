import { strict as assert } from 'assert';
import { simulate, simulateDataset } from '../../../src/core/sim/simulate';
import { nbodyAngularMomentum, nbodyMomentum } from '../../../src/core/sim/systems';

describe('sim/simulate', () => {
  it('has the requested shape, sample times and column names for every system', () => {
    const cases = [
      { spec: { system: 'harmonic' as const }, q: ['q'], p: ['p'] },
      { spec: { system: 'oscillators' as const, n: 3 }, q: ['q1', 'q2', 'q3'], p: ['p1', 'p2', 'p3'] },
      { spec: { system: 'nbody' as const, bodies: 2 }, q: ['x1', 'y1', 'x2', 'y2'], p: ['px1', 'py1', 'px2', 'py2'] },
      { spec: { system: 'damped' as const }, q: ['q'], p: ['p'] },
    ];
    for (const c of cases) {
      const r = simulate({ ...c.spec, trajectories: 7, steps: 4, dt: 0.2, seed: 1 });
      assert.deepEqual(r.columns.q, c.q);
      assert.deepEqual(r.columns.p, c.p);
      assert.equal(r.columns.time, 't');
      assert.equal(r.columns.trajectory, 'trajectory');
      assert.equal(r.dim, 2 * c.q.length);
      assert.equal(r.trajectories.length, 7);
      for (const tr of r.trajectories) {
        assert.equal(tr.states.length, 5);
        assert.deepEqual(Array.from(tr.t), [0, 0.2, 0.4, 0.6, 0.8]);
        for (const s of tr.states) assert.equal(s.length, r.dim);
      }
      assert.deepEqual(r.trajectories.map((t) => t.id), ['0', '1', '2', '3', '4', '5', '6']);
    }
  });

  it('samples follow the exact harmonic flow from the drawn initial state', () => {
    const r = simulate({ system: 'harmonic', trajectories: 5, steps: 20, dt: 0.2, seed: 3 });
    for (const tr of r.trajectories) {
      const [q0, p0] = tr.states[0];
      tr.states.forEach((x, k) => {
        const t = tr.t[k];
        assert.ok(Math.abs(x[0] - (q0 * Math.cos(t) + p0 * Math.sin(t))) < 1e-10);
        assert.ok(Math.abs(x[1] - (-q0 * Math.sin(t) + p0 * Math.cos(t))) < 1e-10);
      });
    }
    assert.ok(r.maxEnergyDrift < 1e-10, `drift ${r.maxEnergyDrift}`);
  });

  it('is deterministic by seed; different seeds give different data', () => {
    const spec = { system: 'oscillators' as const, n: 2, trajectories: 4, steps: 3, dt: 0.2, seed: 11 };
    const a = simulate(spec), b = simulate(spec), c = simulate({ ...spec, seed: 12 });
    const flat = (r: typeof a) => r.trajectories.flatMap((t) => t.states.flatMap((s) => Array.from(s)));
    assert.deepEqual(flat(a), flat(b));
    const fa = flat(a), fc = flat(c);
    assert.ok(fa.every((v, i) => v !== fc[i]), 'no value shared between seeds 11 and 12');
  });

  it('trajectory k does not depend on how many trajectories are generated', () => {
    const small = simulate({ system: 'harmonic', trajectories: 3, steps: 2, dt: 0.2, seed: 5 });
    const big = simulate({ system: 'harmonic', trajectories: 10, steps: 2, dt: 0.2, seed: 5 });
    for (let k = 0; k < 3; k++) assert.deepEqual(Array.from(small.trajectories[k].states[2]), Array.from(big.trajectories[k].states[2]));
  });

  it('initial states follow q ~ N(qShift, qScale²), p ~ N(0, pScale²)', () => {
    const r = simulate({ system: 'oscillators', n: 2, trajectories: 4000, steps: 1, dt: 0.1, seed: 9, qScale: 3, pScale: 0.2, qShift: 1 });
    const q: number[] = [], p: number[] = [];
    for (const tr of r.trajectories) { q.push(tr.states[0][0], tr.states[0][1]); p.push(tr.states[0][2], tr.states[0][3]); }
    const stats = (v: number[]) => {
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return [m, Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length)];
    };
    const [qm, qs] = stats(q), [pm, ps] = stats(p);
    // 8000 draws each: SE of the mean = σ/89, of the std ≈ σ/126
    assert.ok(Math.abs(qm - 1) < 5 * 3 / 89, `q mean ${qm}`);
    assert.ok(Math.abs(qs - 3) < 5 * 3 / 126, `q std ${qs}`);
    assert.ok(Math.abs(pm) < 5 * 0.2 / 89, `p mean ${pm}`);
    assert.ok(Math.abs(ps - 0.2) < 5 * 0.2 / 126, `p std ${ps}`);
  });

  it('3-body data conserve energy, momentum and angular momentum over the paper horizon', () => {
    const r = simulate({ system: 'nbody', bodies: 3, trajectories: 5, steps: 50, dt: 1.0, seed: 2 });
    assert.ok(r.maxEnergyDrift < 1e-8, `energy drift ${r.maxEnergyDrift}`);
    for (const tr of r.trajectories) {
      const P0 = nbodyMomentum(tr.states[0], 3), L0 = nbodyAngularMomentum(tr.states[0], 3);
      for (const x of tr.states) {
        const P = nbodyMomentum(x, 3);
        assert.ok(Math.abs(P[0] - P0[0]) < 1e-9 && Math.abs(P[1] - P0[1]) < 1e-9);
        assert.ok(Math.abs(nbodyAngularMomentum(x, 3) - L0) < 1e-9);
      }
    }
  });

  it('the damped oscillator reports its (physical) energy loss as drift', () => {
    const r = simulate({ system: 'damped', gamma: 0.3, trajectories: 10, steps: 20, dt: 0.2, seed: 4 });
    assert.ok(r.maxEnergyDrift > 0.3, `damped drift ${r.maxEnergyDrift}`);
    const r0 = simulate({ system: 'damped', gamma: 0, trajectories: 10, steps: 20, dt: 0.2, seed: 4 });
    assert.ok(r0.maxEnergyDrift < 1e-10);
  });

  it('simulateDataset wraps the result as an in-memory Dataset', () => {
    const ds = simulateDataset({ system: 'harmonic', trajectories: 7, steps: 4, dt: 0.2, seed: 1 });
    assert.equal(ds.file, '<memory>');
    assert.equal(ds.transitions, 28);
    assert.equal(ds.dim, 2);
  });

  it('rejects bad specs', () => {
    const ok = { system: 'harmonic' as const, trajectories: 2, steps: 2, dt: 0.2, seed: 1 };
    for (const bad of [{ trajectories: 0 }, { steps: 0 }, { steps: 1.5 }, { dt: 0 }, { dt: NaN }, { seed: -1 }, { seed: 2 ** 32 }, { qScale: -1 }, { pScale: Infinity }]) {
      assert.throws(() => simulate({ ...ok, ...bad }), RangeError, JSON.stringify(bad));
    }
  });
});

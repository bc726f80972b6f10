import { strict as assert } from 'assert';
import { integrate } from '../../../src/core/sim/integrate';
import {
  damped, dampedExact, harmonic, makeSystem, nbody, nbodyAngularMomentum, nbodyEnergy, nbodyMomentum, oscillators,
  type PhysicalSystem,
} from '../../../src/core/sim/systems';
import { Random } from '../../../src/core/util/random';

/** Central finite-difference gradient of a scalar function. */
function numGrad(fn: (x: Float64Array) => number, x: Float64Array, h = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const a = Float64Array.from(x), b = Float64Array.from(x);
    a[i] += h; b[i] -= h;
    g[i] = (fn(a) - fn(b)) / (2 * h);
  }
  return g;
}

function randomState(sys: PhysicalSystem, seed: number, pScale = 0.5): Float64Array {
  const r = new Random(seed);
  const x = new Float64Array(2 * sys.n);
  for (let i = 0; i < sys.n; i++) { x[i] = r.normal(); x[sys.n + i] = pScale * r.normal(); }
  return x;
}

/** Max relative energy drift of `trials` random trajectories sampled every dt for `steps` steps. */
function maxDrift(sys: PhysicalSystem, trials: number, steps: number, dt: number): number {
  let worst = 0;
  for (let s = 0; s < trials; s++) {
    const x0 = randomState(sys, 100 + s);
    const times = Array.from({ length: steps + 1 }, (_, k) => k * dt);
    const e0 = sys.energy(x0), scale = sys.energyScale(x0);
    for (const x of integrate(sys.field, x0, 0, times)) worst = Math.max(worst, Math.abs(sys.energy(x) - e0) / scale);
  }
  return worst;
}

describe('sim/systems', () => {
  it('conservative vector fields are J∇H of their energy (finite differences)', () => {
    for (const sys of [harmonic(), oscillators(3), nbody(3), nbody(4), damped(0)]) {
      const x = randomState(sys, 7);
      const g = numGrad((y) => sys.energy(y), x);
      const f = new Float64Array(x.length);
      sys.field(x, f);
      const n = sys.n;
      for (let i = 0; i < n; i++) {
        assert.ok(Math.abs(f[i] - g[n + i]) < 1e-7, `${sys.name} dq${i}/dt = ${f[i]} vs ∂H/∂p = ${g[n + i]}`);
        assert.ok(Math.abs(f[n + i] + g[i]) < 1e-7, `${sys.name} dp${i}/dt = ${f[n + i]} vs −∂H/∂q = ${-g[i]}`);
      }
      assert.ok(sys.hamiltonian);
    }
  });

  it('N-body energy is the softened-gravity Hamiltonian written out by hand for 2 bodies', () => {
    // bodies at (0,0) and (3,4): distance 5, potential −1/√26; momenta (1,2) and (−1,0.5)
    const x = [0, 0, 3, 4, 1, 2, -1, 0.5];
    const expected = (1 + 4) / 2 + (1 + 0.25) / 2 - 1 / Math.sqrt(26);
    assert.ok(Math.abs(nbodyEnergy(x, 2) - expected) < 1e-15);
    assert.ok(Math.abs(nbody(2).energy(x) - expected) < 1e-15);
    assert.deepEqual(nbodyMomentum(x, 2), [0, 2.5]);
    // L = Σ x p_y − y p_x = (0·2 − 0·1) + (3·0.5 − 4·(−1)) = 5.5
    assert.equal(nbodyAngularMomentum(x, 2), 5.5);
    // gravity attracts: body 1 is pulled towards body 2
    const f = new Float64Array(8);
    nbody(2).field(Float64Array.from(x), f);
    const pull = 1 / 26 ** 1.5;
    assert.ok(Math.abs(f[4] - 3 * pull) < 1e-16 && Math.abs(f[5] - 4 * pull) < 1e-16);
    assert.ok(Math.abs(f[6] + 3 * pull) < 1e-16 && Math.abs(f[7] + 4 * pull) < 1e-16);
  });

  it('column names follow the phase-space order and the loader\'s naming rules', () => {
    assert.deepEqual([harmonic().qNames, harmonic().pNames], [['q'], ['p']]);
    assert.deepEqual([oscillators(3).qNames, oscillators(3).pNames], [['q1', 'q2', 'q3'], ['p1', 'p2', 'p3']]);
    assert.deepEqual(nbody(3).qNames, ['x1', 'y1', 'x2', 'y2', 'x3', 'y3']);
    assert.deepEqual(nbody(3).pNames, ['px1', 'py1', 'px2', 'py2', 'px3', 'py3']);
    assert.equal(nbody(3).n, 6);
  });

  it('relative energy drift < 1e-8 over the paper horizons for every Hamiltonian system', () => {
    // oscillators: 50 steps × 0.2; 3-body: 50 steps × 1.0 (method.md §8, paper §5)
    const cases: Array<[PhysicalSystem, number, number]> = [
      [harmonic(), 50, 0.2], [oscillators(2), 50, 0.2], [oscillators(3), 50, 0.2], [oscillators(5), 50, 0.2], [nbody(3), 50, 1.0],
    ];
    for (const [sys, steps, dt] of cases) {
      const d = maxDrift(sys, 10, steps, dt);
      assert.ok(d < 1e-8, `${sys.name} n=${sys.n}: drift ${d}`);
    }
  });

  it('N-body total momentum and angular momentum are conserved (< 1e-9 relative)', () => {
    const sys = nbody(3);
    for (let s = 0; s < 10; s++) {
      const x0 = randomState(sys, 300 + s);
      const P0 = nbodyMomentum(x0, 3), L0 = nbodyAngularMomentum(x0, 3);
      // scale: the sums of absolute terms, so the check is relative even when a total is near zero
      let pScale = 0, lScale = 0;
      for (let i = 0; i < 3; i++) {
        pScale += Math.hypot(x0[6 + 2 * i], x0[7 + 2 * i]);
        lScale += Math.abs(x0[2 * i] * x0[7 + 2 * i]) + Math.abs(x0[2 * i + 1] * x0[6 + 2 * i]);
      }
      const times = Array.from({ length: 51 }, (_, k) => k * 1.0);
      for (const x of integrate(sys.field, x0, 0, times)) {
        const P = nbodyMomentum(x, 3), L = nbodyAngularMomentum(x, 3);
        assert.ok(Math.abs(P[0] - P0[0]) / pScale < 1e-9 && Math.abs(P[1] - P0[1]) / pScale < 1e-9, `momentum drift ${P} vs ${P0}`);
        assert.ok(Math.abs(L - L0) / lScale < 1e-9, `angular momentum drift ${L} vs ${L0}`);
      }
    }
  });

  it('the bodies actually interact (momentum of a single body changes), so the conservation test is not vacuous', () => {
    const sys = nbody(3);
    const x0 = randomState(sys, 301);
    const [, x] = integrate(sys.field, x0, 0, [0, 10]);
    assert.ok(Math.hypot(x[6] - x0[6], x[7] - x0[7]) > 1e-2);
  });

  it('damped oscillator follows the closed form, and its energy decays as that closed form says', () => {
    for (const gamma of [0.3, 0.05, 1.2]) {
      const sys = damped(gamma);
      assert.equal(sys.hamiltonian, false);
      const q0 = 0.8, p0 = -0.4;
      const times = Array.from({ length: 21 }, (_, k) => k * 0.2);
      const xs = integrate(sys.field, new Float64Array([q0, p0]), 0, times);
      let prevE = Infinity;
      xs.forEach((x, k) => {
        const [q, p] = dampedExact(q0, p0, gamma, times[k]);
        assert.ok(Math.abs(x[0] - q) < 1e-10 && Math.abs(x[1] - p) < 1e-10, `γ=${gamma} t=${times[k]}`);
        const e = sys.energy(x), eExact = 0.5 * (q * q + p * p);
        assert.ok(Math.abs(e - eExact) < 1e-10 * Math.max(1, eExact));
        assert.ok(e <= prevE + 1e-15, 'energy never increases');
        prevE = e;
      });
      // dE/dt = −γ p² integrated along the path: E(T) − E(0) = −γ ∫ p² dt (trapezoid on a fine grid)
      const fine = Array.from({ length: 4001 }, (_, k) => k * 0.001);
      let integral = 0;
      let prev = p0 * p0;
      for (let k = 1; k < fine.length; k++) {
        const [, p] = dampedExact(q0, p0, gamma, fine[k]);
        integral += 0.5 * (prev + p * p) * 0.001;
        prev = p * p;
      }
      const loss = sys.energy([q0, p0]) - sys.energy(xs[20]);
      assert.ok(Math.abs(loss - gamma * integral) < 1e-6, `γ=${gamma}: lost ${loss}, γ∫p² = ${gamma * integral}`);
    }
    // the decay is material at γ = 0.3 (so a damped dataset is clearly not conservative)
    const e4 = damped(0.3).energy(dampedExact(1, 0, 0.3, 4));
    assert.ok(e4 < 0.5 * 0.5, `E(4) = ${e4} should be well below E(0) = 0.5`);
  });

  it('dampedExact agrees with a direct check of the ODE (finite-difference derivative)', () => {
    const g = 0.3, h = 1e-5;
    for (const t of [0, 0.7, 3.1]) {
      const [q, p] = dampedExact(0.3, 1.1, g, t);
      const [qa, pa] = dampedExact(0.3, 1.1, g, t + h);
      const [qb, pb] = dampedExact(0.3, 1.1, g, t - h);
      assert.ok(Math.abs((qa - qb) / (2 * h) - p) < 1e-8);
      assert.ok(Math.abs((pa - pb) / (2 * h) - (-q - g * p)) < 1e-8);
    }
  });

  it('makeSystem builds by name with defaults and rejects bad parameters', () => {
    assert.equal(makeSystem('oscillators').n, 2);
    assert.equal(makeSystem('oscillators', { n: 4 }).n, 4);
    assert.equal(makeSystem('nbody').n, 6);
    assert.equal(makeSystem('damped').hamiltonian, false);
    assert.throws(() => oscillators(0), RangeError);
    assert.throws(() => nbody(1), RangeError);
    assert.throws(() => damped(-1), RangeError);
    assert.throws(() => makeSystem('pendula' as never), RangeError);
  });
});

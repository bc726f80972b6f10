import { strict as assert } from 'assert';
import { integrate, IntegrationError, type IntegrateStats } from '../../../src/core/sim/integrate';

const harmonicField = (x: Float64Array, out: Float64Array) => { out[0] = x[1]; out[1] = -x[0]; };

describe('integrate (DOP853)', () => {
  it('matches the closed-form harmonic oscillator to < 1e-9 over long horizons', () => {
    const q0 = 1.3, p0 = -0.7;
    const times = Array.from({ length: 101 }, (_, k) => k * 0.37); // up to t = 37, ~6 periods
    const xs = integrate(harmonicField, new Float64Array([q0, p0]), 0, times);
    assert.equal(xs.length, times.length);
    let worst = 0;
    xs.forEach((x, k) => {
      const t = times[k];
      worst = Math.max(worst,
        Math.abs(x[0] - (q0 * Math.cos(t) + p0 * Math.sin(t))),
        Math.abs(x[1] - (-q0 * Math.sin(t) + p0 * Math.cos(t))));
    });
    assert.ok(worst < 1e-9, `max error ${worst}`);
  });

  it('has 8th-order accuracy: error falls by ~2^8 when the step halves (fixed steps via maxStep, loose tolerance)', () => {
    // Exponential decay x' = -x; with huge tolerances the controller would take giant steps,
    // so cap the step size to measure the method's own order.
    const f = (x: Float64Array, out: Float64Array) => { out[0] = -x[0]; };
    const errAt = (h: number) => {
      const [x] = integrate(f, new Float64Array([1]), 0, [2], { rtol: 1e-3, atol: 1e-3, maxStep: h });
      return Math.abs(x[0] - Math.exp(-2));
    };
    const e1 = errAt(0.5), e2 = errAt(0.25);
    const order = Math.log2(e1 / e2);
    assert.ok(order > 7 && order < 9.5, `observed order ${order} (errors ${e1}, ${e2})`);
  });

  it('honours the tolerance: a looser tolerance takes fewer steps and is less accurate', () => {
    const run = (tol: number) => {
      const st: IntegrateStats = { accepted: 0, rejected: 0, evaluations: 0 };
      const [x] = integrate(harmonicField, new Float64Array([1, 0]), 0, [20], { rtol: tol, atol: tol }, st);
      return { err: Math.hypot(x[0] - Math.cos(20), x[1] + Math.sin(20)), steps: st.accepted };
    };
    const tight = run(1e-12), loose = run(1e-5);
    assert.ok(loose.steps < tight.steps, `${loose.steps} vs ${tight.steps}`);
    assert.ok(tight.err < loose.err);
    assert.ok(loose.err < 1e-3, `loose error ${loose.err}`);
  });

  it('returns the initial state for t = t0 and does not modify x0', () => {
    const x0 = new Float64Array([0.5, 0.25]);
    const [a, b] = integrate(harmonicField, x0, 0, [0, 1]);
    assert.deepEqual(Array.from(a), [0.5, 0.25]);
    assert.deepEqual(Array.from(x0), [0.5, 0.25]);
    assert.notEqual(a, x0);
    assert.ok(Math.abs(b[0] - (0.5 * Math.cos(1) + 0.25 * Math.sin(1))) < 1e-11);
  });

  it('rejects decreasing sample times', () => {
    assert.throws(() => integrate(harmonicField, new Float64Array([1, 0]), 0, [1, 0.5]), RangeError);
  });

  it('stops with IntegrationError when the step budget is exhausted', () => {
    assert.throws(() => integrate(harmonicField, new Float64Array([1, 0]), 0, [1000], { maxSteps: 10 }), IntegrationError);
  });

  it('stops with IntegrationError on finite-time blow-up (x\' = x², x(0) = 1 explodes at t = 1)', () => {
    const f = (x: Float64Array, out: Float64Array) => { out[0] = x[0] * x[0]; };
    assert.throws(() => integrate(f, new Float64Array([1]), 0, [2], { maxSteps: 100_000 }), IntegrationError);
    // and is accurate right up to near the singularity: x(t) = 1/(1-t)
    const [x] = integrate(f, new Float64Array([1]), 0, [0.9]);
    assert.ok(Math.abs(x[0] - 10) / 10 < 1e-10, `x(0.9) = ${x[0]}`);
  });
});

import { strict as assert } from 'node:assert';
import { conservedThreshold, DRIFT_THRESHOLD, measureDrift, NULL_FRACTION, nullDrift } from '../../../src/core/readout/drift';
import { readout } from '../../../src/core/readout';
import { Random } from '../../../src/core/util/random';
import { simulate } from '../../../src/core/sim/simulate';
import { oracleQuantities } from '../../../src/core/symmetry/oracles';

describe('readout: the conserved flag is calibrated against random quantities on the same data', function () {
  this.timeout(20000);
  // Long, 12-dimensional trajectories: here a generic quadratic drifts only a few percent.
  const sim = simulate({ system: 'nbody', bodies: 3, trajectories: 30, steps: 50, dt: 1, seed: 5 });
  const trajectories = sim.trajectories;

  it('on 3-body data a random quadratic drifts less than the fixed 0.05, so the null reference is what rejects it', () => {
    // A generic quantity in the data's natural units (each coordinate scaled by its std).
    const rng = new Random(11);
    const M = sim.dim;
    const states = trajectories.flatMap((t) => t.states);
    const sd = Array.from({ length: M }, (_, i) => {
      const m = states.reduce((s, x) => s + x[i], 0) / states.length;
      return Math.sqrt(states.reduce((s, x) => s + (x[i] - m) ** 2, 0) / states.length);
    });
    const A = Array.from({ length: M }, () => new Array<number>(M).fill(0));
    for (let i = 0; i < M; i++) for (let j = i; j < M; j++) A[i][j] = A[j][i] = rng.normal() / (sd[i] * sd[j]);
    const b = sd.map((s) => rng.normal() / s);
    const d = measureDrift(A, b, trajectories).drift;
    const ref = nullDrift(trajectories);
    assert.ok(d < DRIFT_THRESHOLD, `this data set makes generic drift small (${d})`);
    assert.ok(d > conservedThreshold(DRIFT_THRESHOLD, ref), `random quantity drift ${d} must exceed the threshold (null ${ref})`);
  });

  it('total momentum and angular momentum stay conserved under the calibrated threshold', () => {
    const ref = nullDrift(trajectories);
    const threshold = conservedThreshold(DRIFT_THRESHOLD, ref);
    for (const q of oracleQuantities('se2', sim.dim)) {
      assert.ok(measureDrift(q.A, q.b, trajectories).drift < threshold);
    }
  });

  it('the readout flags SE(2) conserved and a random span not, and records the rule', () => {
    const names = { q: sim.columns.q, p: sim.columns.p };
    const se2 = oracleQuantities('se2', sim.dim).map(({ A, b }) => ({ W: A.map((r) => r.map((v) => v / 2)), b }));
    const good = readout({ learned: se2, scale: 1, columns: names, trajectories });
    assert.equal(good.rank, 3);
    assert.ok(good.conservedQuantities.every((q) => q.conserved));
    const rng = new Random(3);
    // Like the learned quantities of an unconverged 3-body run: mostly q·p cross terms (drift 0.01-0.03).
    const n = sim.dim / 2;
    const junk = [0, 1, 2].map(() => ({
      W: Array.from({ length: sim.dim }, (_, i) => Array.from({ length: sim.dim }, (_, j) => ((i < n) !== (j < n) ? rng.normal() : 0.05 * rng.normal()))),
      b: Array.from({ length: sim.dim }, () => 0.05 * rng.normal()),
    }));
    const bad = readout({ learned: junk, scale: 1, columns: names, trajectories });
    assert.ok(bad.conservedQuantities.every((q) => !q.conserved), bad.conservedQuantities.map((q) => q.drift).join(', '));
    const rule = bad.details?.driftRule as { nullDrift: number; nullFraction: number };
    assert.equal(rule.nullFraction, NULL_FRACTION);
    assert.ok(rule.nullDrift > 0 && rule.nullDrift < DRIFT_THRESHOLD);
    assert.equal(bad.details?.driftThreshold, NULL_FRACTION * rule.nullDrift);
  });

  it('is deterministic and keeps the fixed threshold where random quantities drift a lot', () => {
    const h = simulate({ system: 'harmonic', trajectories: 7, steps: 4, dt: 0.2, seed: 1 }).trajectories;
    const a = nullDrift(h);
    assert.equal(nullDrift(h), a);
    assert.ok(a > 0.2, `harmonic null drift ${a}`);
    assert.equal(conservedThreshold(DRIFT_THRESHOLD, a), DRIFT_THRESHOLD);
    assert.equal(conservedThreshold(DRIFT_THRESHOLD, 0), DRIFT_THRESHOLD);
  });
});

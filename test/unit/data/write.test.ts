import { strict as assert } from 'assert';
import { parseDataset } from '../../../src/core/data/load';
import type { Trajectory } from '../../../src/core/data/types';
import { formatCsv } from '../../../src/core/data/write';
import { Random } from '../../../src/core/util/random';

describe('formatCsv', () => {
  it('writes the header trajectory,t,<q...>,<p...> and one row per sample', () => {
    const csv = formatCsv({ q: ['x', 'y'], p: ['px', 'py'] }, [
      { id: 'a', t: Float64Array.of(0, 0.2), states: [Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8)] },
    ]);
    assert.equal(csv, 'trajectory,t,x,y,px,py\na,0,1,2,3,4\na,0.2,5,6,7,8\n');
  });

  it('round-trips through the loader to bit-identical numbers, ids and order', () => {
    const rng = new Random(7);
    // Awkward magnitudes: subnormal, extreme exponents, values with 17 significant digits, -0.
    const special = [5e-324, -2.2250738585072014e-308, 1.7976931348623157e308, 0.1 + 0.2, 1 / 3, -0, 123456789.12345679];
    const ids = ['0', 'run "b", part 2', 'a;b\tc', 'é∂'];
    const trajectories: Trajectory[] = ids.map((id, i) => {
      const n = 2 + i * 3;
      const t = new Float64Array(n);
      const states: Float64Array[] = [];
      let time = rng.gaussian(0, 10);
      for (let k = 0; k < n; k++) {
        time += 1e-3 + rng.next() * 0.7; // irregular, increasing steps
        t[k] = time;
        states.push(Float64Array.from({ length: 4 }, (_, j) =>
          (k * 4 + j) % 5 === 0 ? special[(i + k + j) % special.length] : rng.gaussian(0, 1) * 10 ** rng.int(20) * (rng.next() < 0.5 ? 1e-15 : 1)));
      }
      return { id, t, states };
    });
    const columns = { q: ['q_1', 'Q2'], p: ['p_1', 'P2'] };
    // The writer's fidelity over the whole double range (denormals, 1e308): the loader's magnitude limit is off.
    const ds = parseDataset(formatCsv(columns, trajectories), 'mem.csv', { anyMagnitude: true });
    assert.deepEqual(ds.columns, { ...columns, time: 't', trajectory: 'trajectory' });
    assert.equal(ds.trajectories.length, trajectories.length);
    ds.trajectories.forEach((got, i) => {
      const want = trajectories[i];
      assert.equal(got.id, want.id);
      assert.deepStrictEqual(Array.from(got.t), Array.from(want.t));
      // deepStrictEqual compares with Object.is, so -0 must stay -0.
      assert.deepStrictEqual(got.states.map((s) => Array.from(s)), want.states.map((s) => Array.from(s)));
    });
    assert.ok(ds.trajectories.some((tr) => tr.states.some((s) => Array.from(s).some((v) => Object.is(v, -0)))), 'the data include -0');
  });

  it('refuses values that could not be read back', () => {
    assert.throws(() => formatCsv({ q: ['q'], p: ['p'] }, [{ id: '1', t: Float64Array.of(0, 1), states: [Float64Array.of(1, NaN), Float64Array.of(1, 2)] }]), /non-finite/);
    assert.throws(() => formatCsv({ q: ['q'], p: ['p', 'p2'] }, []), /1 q columns but 2 p columns/);
  });
});

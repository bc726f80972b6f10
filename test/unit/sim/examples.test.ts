import { strict as assert } from 'assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from '../../../src/core/data/load';
import { simulate, type SimulateSpec } from '../../../src/core/sim/simulate';
import { nbodyAngularMomentum, nbodyMomentum } from '../../../src/core/sim/systems';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

/** What scripts/make-examples.sh writes (all with --digits 12). Keep in step with the script and examples/README.md. */
const FILES: Array<[string, SimulateSpec]> = [
  ['harmonic-train.csv', { system: 'harmonic', trajectories: 7, steps: 4, dt: 0.2, qScale: 1, pScale: 0.5, seed: 1 }],
  ['harmonic-test.csv', { system: 'harmonic', trajectories: 100, steps: 20, dt: 0.2, qScale: 1, pScale: 0.2, seed: 1001 }],
  ['oscillators2-train.csv', { system: 'oscillators', n: 2, trajectories: 100, steps: 20, dt: 0.2, qScale: 1, pScale: 0.5, seed: 12 }],
  ['oscillators2-test.csv', { system: 'oscillators', n: 2, trajectories: 100, steps: 20, dt: 0.2, qScale: 1, pScale: 0.2, seed: 1012 }],
  ['oscillators3-train.csv', { system: 'oscillators', n: 3, trajectories: 100, steps: 20, dt: 0.2, qScale: 1, pScale: 0.5, seed: 13 }],
  ['oscillators3-test.csv', { system: 'oscillators', n: 3, trajectories: 100, steps: 20, dt: 0.2, qScale: 1, pScale: 0.2, seed: 1013 }],
  ['nbody3-train.csv', { system: 'nbody', bodies: 3, trajectories: 200, steps: 50, dt: 1.0, qScale: 1, pScale: 0.5, seed: 21 }],
  ['nbody3-test.csv', { system: 'nbody', bodies: 3, trajectories: 100, steps: 20, dt: 1.0, qScale: 1, pScale: 0.2, seed: 1021 }],
  ['damped-train.csv', { system: 'damped', gamma: 0.3, trajectories: 50, steps: 20, dt: 0.2, qScale: 1, pScale: 0.5, seed: 31 }],
  ['damped-test.csv', { system: 'damped', gamma: 0.3, trajectories: 50, steps: 20, dt: 0.2, qScale: 1, pScale: 0.5, seed: 1031 }],
];

describe('bundled examples/', () => {
  for (const [name, spec] of FILES) {
    it(`${name} loads and equals a fresh simulation (seed ${spec.seed}) to 12 digits`, () => {
      const ds = loadDataset(join(EXAMPLES, name));
      const sim = simulate(spec);
      assert.deepEqual(ds.columns.q, sim.columns.q);
      assert.deepEqual(ds.columns.p, sim.columns.p);
      assert.equal(ds.trajectories.length, spec.trajectories);
      assert.equal(ds.transitions, spec.trajectories * spec.steps);
      ds.trajectories.forEach((tr, k) => {
        assert.deepEqual(Array.from(tr.t), Array.from(sim.trajectories[k].t));
        tr.states.forEach((s, j) => {
          const want = sim.trajectories[k].states[j];
          for (let i = 0; i < s.length; i++) assert.equal(s[i], Number(want[i].toPrecision(12)), `${name} traj ${k} sample ${j}`);
        });
      });
      // Conservation survives the rounding: check on the file's own values.
      let drift = 0;
      for (const tr of ds.trajectories) {
        const e0 = sim.system.energy(tr.states[0]), scale = sim.system.energyScale(tr.states[0]);
        for (const s of tr.states) drift = Math.max(drift, Math.abs(sim.system.energy(s) - e0) / scale);
      }
      if (sim.system.hamiltonian) assert.ok(drift < 1e-10, `${name}: energy drift ${drift}`);
      else assert.ok(drift > 0.5, `${name}: a damped file must lose energy (lost ${drift})`);
      if (spec.system === 'nbody') {
        for (const tr of ds.trajectories) {
          const P0 = nbodyMomentum(tr.states[0], 3), L0 = nbodyAngularMomentum(tr.states[0], 3);
          for (const s of tr.states) {
            const P = nbodyMomentum(s, 3);
            assert.ok(Math.abs(P[0] - P0[0]) < 1e-9 && Math.abs(P[1] - P0[1]) < 1e-9);
            assert.ok(Math.abs(nbodyAngularMomentum(s, 3) - L0) < 1e-9);
          }
        }
      }
    });
  }

  it('train and test sets use independent seeds (no shared initial state)', () => {
    for (const sys of ['harmonic', 'oscillators2', 'oscillators3', 'nbody3', 'damped']) {
      const first = (f: string) => new Set(loadDataset(join(EXAMPLES, f)).trajectories.map((t) => t.states[0][0]));
      const a = first(`${sys}-train.csv`), b = first(`${sys}-test.csv`);
      for (const v of a) assert.ok(!b.has(v), `${sys}: initial q ${v} in both train and test`);
    }
  });

  it('the README lists every file and the script makes every file', () => {
    const readme = readFileSync(join(EXAMPLES, 'README.md'), 'utf8');
    const script = readFileSync(join(EXAMPLES, '..', 'scripts', 'make-examples.sh'), 'utf8');
    for (const [name] of FILES) {
      assert.ok(readme.includes('`' + name + '`'), `README mentions ${name}`);
      const stem = name.replace(/\d?-(train|test)\.csv$/, '');
      assert.ok(script.includes(stem), `script makes ${stem}`);
    }
  });
});

import { strict as assert } from 'assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../../src/cli/commands/simulate';
import { main } from '../../../src/cli/main';
import { UsageError } from '../../../src/core/util/errors';
import { loadDataset } from '../../../src/core/data/load';
import { simulate } from '../../../src/core/sim/simulate';

/** Run with console.log/error captured. */
async function quiet<T>(fn: () => Promise<T>): Promise<{ value: T; out: string; err: string }> {
  const log = console.log, error = console.error;
  let out = '', err = '';
  console.log = (...a: unknown[]) => { out += a.join(' ') + '\n'; };
  console.error = (...a: unknown[]) => { err += a.join(' ') + '\n'; };
  try { return { value: await fn(), out, err }; } finally { console.log = log; console.error = error; }
}

describe('noether simulate (CLI)', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'noether-sim-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a CSV the loader reads back exactly (same columns, times and float64 values)', async () => {
    const cases: Array<{ args: string[]; spec: Parameters<typeof simulate>[0] }> = [
      { args: ['harmonic'], spec: { system: 'harmonic', trajectories: 7, steps: 4, dt: 0.2, seed: 5, pScale: 0.5 } },
      { args: ['oscillators', '--n', '3'], spec: { system: 'oscillators', n: 3, trajectories: 7, steps: 4, dt: 0.2, seed: 5 } },
      { args: ['nbody', '--bodies', '3', '--dt', '0.2'], spec: { system: 'nbody', bodies: 3, trajectories: 7, steps: 4, dt: 0.2, seed: 5 } },
      { args: ['damped', '--gamma', '0.3'], spec: { system: 'damped', gamma: 0.3, trajectories: 7, steps: 4, dt: 0.2, seed: 5 } },
    ];
    for (const c of cases) {
      const file = join(dir, `${c.args[0]}.csv`);
      const { value, out } = await quiet(() => run([...c.args, '--trajectories', '7', '--steps', '4', '--seed', '5', '--out', file]));
      assert.equal(value, 0);
      assert.match(out, new RegExp(`^${c.args[0]}.*7 trajectories × 4 steps.*${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n$`));
      const ds = loadDataset(file);
      const sim = simulate(c.spec);
      assert.deepEqual(ds.columns.q, sim.columns.q);
      assert.deepEqual(ds.columns.p, sim.columns.p);
      assert.equal(ds.trajectories.length, 7);
      assert.equal(ds.transitions, 28);
      ds.trajectories.forEach((tr, k) => {
        assert.deepEqual(Array.from(tr.t), Array.from(sim.trajectories[k].t));
        tr.states.forEach((s, j) => assert.deepEqual(Array.from(s), Array.from(sim.trajectories[k].states[j])));
      });
    }
  });

  it('--digits rounds values to that many significant digits (and still loads)', async () => {
    const file = join(dir, 'h12.csv');
    await quiet(() => run(['harmonic', '--trajectories', '3', '--steps', '2', '--digits', '6', '--out', file]));
    const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1);
    for (const r of rows) for (const v of r.split(',').slice(2)) assert.ok(v.replace(/^-?0?\.?0*|[.-]|e.*$/g, '').length <= 6, v);
    const ds = loadDataset(file);
    const exact = simulate({ system: 'harmonic', trajectories: 3, steps: 2, dt: 0.2, seed: 0 });
    const rel = Math.abs(ds.trajectories[1].states[2][0] - exact.trajectories[1].states[2][0]) / Math.abs(exact.trajectories[1].states[2][0]);
    assert.ok(rel < 5e-6 && rel > 0, `relative rounding error ${rel}`);
  });

  it('p-scale, q-shift and seed reach the simulation (negative numbers accepted as values)', async () => {
    const file = join(dir, 'shift.csv');
    await quiet(() => run(['oscillators', '--n', '2', '--trajectories', '500', '--steps', '1', '--q-shift', '-2', '--p-scale', '0.2', '--seed', '77', '--out', file]));
    const ds = loadDataset(file);
    const q0 = ds.trajectories.map((t) => t.states[0][0]);
    const p0 = ds.trajectories.map((t) => t.states[0][2]);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const sd = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));
    assert.ok(Math.abs(mean(q0) + 2) < 0.25, `q mean ${mean(q0)}`);
    assert.ok(Math.abs(sd(p0) - 0.2) < 0.03, `p std ${sd(p0)}`);
    const same = simulate({ system: 'oscillators', n: 2, trajectories: 500, steps: 1, dt: 0.2, seed: 77, qShift: -2, pScale: 0.2 });
    assert.deepEqual(Array.from(ds.trajectories[42].states[1]), Array.from(same.trajectories[42].states[1]));
  });

  it('rejects bad usage with a UsageError (exit code 2 through main)', async () => {
    const bad: string[][] = [
      [], ['pendula', '--out', 'x.csv'], ['harmonic'], ['harmonic', '--n', '2', '--out', 'x.csv'],
      ['oscillators', '--n', '0', '--out', 'x.csv'], ['nbody', '--bodies', '1', '--out', 'x.csv'],
      ['harmonic', '--steps', '2.5', '--out', 'x.csv'], ['harmonic', '--dt', '-0.1', '--out', 'x.csv'],
      ['harmonic', '--dt', 'abc', '--out', 'x.csv'], ['harmonic', '--seed', '4294967296', '--out', 'x.csv'],
      ['damped', '--gamma', '-1', '--out', 'x.csv'], ['harmonic', '--p-scale', '-1', '--out', 'x.csv'],
      ['harmonic', '--digits', '0', '--out', 'x.csv'], ['harmonic', '--wat', '--out', 'x.csv'], ['harmonic', 'nbody', '--out', 'x.csv'],
    ];
    for (const args of bad) {
      await assert.rejects(run(args), UsageError, args.join(' '));
      const { value, err } = await quiet(() => main(['simulate', ...args]));
      assert.equal(value, 2, args.join(' '));
      assert.equal(err.trim().split('\n').length, 1, `one line for: ${args.join(' ')}: ${err}`);
    }
  });

  it('an unwritable output path is an InputError naming the file', async () => {
    const file = join(dir, 'no-such-dir', 'x.csv');
    const { value, err } = await quiet(() => main(['simulate', 'harmonic', '--trajectories', '1', '--steps', '1', '--out', file]));
    assert.equal(value, 2);
    assert.ok(err.includes(file), err);
  });

  it('--help prints usage and exits 0', async () => {
    const { value, out } = await quiet(() => run(['--help']));
    assert.equal(value, 0);
    assert.match(out, /noether simulate <system>/);
  });
});

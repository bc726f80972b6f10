/**
 * The reproduce targets' data: the paper's sizes (method.md §8), independent
 * seeds for every data set, and test sets that really are wider / shifted
 * (checked on the simulated initial states).
 */
import { strict as assert } from 'assert';
import { resolveConfig } from '../../../src/core/util/config';
import type { Dataset } from '../../../src/core/data/types';
import { modelConfig } from '../../../src/core/reproduce/run';
import { FIGURE3_K, parseTarget, planTarget, TABLE2_TRAIN, TARGET_NAMES } from '../../../src/core/reproduce/targets';
import { simulateDataset } from '../../../src/core/sim/simulate';

/** Mean and standard deviation of the initial values of coordinates `idx` over all trajectories. */
function initialStats(ds: Dataset, idx: number[]): { mean: number; std: number } {
  const v = ds.trajectories.flatMap((tr) => idx.map((i) => tr.states[0][i]));
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
  return { mean, std };
}

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

describe('reproduce targets', () => {
  it('table1: 7 × 4 training points at Δt 0.2 (p ~ N(0, 0.5²)), test 100 × 20 with p ~ N(0, 0.2²); three models', () => {
    const plan = planTarget('table1', { seed: 0 });
    const [e] = plan.experiments;
    assert.equal(plan.experiments.length, 1);
    assert.deepEqual(
      { t: e.train.spec.trajectories, s: e.train.spec.steps, dt: e.train.spec.dt, q: e.train.spec.qScale, p: e.train.spec.pScale, sys: e.train.spec.system },
      { t: 7, s: 4, dt: 0.2, q: 1, p: 0.5, sys: 'harmonic' },
    );
    assert.deepEqual(e.tests.map((t) => [t.name, t.spec.trajectories, t.spec.steps, t.spec.pScale]), [['test', 100, 20, 0.2]]);
    assert.deepEqual(e.models, ['vanilla', 'learned', 'oracle']);
    assert.equal(e.oracle, 'so2');
    const ds = simulateDataset(e.train.spec);
    assert.equal(ds.transitions, 28);
  });

  it('table2: 3 oscillators, the documented reduced training set (paper size recorded), oracle U(3)', () => {
    const [e] = planTarget('table2', { seed: 0 }).experiments;
    assert.equal(e.train.spec.n, 3);
    assert.deepEqual([e.train.spec.trajectories, e.train.spec.steps], [TABLE2_TRAIN.trajectories, TABLE2_TRAIN.steps]);
    assert.deepEqual(e.paperTrain, { trajectories: 200, steps: 50 });
    assert.equal(e.oracle, 'u3');
  });

  it('table3: 3 bodies, 200 × 50 at Δt 1.0; test, wider and shifted test sets with the paper\'s distributions', () => {
    const [e] = planTarget('table3', { seed: 0 }).experiments;
    assert.deepEqual([e.train.spec.system, e.train.spec.bodies, e.train.spec.trajectories, e.train.spec.steps, e.train.spec.dt], ['nbody', 3, 200, 50, 1]);
    assert.deepEqual(e.tests.map((t) => t.name), ['test', 'wider', 'shifted']);
    // The simulated initial states follow the intended distributions (6 q and 6 p coordinates × 100 trajectories).
    // Short trajectories keep the simulation cheap; the initial states do not depend on the length.
    const sets = Object.fromEntries(e.tests.map((t) => [t.name, simulateDataset({ ...t.spec, steps: 1 })]));
    const q = range(0, 6);
    const p = range(6, 12);
    const tol = 0.12; // ≈ 4 standard errors of a mean or std from 600 draws of unit scale
    const test = initialStats(sets.test, q);
    assert.ok(Math.abs(test.mean) < tol && Math.abs(test.std - 1) < tol, `test q ${JSON.stringify(test)}`);
    const wider = initialStats(sets.wider, q);
    assert.ok(Math.abs(wider.mean) < 3 * tol && Math.abs(wider.std - 3) < 3 * tol, `wider q ${JSON.stringify(wider)}`);
    const shifted = initialStats(sets.shifted, q);
    assert.ok(Math.abs(shifted.mean - 1) < tol && Math.abs(shifted.std - 1) < tol, `shifted q ${JSON.stringify(shifted)}`);
    for (const [name, ds] of Object.entries(sets)) {
      const s = initialStats(ds, p);
      assert.ok(Math.abs(s.mean) < 0.2 * tol && Math.abs(s.std - 0.2) < 0.2 * tol, `${name} p ${JSON.stringify(s)}`);
    }
  });

  it('figure3: n = 1…5 oscillators, the learned model only, with a fixed K ≥ 25', () => {
    const plan = planTarget('figure3', { seed: 0 });
    assert.deepEqual(plan.experiments.map((e) => e.train.spec.n), [1, 2, 3, 4, 5]);
    assert.ok(FIGURE3_K >= 26, 'K must exceed 25 so that n = 5 has a 26th singular value to compare with');
    for (const e of plan.experiments) {
      assert.deepEqual(e.models, ['learned']);
      assert.equal(e.K, FIGURE3_K);
      assert.equal(e.oracle, `u${e.train.spec.n}`);
    }
  });

  it('every data set has its own seed, and a different run seed gives different data seeds', () => {
    for (const target of TARGET_NAMES) {
      const seeds = (s: number) => planTarget(target, { seed: s }).experiments.flatMap((e) => [e.train.spec.seed, ...e.tests.map((t) => t.spec.seed)]);
      const a = seeds(0);
      assert.equal(new Set(a).size, a.length, `${target}: ${a}`);
      const b = seeds(1);
      assert.ok(a.every((x) => !b.includes(x)), `${target}: seeds 0 and 1 share a data seed`);
      assert.deepEqual(seeds(0), a, 'deterministic');
    }
  });

  it('train and test initial states are uncorrelated (independent seeds, unlike the authors\' shared one)', () => {
    const [e] = planTarget('table2', { seed: 0 }).experiments;
    const tr = simulateDataset({ ...e.train.spec, steps: 1 });
    const te = simulateDataset({ ...e.tests[0].spec, steps: 1 });
    // Standardised q coordinates of trajectory k in both sets: their correlation over 300 pairs.
    const a = tr.trajectories.flatMap((t) => [0, 1, 2].map((i) => t.states[0][i]));
    const b = te.trajectories.flatMap((t) => [0, 1, 2].map((i) => t.states[0][i]));
    const m = Math.min(a.length, b.length);
    const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
    const [ma, mb] = [mean(a.slice(0, m)), mean(b.slice(0, m))];
    let sab = 0, saa = 0, sbb = 0;
    for (let i = 0; i < m; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) ** 2; sbb += (b[i] - mb) ** 2; }
    const r = sab / Math.sqrt(saa * sbb);
    assert.ok(Math.abs(r) < 0.2, `correlation ${r}`); // 4 standard errors at m = 300
  });

  it('--quick shrinks the generated data', () => {
    for (const target of TARGET_NAMES) {
      for (const e of planTarget(target, { seed: 0, quick: true }).experiments) {
        for (const d of [e.train, ...e.tests]) assert.ok(d.spec.trajectories * d.spec.steps <= 50, `${target} ${e.name} ${d.name}`);
      }
    }
  });

  it('model settings come from resolveConfig: same preset and seed for every model, kind and oracle per model', () => {
    const plan = planTarget('table1', { seed: 7 });
    const [e] = plan.experiments;
    const settings = { preset: 'paper' as const, model: { hidden: [32] }, train: { steps: 123 } };
    const cfgs = e.models.map((role) => modelConfig(plan, e, role, 2, settings));
    assert.deepEqual(cfgs.map((c) => [c.model.kind, c.model.oracle]), [['vanilla', undefined], ['learned', undefined], ['oracle', 'so2']]);
    const expected = resolveConfig('paper', 2, { model: { hidden: [32], kind: 'learned' }, train: { steps: 123, seed: 7 } });
    assert.deepEqual(cfgs[1], expected);
    assert.ok(cfgs.every((c) => c.train.seed === 7 && c.preset === 'paper' && c.model.symmetrySamples === expected.model.symmetrySamples));
    // --preset paper copies each experiment's own settings (the authors' table1/2/3 scripts).
    const t3 = planTarget('table3', { seed: 0 });
    const p3 = modelConfig(t3, t3.experiments[0], 'learned', 12, { preset: 'paper' });
    assert.deepEqual([p3.model.hidden, p3.model.weightSamples, p3.model.substeps, p3.model.K, p3.model.prior, p3.train.batchSize],
      [[250, 250, 250], 2, 10, 10, 'empirical-bayes', 1000]);
    const t2 = planTarget('table2', { seed: 0 });
    const p2 = modelConfig(t2, t2.experiments[0], 'learned', 6, { preset: 'paper' });
    assert.deepEqual([p2.model.hidden, p2.model.weightSamples, p2.model.substeps, p2.model.K, p2.train.steps], [[200, 200], 5, 20, 30, 40000]);
    assert.equal(cfgs[1].model.K, 1, 'the single oscillator learns one quantity in the paper');
    // figure3's fixed K, unless the user gives one.
    const f3 = planTarget('figure3', { seed: 0 });
    assert.equal(modelConfig(f3, f3.experiments[4], 'learned', 10, { preset: 'fast' }).model.K, FIGURE3_K);
    assert.equal(modelConfig(f3, f3.experiments[4], 'learned', 10, { preset: 'fast', model: { K: 27 } }).model.K, 27);
    // --quick lowers the cost but the user's knobs still win.
    const q = planTarget('table1', { seed: 0, quick: true });
    const qc = modelConfig(q, q.experiments[0], 'learned', 2, { preset: 'fast', train: { steps: 5 } });
    assert.equal(qc.train.steps, 5);
    assert.ok(qc.model.hidden.every((h) => h <= 16));
    // Equal budgets: vanilla and oracle train as long as the learned model's final network: with a fresh
    // refit (fast) its steps, with a warm one its steps plus the refit's; the paper preset has no refit.
    // (Table 1's own fast settings: 3000 steps, S = 16, for every model; the user's knobs still win.)
    const fast = e.models.map((role) => modelConfig(plan, e, role, 2, { preset: 'fast' }).train);
    assert.deepEqual(fast.map((t) => t.steps), [3000, 3000, 3000]);
    assert.deepEqual(e.models.map((role) => modelConfig(plan, e, role, 2, { preset: 'fast' }).model.symmetrySamples), [16, 16, 16]);
    const warm = e.models.map((role) => modelConfig(plan, e, role, 2, { preset: 'fast', train: { refitFrom: 'warm', steps: 2000 } }).train.steps);
    assert.deepEqual(warm, [3000, 2000, 3000]);
    assert.deepEqual(cfgs.map((c) => c.train.steps), [123, 123, 123]);
  });

  it('unknown targets are a usage error naming the choices', () => {
    assert.equal(parseTarget('table3'), 'table3');
    assert.throws(() => parseTarget('table4'), /unknown reproduce target 'table4'/);
    assert.throws(() => parseTarget(undefined), /table1, table2, table3, figure2, figure3/);
  });
});

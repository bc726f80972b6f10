/**
 * `npm run bench -- --targets`: the FLOP count against hand-computed closed
 * forms, and one --quick run of table1 — the models and settings are the ones
 * `noether reproduce table1` trains (not reproduce's --quick sizes), and the
 * reported columns are consistent with each other. Speed is not asserted.
 */
import { strict as assert } from 'assert';
import { benchTargets, formatTargetTable, parseTargetList, stepFlops, type TargetsBenchResult } from '../../../scripts/bench';
import { refitConfig } from '../../../src/core/discover/refit';
import { initBackend } from '../../../src/core/backend/backend';
import { resolveConfig } from '../../../src/core/util/config';
import { experimentData, modelConfig } from '../../../src/core/reproduce/run';
import { planTarget, TARGET_NAMES } from '../../../src/core/reproduce/targets';

const close = (a: number, b: number, rel = 1e-12) => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} vs ${b}`);

describe('bench --targets', function () {
  this.timeout(120000);

  it('counts a training step’s matmul FLOPs as docs/performance.md derives them', () => {
    // Paper model (a): layers [2, 200, 200, 1]; per row 2·2·200 + 2·200·200 (forward, no output layer)
    // + 2·200·200 + 2·200·2 (input gradient) = 161,600; × 3 (backward) × R 20 × 20 Euler × 28 points × S 200.
    const paper = resolveConfig('paper', 2, { model: { kind: 'learned', K: 1 } });
    assert.equal(stepFlops(paper, 2, 28), 3 * 20 * 20 * 28 * 200 * 161600);
    // Fast default: [2, 64, 64, 1] → 256 + 8192 + 8192 + 256 = 16,896 per row; RK4 = 4 evaluations, S 32, R 1.
    const fast = resolveConfig('fast', 2, { model: { kind: 'learned', K: 1 } });
    assert.equal(stepFlops(fast, 2, 28), 3 * 1 * 4 * 28 * 32 * 16896);
    // The vanilla model is not symmetrised: one row per point.
    assert.equal(stepFlops({ ...fast, model: { ...fast.model, kind: 'vanilla' } }, 2, 28), 3 * 4 * 28 * 16896);
  });

  it('parses the target list', () => {
    assert.deepEqual(parseTargetList('all'), [...TARGET_NAMES]);
    assert.deepEqual(parseTargetList('table1,table3'), ['table1', 'table3']);
    assert.throws(() => parseTargetList('table1,table9'), /table9/);
  });

  describe('--quick on table1', () => {
    let r: TargetsBenchResult;
    const lines: string[] = [];
    before(async () => {
      await initBackend('wasm');
      r = await benchTargets(['table1'], { quick: true, preset: 'fast', seed: 0, log: (l) => lines.push(l) });
    });

    it('times the three models with the settings noether reproduce table1 uses', () => {
      assert.equal(r.targets.length, 1);
      const [t] = r.targets;
      assert.equal(t.target, 'table1');
      // The learned model's refit is timed as its own row, with the settings refit.ts gives it.
      assert.deepEqual(t.models.map((m) => m.role), ['vanilla', 'learned', 'refit', 'oracle']);
      const plan = planTarget('table1', { seed: 0, quick: false });
      const exp = plan.experiments[0];
      const { trainData } = experimentData(plan, exp, { preset: 'fast' });
      for (const m of t.models) {
        const learned = modelConfig(plan, exp, 'learned', 2, { preset: 'fast' }, trainData);
        const expected = m.role === 'refit' ? refitConfig(learned, 1) : modelConfig(plan, exp, m.role as 'vanilla' | 'learned' | 'oracle', 2, { preset: 'fast' }, trainData);
        // The oscillator turns 0.2 rad per step: the midpoint rule is accurate enough (integratorChoice.ts).
        assert.equal(m.config.model.integrator, 'midpoint');
        assert.deepEqual(m.config, expected);
        assert.equal(m.steps, expected.train.steps);
        assert.equal(m.batch, 28); // the paper's 7 × 4 training transitions, all in one batch
      }
      assert.deepEqual(t.models[1].config.model.hidden, [64, 64]); // the fast preset, not reproduce --quick's [16, 16]
      assert.deepEqual([t.models[2].config.model.K, t.models[2].config.model.symmetrySamples, t.models[2].config.train.steps], [1, 16, 3000]);
      assert.equal(t.models[3].config.model.oracle, 'so2');
    });

    it('reports consistent columns: median s/step, GFLOP/s, ratio to matMul, projections and the limit', () => {
      const [t] = r.targets;
      assert.ok(r.matMul.gflops > 0 && r.matMul.gflops === Math.max(r.matMul.before, r.matMul.after));
      for (const m of t.models) {
        assert.equal(m.stepSeconds.length, 3); // --quick: three timed steps after the warm-up
        assert.ok(m.stepSeconds.every((s) => s > 0));
        assert.equal(m.secondsPerStep, [...m.stepSeconds].sort((a, b) => a - b)[1]);
        close(m.gflopPerStep, stepFlops(m.config, 2, 28) / 1e9);
        close(m.gflops, m.gflopPerStep / m.secondsPerStep);
        close(m.ratioToMatMul, m.gflops / r.matMul.gflops);
        assert.ok(m.evalSeconds > 0);
        const steps = m.steps;
        close(m.projectedSeconds, steps * m.secondsPerStep + m.evalSeconds);
      }
      close(t.projectedSeconds, t.dataSeconds + t.models.reduce((a, m) => a + m.projectedSeconds, 0));
      assert.equal(t.limitSeconds, 180);
    });

    it('prints a table with a row per model and the target total next to its limit', () => {
      const table = formatTargetTable(r);
      assert.ok(lines.join('\n').includes(table));
      // Equal budgets: every model's final network trains Table 1's 3000 steps (the learned one's fresh refit too).
      for (const [role, steps] of [['vanilla', 3000], ['learned', 3000], ['refit', 3000], ['oracle', 3000]]) {
        assert.match(table, new RegExp(`^\\| table1 \\| harmonic ${role} \\| ${steps} \\| 28 \\|`, 'm'));
      }
      assert.match(table, /^\| \*\*table1\*\* \| all models \+ data .*\| 3\.0 min \((within|OVER)\) \|$/m);
    });
  });
});

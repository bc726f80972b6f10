/**
 * The razor's comparison (razor/evidence.ts): the paired difference of
 * settled bounds decides symmetry / not a symmetry / inconclusive, and on
 * simulated oscillator data it admits the true symmetry and rejects a wrong
 * one against vanilla — the comparison a wrong proposal must lose.
 */
import { strict as assert } from 'assert';
import { initBackend } from '../../../src/core/backend/backend';
import { trainAndEvaluate, type TrainedModel } from '../../../src/core/discover/train';
import { compareBounds, settleBound, SettledBounds, SETTLE_DEFAULTS, type SettledBound } from '../../../src/core/razor/evidence';
import { simulateDataset } from '../../../src/core/sim/simulate';
import { oracleQuantities } from '../../../src/core/symmetry/oracles';
import { dataScale, toModelData, type ModelData } from '../../../src/core/train/prepare';
import { resolveConfig } from '../../../src/core/util/config';

const bound = (nll: number[], kl: number): SettledBound => ({
  pointNll: Float64Array.from(nll),
  kl,
  negElbo: nll.reduce((s, v) => s + v, 0) / nll.length + kl,
  sigma2: 1,
  seconds: 0,
});

describe('razor: comparing settled bounds', () => {
  it('decides by the paired difference and its standard error', () => {
    const base = Array.from({ length: 100 }, (_, i) => Math.sin(i));
    // Better by 0.5 per point with tiny scatter: a symmetry.
    const better = compareBounds(bound(base.map((v, i) => v - 0.5 + 0.01 * Math.cos(7 * i)), 1), bound(base, 1));
    assert.equal(better.verdict, 'symmetry');
    assert.ok(Math.abs(better.difference - 0.5) < 0.01);
    // Worse by 0.5: not a symmetry.
    assert.equal(compareBounds(bound(base.map((v) => v + 0.5), 1), bound(base, 1)).verdict, 'not a symmetry');
    // Differences that scatter ±1 around +0.05: inconclusive.
    const noisy = compareBounds(bound(base.map((v, i) => v - 0.05 + (i % 2 ? 1 : -1)), 1), bound(base, 1));
    assert.equal(noisy.verdict, 'inconclusive');
    // The KL part counts: equal fits, a smaller KL with the symmetry.
    assert.equal(compareBounds(bound(base.map((v, i) => v + 0.001 * Math.cos(3 * i)), 0.5), bound(base, 1)).verdict, 'symmetry');
  });

  describe('on simulated oscillator data (30 × 10)', function () {
    this.timeout(600000);
    let train: ModelData;
    const models: Record<string, TrainedModel> = {};
    before(async () => {
      await initBackend('wasm');
      const ds = simulateDataset({ system: 'harmonic', trajectories: 30, steps: 10, dt: 0.2, seed: 11 });
      train = toModelData(ds, dataScale(ds, 'scale'));
      const cfg = resolveConfig('fast', 2, { model: { hidden: [16, 16], symmetrySamples: 8 }, train: { steps: 800 } });
      const s2 = train.scale ** 2;
      const wrong = [{ A: [[2 * s2, 0], [0, 0]], b: [0, 0] }]; // q², in model units
      for (const [name, oracle] of [['vanilla', undefined], ['so2', oracleQuantities('so2', 2)], ['q2', wrong]] as const) {
        const c = { ...cfg, model: { ...cfg.model, kind: name === 'vanilla' ? ('vanilla' as const) : ('oracle' as const), oracle: name === 'vanilla' ? undefined : name } };
        models[name] = await trainAndEvaluate(name, c, train, undefined, oracle, {});
      }
    });
    after(() => Object.values(models).forEach((m) => m.model.dispose()));

    it('admits the true symmetry and rejects a wrong one against vanilla, under one noise level', async () => {
      const book = new SettledBounds(train, { ...SETTLE_DEFAULTS, seed: 0, maxRows: 1 << 20 }, 0);
      const sigma2 = book.fixNoise(Object.values(models).map((m) => m.metrics.train.mse / train.scale ** 2));
      assert.ok(sigma2 > 0);
      const [v, so2, q2] = [await book.bound(models.vanilla.model), await book.bound(models.so2.model), await book.bound(models.q2.model)];
      const right = compareBounds(so2, v);
      const wrong = compareBounds(q2, v);
      assert.equal(right.verdict, 'symmetry', right.reason);
      assert.equal(wrong.verdict, 'not a symmetry', wrong.reason);
      // Settling is cached per model: asking again costs nothing and gives the same bound.
      assert.equal(await book.bound(models.so2.model), so2);
    });

    it('settling tightens the bound: the settled −ELBO/N is below the trained one', async () => {
      const m = models.vanilla;
      const before = m.metrics.train.negElbo;
      const b = await settleBound(m.model, train, { ...SETTLE_DEFAULTS, seed: 1, maxRows: 1 << 20 });
      assert.ok(b.negElbo < before, `settled ${b.negElbo} vs trained ${before}`);
    });
  });
});

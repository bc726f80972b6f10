/**
 * Training behaviour on the bundled oscillator data: -ELBO goes down, the
 * SO(2) oracle generalises better than the vanilla HNN, cancellation and
 * divergence stop cleanly keeping the last good parameters, and a run is
 * reproducible from its seed.
 */
import { strict as assert } from 'assert';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/core/backend/backend';
import { resolveConfig, type ModelConfig, type TrainConfig } from '../../../src/core/util/config';
import { loadDataset } from '../../../src/core/data/load';
import { trainAndEvaluate } from '../../../src/core/discover/train';
import { oracleQuantities } from '../../../src/core/symmetry/oracles';
import type { TrainEvent } from '../../../src/core/train/events';
import { toModelData } from '../../../src/core/train/prepare';

const examples = path.join(__dirname, '../../../examples');
const small: Partial<ModelConfig> = { hidden: [32, 32], symmetrySamples: 16, substeps: 1 };

function setup() {
  const train = toModelData(loadDataset(path.join(examples, 'harmonic-train.csv')), 1);
  const test = toModelData(loadDataset(path.join(examples, 'harmonic-test.csv')), 1);
  return { train, test };
}

describe('training', function () {
  this.timeout(300000);
  before(async () => {
    await initBackend('wasm');
  });

  it('lowers -ELBO, and the SO(2) oracle beats the vanilla HNN on test MSE (paper Table 1 data)', async () => {
    const { train, test } = setup();
    const steps: Partial<TrainConfig> = { steps: 800, progressEvery: 50 };
    const res: Record<string, { first: number; last: number; test: number }> = {};
    for (const spec of ['vanilla', 'oracle'] as const) {
      const cfg = resolveConfig('fast', 2, { model: { ...small, kind: spec }, train: steps });
      const events: TrainEvent[] = [];
      const m = await trainAndEvaluate(spec, cfg, train, test, spec === 'oracle' ? oracleQuantities('so2', 2) : undefined, { onEvent: (e) => events.push(e) });
      const prog = events.filter((e) => e.type === 'progress');
      assert.equal(m.outcome.stopReason, 'completed');
      assert.equal(m.outcome.steps, 800);
      res[spec] = { first: prog[0].type === 'progress' ? prog[0].negElbo : NaN, last: m.metrics.train.negElbo, test: m.metrics.test!.mse };
      m.model.dispose();
    }
    for (const r of Object.values(res)) assert.ok(r.last < r.first - 1, `-ELBO should fall: ${JSON.stringify(res)}`);
    assert.ok(res.oracle.test < res.vanilla.test, `oracle test MSE ${res.oracle.test} should beat vanilla ${res.vanilla.test}`);
  });

  it('cancellation stops within one step and keeps what was learned', async () => {
    const { train } = setup();
    const cfg = resolveConfig('fast', 2, { model: { ...small, kind: 'learned', K: 2 }, train: { steps: 10000, progressEvery: 1 } });
    const ctl = new AbortController();
    let seen = 0;
    const m = await trainAndEvaluate('learned', cfg, train, undefined, undefined, {
      signal: ctl.signal,
      onEvent: (e) => {
        if (e.type === 'progress' && ++seen === 20) ctl.abort();
      },
    });
    assert.equal(m.outcome.stopReason, 'cancelled');
    assert.equal(m.outcome.steps, 20, 'stops before the next step');
    assert.ok(Number.isFinite(m.metrics.train.negElbo));
    assert.ok(m.outcome.history.length >= 20);
    m.model.dispose();
  });

  it('divergence stops with a reason and keeps the last finite parameters', async () => {
    const { train } = setup();
    const cfg = resolveConfig('fast', 2, { model: { ...small, kind: 'vanilla' }, train: { steps: 300, lr: 1e4 } });
    const m = await trainAndEvaluate('vanilla', cfg, train, undefined, undefined, {});
    assert.equal(m.outcome.stopReason, 'diverged');
    assert.match(m.outcome.stopMessage ?? '', /learning rate/);
    const finite = m.model.allVariables().every((v) => tf.tidy(() => tf.all(tf.isFinite(v)).dataSync()[0] === 1));
    assert.ok(finite, 'parameters stay finite');
    m.model.dispose();
  });

  it('is reproducible: same data, settings and seed give the same parameters and metrics', async () => {
    const { train } = setup();
    const cfg = resolveConfig('fast', 2, { model: { ...small, kind: 'learned', K: 2 }, train: { steps: 30, seed: 7 } });
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const m = await trainAndEvaluate('learned', cfg, train, undefined, undefined, {});
      runs.push({ learned: m.model.learnedParameters(), metrics: m.metrics.train });
      m.model.dispose();
    }
    assert.deepEqual(runs[0], runs[1]);
    const other = resolveConfig('fast', 2, { model: { ...small, kind: 'learned', K: 2 }, train: { steps: 30, seed: 8 } });
    const m = await trainAndEvaluate('learned', other, train, undefined, undefined, {});
    assert.notDeepEqual(m.model.learnedParameters(), runs[0].learned, 'a different seed gives a different run');
    m.model.dispose();
  });

  it('--lr-posterior sets the rate of the posterior scales: the default is --lr, 10x travels far further and lowers KL', async () => {
    const { train } = setup();
    const run = async (lrPosterior?: number) => {
      const cfg = resolveConfig('fast', 2, { model: { ...small, kind: 'vanilla' }, train: { steps: 100, lrPosterior } });
      const m = await trainAndEvaluate('vanilla', cfg, train, undefined, undefined, {});
      const logDiag = m.model.layers.map((l) => Array.from(l.logDiagA.dataSync()));
      const kl = m.metrics.train.kl;
      m.model.dispose();
      return { logDiag, kl };
    };
    const base = await run();
    const same = await run(1e-3); // equal to --lr: the default, to the bit
    const fast = await run(1e-2);
    assert.deepEqual(same, base);
    // The KL term pushes the log-std up; at 10x the rate it travels ~10x as far.
    const init = 0.5 * Math.log(1e-3);
    const travel = (r: typeof base) => Math.max(...r.logDiag.flat().map((v) => Math.abs(v - init)));
    assert.ok(travel(fast) > 5 * travel(base), `posterior scales moved ${travel(fast)} vs ${travel(base)}`);
    assert.ok(fast.kl < base.kl, `KL ${fast.kl} should drop below ${base.kl}`);
  });
});

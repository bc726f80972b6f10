/**
 * The search's seeds (searchSeeds.ts): which quantities a learned run starts
 * from (the data's conserved space, conservation/), in which units and at what size.
 */
import { strict as assert } from 'node:assert';
import { initBackend } from '../../../src/core/backend/backend';
import { resolveConfig } from '../../../src/core/util/config';
import { HamiltonianModel } from '../../../src/core/model/model';
import { vectorize } from '../../../src/core/quantity/vectorize';
import { SEED_NORM, searchSeeds, seededTrainConfig } from '../../../src/core/symmetry/searchSeeds';
import { simulate } from '../../../src/core/sim/simulate';
import { analyseQuadratics } from '../../../src/core/conservation';
import { dataScale } from '../../../src/core/train/prepare';

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('search seeds', function () {
  this.timeout(60000);
  before(async () => {
    await initBackend('wasm');
  });

  it('a learned run on oscillator data is seeded with q² + p², in model units, of norm SEED_NORM', () => {
    const sim = simulate({ system: 'harmonic', trajectories: 7, steps: 4, dt: 0.2, seed: 3 });
    const config = resolveConfig('fast', 2);
    const scale = dataScale(sim, 'scale');
    const s = searchSeeds(config, analyseQuadratics(sim.trajectories), scale);
    assert.ok(s);
    assert.equal(s.seeds.length, 1);
    assert.equal(s.info.count, 1);
    assert.equal(s.info.lrGenerators, config.train.lrGeneratorsSeeded);
    const v = vectorize(s.seeds[0].A, s.seeds[0].b);
    assert.ok(Math.abs(norm(v) - SEED_NORM) < 1e-9);
    const { A, b } = s.seeds[0];
    assert.ok(Math.abs(A[0][0] - A[1][1]) < 1e-6 * Math.abs(A[0][0]) && Math.abs(A[0][1]) < 1e-6 * Math.abs(A[0][0]));
    assert.ok(b.every((x) => Math.abs(x) < 1e-6 * Math.abs(A[0][0])));
    // The seeded search learns its generators at the seeded rate.
    assert.equal(seededTrainConfig(config, s).lrGenerators, config.train.lrGeneratorsSeeded);

    // The model starts exactly there: A = W + Wᵀ.
    const model = new HamiltonianModel({ ...config.model, K: 3 }, 2, 0);
    model.seedGenerators(s.seeds);
    const [first, second] = model.learnedParameters();
    first.W.forEach((row, i) => row.forEach((w, j) => assert.ok(Math.abs(w + first.W[j][i] - A[i][j]) < 1e-5)));
    assert.ok(norm(second.W.flat()) < 1, 'the other generators keep their small random start');
    model.dispose();
  });

  it('no seeds: random init, the paper preset, other models, or data that conserve nothing', () => {
    const sim = analyseQuadratics(simulate({ system: 'harmonic', trajectories: 7, steps: 4, dt: 0.2, seed: 3 }).trajectories);
    assert.equal(searchSeeds(resolveConfig('fast', 2, { model: { generatorInit: 'random' } }), sim, 1), undefined);
    assert.equal(searchSeeds(resolveConfig('paper', 2), sim, 1), undefined);
    assert.equal(searchSeeds(resolveConfig('fast', 2, { model: { kind: 'vanilla' } }), sim, 1), undefined);
    const damped = simulate({ system: 'damped', trajectories: 10, steps: 20, dt: 0.2, seed: 6 });
    const config = resolveConfig('fast', 2);
    const s = searchSeeds(config, analyseQuadratics(damped.trajectories), 1);
    assert.ok(s);
    assert.equal(s.seeds.length, 0);
    // Unseeded, the search keeps the usual generator rate.
    assert.equal(s.info.lrGenerators, config.train.lrGenerators);
    assert.equal(seededTrainConfig(config, s).lrGenerators, config.train.lrGenerators);
  });
});

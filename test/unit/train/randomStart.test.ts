/**
 * The razor's own search, without proposals: from a random start (the paper's
 * path) the generators must learn q² + p² on the bundled Table 1 data. This
 * fails if generator learning breaks, whatever the seeded default does.
 */
import { strict as assert } from 'assert';
import * as path from 'path';
import { initBackend } from '../../../src/core/backend/backend';
import { loadDataset } from '../../../src/core/data/load';
import { trainAndEvaluate } from '../../../src/core/discover/train';
import { readout } from '../../../src/core/readout';
import { oracleQuantities } from '../../../src/core/symmetry/oracles';
import { dataScale, toModelData } from '../../../src/core/train/prepare';
import { resolveConfig } from '../../../src/core/util/config';

describe('search from a random start (no proposals)', function () {
  this.timeout(600000);
  it('learns q² + p² on the Table 1 data: the top learned direction is parallel to the truth and reads as the conserved energy', async () => {
    await initBackend('wasm');
    const ds = loadDataset(path.join(__dirname, '../../../examples/harmonic-train.csv'));
    const scale = dataScale(ds, 'scale');
    const train = toModelData(ds, scale);
    const cfg = resolveConfig('fast', 2, { model: { generatorInit: 'random' } });
    const m = await trainAndEvaluate('learned', cfg, train, undefined, undefined, {});
    try {
      const truth = oracleQuantities('so2', 2).map(({ A, b }) => ({ A, b }));
      const r = readout({ learned: m.model.learnedParameters(), scale, columns: ds.columns, trajectories: ds.trajectories, truth });
      assert.ok(r.parallelness && r.parallelness[0] >= 0.99, `parallelness ${r.parallelness}`);
      assert.ok(r.singularValues[0] > 5 * r.singularValues[1], `spectrum ${r.singularValues}`);
      const [top] = r.conservedQuantities;
      assert.equal(top.formula, 'q^2 + p^2');
      assert.equal(top.conservation?.verdict, 'conserved');
    } finally {
      m.model.dispose();
    }
  });
});

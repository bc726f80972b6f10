/**
 * The refit on verified quantities (src/core/refit.ts): generators are
 * normalised to one full orbit (checked against the closed-form flow), the
 * refit model's H is invariant along the whole orbit, and a refit forced onto
 * a quantity the data do not conserve loses the razor's comparison with vanilla.
 */
import { strict as assert } from 'assert';
import * as path from 'path';
import { initBackend } from '../../../src/core/backend/backend';
import { resolveConfig, type RunConfig } from '../../../src/core/util/config';
import { loadDataset } from '../../../src/core/data/load';
import { simulateDataset } from '../../../src/core/sim/simulate';
import { trainAndEvaluate } from '../../../src/core/discover/train';
import { expm } from '../../../src/core/linalg/expm';
import { isPointSymmetry, refitOnDiscovered, refitQuantities, refitSymmetrySamples } from '../../../src/core/discover/refit';
import { oracleQuantities } from '../../../src/core/symmetry/oracles';
import type { ConservedQuantity, SymmetryReport } from '../../../src/core/results/types';
import { Random } from '../../../src/core/util/random';
import { compareBounds, SettledBounds, SETTLE_DEFAULTS } from '../../../src/core/razor/evidence';
import { dataScale, toModelData, type ModelData } from '../../../src/core/train/prepare';

const examples = path.join(__dirname, '../../../examples');

function quantity(A: number[][], b: number[], conserved = true, formula = 'C'): ConservedQuantity {
  return { A, b, formula, unicode: formula, latex: formula, name: null, action: '', drift: 0, conserved, generator: [] };
}

/** Top M x (M+1) rows of G = [[J A, J b], [0, 0]] as a full (M+1) x (M+1) matrix. */
function generator(A: number[][], b: number[]): number[][] {
  const M = b.length;
  const n = M / 2;
  const rows = [...A.slice(n).map((r, i) => [...r, b[n + i]]), ...A.slice(0, n).map((r, i) => [...r.map((v) => -v), -b[i]])];
  return [...rows, new Array(M + 1).fill(0)];
}

const data = (scale: number): ModelData => {
  const ds = loadDataset(path.join(examples, 'harmonic-train.csv'));
  return toModelData(ds, scale);
};

describe('point symmetries', () => {
  it('translations and rotations of the positions are; the oscillator energy and squared momenta are not', () => {
    const [px, , L] = oracleQuantities('se2', 12);
    assert.ok(isPointSymmetry(px.A, px.b));
    assert.ok(isPointSymmetry(L.A, L.b));
    const [energy] = oracleQuantities('so2', 2);
    assert.ok(!isPointSymmetry(energy.A, energy.b));
    const pxSquared = px.b.map((u) => px.b.map((v) => 2 * u * v));
    assert.ok(!isPointSymmetry(pxSquared, new Array(12).fill(0)));
  });
});

describe('refit on the verified quantities', function () {
  this.timeout(300000);

  it('scales a phase rotation to one full turn over ε ∈ [−1, 1]: expm(2π G) = I, and expm(π G) is the half turn', () => {
    // q² + 4p² in user units (an ellipse, frequency 2 before normalisation), data scale 0.5.
    const [q] = refitQuantities([quantity([[2, 0], [0, 8]], [0, 0])], 0.5, data(0.5));
    const G = generator(q.A, q.b);
    const full = expm(G.map((r) => r.map((v) => 2 * Math.PI * v)));
    full.forEach((r, i) => r.forEach((v, j) => assert.ok(Math.abs(v - (i === j ? 1 : 0)) < 1e-9, `expm(2πG)[${i}][${j}] = ${v}`)));
    const half = expm(G.map((r) => r.map((v) => Math.PI * v)));
    // The half turn of an ellipse about the origin is x -> -x.
    [[-1, 0], [0, -1]].forEach((r, i) => r.forEach((v, j) => assert.ok(Math.abs(half[i][j] - v) < 1e-9)));
  });

  it('scales a translation so that it moves no coordinate faster than 1 over the data', () => {
    const d = data(1);
    const [q] = refitQuantities([quantity([[0, 0], [0, 0]], [0, 3])], 1, d); // C = 3p: translation of q
    assert.deepEqual(q.A, [[0, 0], [0, 0]]);
    assert.ok(Math.abs(Math.abs(q.b[1]) - 1) < 1e-12 && q.b[0] === 0, JSON.stringify(q));
  });

  it('uses 16 symmetry samples per fixed quantity, at most the first stage\'s S, unless set', () => {
    const cfg = resolveConfig('fast', 6, {});
    assert.equal(refitSymmetrySamples(cfg, 1), 16);
    assert.equal(refitSymmetrySamples(cfg, 9), cfg.model.symmetrySamples);
    assert.equal(refitSymmetrySamples({ ...cfg, train: { ...cfg.train, refitSymmetrySamples: 24 } }, 1), 24);
    assert.equal(resolveConfig('fast', 2, {}).train.refitSteps, undefined); // as many as the first stage
    assert.equal(resolveConfig('fast', 2, {}).train.refitFrom, 'fresh');
    assert.equal(resolveConfig('paper', 2, {}).train.refitSteps, 0);
  });

  // 300 transitions, so that −ELBO/N is decided by the fit more than by the KL (28 points: KL/N ≈ 50 of it),
  // and a first stage trained long enough to fit (at 600 steps even a wrong symmetry's fresh refit beats it).
  describe('on simulated oscillator data (30 × 10)', () => {
    let stage1: Awaited<ReturnType<typeof trainAndEvaluate>>;
    let train: ModelData;
    let cfg: RunConfig;
    before(async () => {
      await initBackend('wasm');
      const ds = simulateDataset({ system: 'harmonic', trajectories: 30, steps: 10, dt: 0.2, seed: 5 });
      train = toModelData(ds, dataScale(ds, 'scale'));
      cfg = resolveConfig('fast', 2, { model: { kind: 'learned', K: 2, hidden: [16, 16], symmetrySamples: 8 }, train: { steps: 1500 } });
      stage1 = await trainAndEvaluate('learned', cfg, train, undefined, undefined, {});
    });
    after(() => stage1.model.dispose());

    const report = (q: ConservedQuantity): SymmetryReport => ({ singularValues: [1], rank: 1, conservedQuantities: [q], learned: [] });

    // A new network trains as long as the first stage (the default); the first stage's network trains on for a quarter of that.
    for (const [from, steps] of [['fresh', 1500], ['warm', 375]] as const) {
    it(`a refit (${from}) on the oscillator energy is kept, and its H is the same all around each circle`, async () => {
      const s = train.scale;
      const r = await refitOnDiscovered({ ...stage1, config: { ...cfg, train: { ...cfg.train, refitFrom: from, refitSteps: steps } } }, report(quantity([[2 / (s * s), 0], [0, 2 / (s * s)]], [0, 0], true, 'q^2 + p^2')), train, undefined, {});
      assert.ok(r.info && r.model, JSON.stringify(r.info));
      try {
        assert.equal(r.info.accepted, true, r.info.reason);
        assert.equal(r.info.steps, steps);
        // Its history continues the first stage's step count.
        assert.deepEqual([r.info.history[0].step, r.info.history.at(-1)!.step], [1501, 1500 + steps]);
        assert.equal(r.info.symmetrySamples, 8); // 16 per quantity, but at most the first stage's S = 8
        assert.ok(r.model.metrics.train.negElbo <= stage1.metrics.train.negElbo);
        // H on circles of radius 0.5, 1, 1.5 (model units): its spread along each circle, against the
        // first stage's (whose generators cover only part of the orbit) and against its spread across radii.
        const circle = (rad: number) => Array.from({ length: 24 }, (_, i) => [rad * Math.cos((2 * Math.PI * i) / 24), rad * Math.sin((2 * Math.PI * i) / 24)]);
        const spread = (v: number[]) => Math.max(...v) - Math.min(...v);
        const along = (m: typeof stage1) => Math.max(...[0.5, 1, 1.5].map((rad) => spread(m.model.hamiltonianValues(circle(rad), new Random(0).fork(424242)))));
        const across = spread([0.5, 1.5].map((rad) => r.model!.model.hamiltonianValues([[rad, 0]], new Random(0).fork(424242))[0]));
        assert.ok(along(r.model) < 0.06 * across, `H varies by ${along(r.model)} along circles, ${across} across them`);
        // (Here the first stage reaches further round the circles than on 28 points: about 10 % of across.)
        assert.ok(along(r.model) < 0.6 * along(stage1), `refit ${along(r.model)} vs first stage ${along(stage1)}`);
      } finally {
        r.model.model.dispose();
      }
    });
    }

    it('a refit forced onto a quantity the data do not conserve (a squeeze, q·p) is the model of that hypothesis, and the razor rejects it against vanilla', async () => {
      const r = await refitOnDiscovered(stage1, report(quantity([[0, 1], [1, 0]], [0, 0], true, 'q*p')), train, undefined, {});
      assert.ok(r.info && r.model, JSON.stringify(r.info));
      const vanilla = await trainAndEvaluate('vanilla', { ...cfg, model: { ...cfg.model, kind: 'vanilla' } }, train, undefined, undefined, {});
      try {
        assert.equal(r.info.accepted, true, r.info.reason);
        const book = new SettledBounds(train, { ...SETTLE_DEFAULTS, seed: 0, maxRows: 1 << 20 }, 0);
        book.fixNoise([r.model, vanilla].map((m) => m.metrics.train.mse / train.scale ** 2));
        const cmp = compareBounds(await book.bound(r.model.model), await book.bound(vanilla.model));
        assert.equal(cmp.verdict, 'not a symmetry', cmp.reason);
      } finally {
        r.model.model.dispose();
        vanilla.model.dispose();
      }
    });

    it('with point symmetries among the verified quantities, it also refits on them alone and keeps the group of lower score', async () => {
      // q² + p² (conserved) and p (a translation of q: a point symmetry, not conserved here).
      const sc = train.scale;
      const both = { ...report(quantity([[2 / (sc * sc), 0], [0, 2 / (sc * sc)]], [0, 0], true, 'q^2 + p^2')) };
      both.conservedQuantities = [...both.conservedQuantities, quantity([[0, 0], [0, 0]], [0, 1 / sc], true, 'p')];
      const short = { ...stage1, config: { ...cfg, train: { ...cfg.train, refitSteps: 300 } } };
      const r = await refitOnDiscovered(short, both, train, undefined, {});
      r.model?.model.dispose();
      assert.ok(r.info?.alternatives, 'two groups were refit');
      assert.equal(r.info.alternatives.length, 1);
      const [other] = r.info.alternatives;
      // The two groups: {q² + p², p} and {p}; whichever is reported lost on −ELBO.
      assert.deepEqual([r.info.quantities.length, other.quantities.length].sort(), [1, 2]);
      // The reported group's −ELBO/N (in its reason) is the lower of the two.
      const chosen = Number(/−ELBO\/N (-?[\d.]+), better than/.exec(r.info.reason)?.[1]);
      assert.ok(Number.isFinite(chosen), r.info.reason);
      assert.ok(chosen <= other.negElbo + 5e-4, `chosen ${chosen} vs other ${other.negElbo}`);
      assert.ok(r.info.seconds >= other.seconds);
    });

    it('nothing verified, nothing refit', async () => {
      const r = await refitOnDiscovered(stage1, report(quantity([[2, 0], [0, 2]], [0, 0], false)), train, undefined, {});
      assert.equal(r.model, undefined);
      assert.equal(r.info?.steps, 0);
      assert.match(r.info!.reason, /no learned quantity is conserved/);
    });
  });
});

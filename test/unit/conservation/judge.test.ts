import { strict as assert } from 'assert';
import { analyseQuadratics, judgeQuantity, testQuadratic, type Quad } from '../../../src/core/conservation';
import { draw, oscillators, rng } from './fixtures';

const init = (r: ReturnType<typeof rng>) => [r.normal(), 0.5 * r.normal()];
/** Round every coefficient to one decimal of the largest (a stand-in for the readout's cleaning). */
const rounded = (q: Quad): Quad[] => {
  const big = Math.max(...q.A.flat().map(Math.abs), ...q.b.map(Math.abs));
  const r = (v: number) => Math.round((10 * v) / big) / 10;
  return [{ A: q.A.map((row) => row.map(r)), b: q.b.map(r) }];
};
const rotate = (deg: number): Quad => {
  // q² + p² tilted towards q·p by `deg` degrees in the coefficient space (q², qp, p²).
  const t = (deg * Math.PI) / 180;
  const c = Math.cos(t) / Math.SQRT2;
  const s = Math.sin(t);
  return { A: [[2 * c, s], [s, 2 * c]], b: [0, 0] };
};

describe('judging a learned quantity on the data', () => {
  it('refines a learned quantity 3° off onto the data\'s conserved space and shows the cleaned q² + p² only because it passes', () => {
    const trs = draw({ trajectories: 7, samples: 5, dt: 0.2, seed: 1, init, exact: oscillators([1]) });
    const a = analyseQuadratics(trs);
    const j = judgeQuantity(rotate(3), a, trs, rounded);
    assert.notEqual(j.learnedTest.verdict, 'conserved', 'the learned direction itself is off on exact data');
    // The angle is measured in standardised coordinates (q and p at unit spread), not in (q², qp, p²).
    assert.ok(j.angleToConserved! > 0.5 && j.angleToConserved! < 6, `angle ${j.angleToConserved}`);
    assert.equal(j.origin, 'cleaned');
    assert.equal(j.test.verdict, 'conserved');
    assert.ok(Math.abs(j.A[0][1]) < 1e-12 && Math.abs(j.A[0][0] - j.A[1][1]) < 1e-12);
  });
  it('keeps a real cross term: the rounded formula without it fails and is not shown', () => {
    const trs = draw({ trajectories: 30, samples: 30, dt: 0.2, seed: 8, noise: [0.02, 0.02], init, field: (x) => [0.04 * x[0] + x[1], -(x[0] + 0.04 * x[1])] });
    const a = analyseQuadratics(trs);
    // The exact H = ½(q² + 0.08 qp + p²), learned; rounding to one decimal of the largest drops the 0.04.
    const j = judgeQuantity({ A: [[1, 0.04], [0.04, 1]], b: [0, 0] }, a, trs, rounded);
    assert.equal(j.test.verdict, 'conserved');
    assert.notEqual(j.origin, 'cleaned');
    assert.ok(Math.abs(j.A[0][1] / j.A[0][0] - 0.04) < 0.01, `cross ${j.A[0][1] / j.A[0][0]}`);
  });
  it('does not clean away a real cross term that the conservation test alone cannot reject (fewer, noisier data)', () => {
    // H = ½(q² + 0.0767 q·p + p²), 20 × 11 samples, noise 0.03 of the spread (the validation suite's cross-noise case).
    const trs = draw({ trajectories: 20, samples: 11, dt: 0.2, seed: 810, noise: [0.022, 0.022], init, field: (x) => [0.03835 * x[0] + x[1], -(x[0] + 0.03835 * x[1])] });
    const a = analyseQuadratics(trs);
    const circle = testQuadratic([[1, 0], [0, 1]], [0, 0], trs, a.noise);
    const j = judgeQuantity({ A: [[1, 0.03835], [0.03835, 1]], b: [0, 0] }, a, trs, rounded);
    assert.equal(j.test.verdict, 'conserved');
    assert.notEqual(j.origin, 'cleaned', `shown ${JSON.stringify(j.A)}; q² + p² alone: ${circle.verdict}, χ²/dof ${circle.chi2PerDof}`);
    assert.ok(Math.abs(j.A[0][1] / j.A[0][0] - 0.03835) < 0.015, `cross ${j.A[0][1] / j.A[0][0]}`);
  });

  it('leaves a spurious learned quantity not conserved, shown clean only with that same verdict', () => {
    const trs = draw({ trajectories: 30, samples: 20, dt: 0.2, seed: 2, noise: [0.01, 0.01], init, exact: oscillators([1]) });
    const a = analyseQuadratics(trs);
    const j = judgeQuantity({ A: [[0, 1], [1, 0]], b: [0, 0] }, a, trs, rounded);
    assert.equal(j.test.verdict, 'not conserved');
    assert.equal(j.learnedTest.verdict, 'not conserved');
    assert.ok(j.angleToConserved! > 80);
  });
  it('says "not identifiable" when the data cannot determine the family', () => {
    const trs = draw({ trajectories: 3, samples: 4, dt: 0.2, seed: 3, init: (r) => [r.normal(), r.normal(), r.normal(), r.normal(), r.normal(), r.normal()], exact: oscillators([1, 1, 1]) });
    const a = analyseQuadratics(trs);
    const A = [0, 1, 2, 3, 4, 5].map((i) => [0, 1, 2, 3, 4, 5].map((j) => (i === j ? 1 : 0)));
    const j = judgeQuantity({ A, b: [0, 0, 0, 0, 0, 0] }, a, trs, rounded);
    assert.equal(j.test.verdict, 'not identifiable');
  });
});

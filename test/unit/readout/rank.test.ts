import { strict as assert } from 'node:assert';
import { decideRank } from '../../../src/core/readout/rank';

describe('readout/rank rule', () => {
  it('a clean gap gives the number of values above it', () => {
    assert.equal(decideRank([3.1, 2.5, 1.9, 1.2, 0.01, 0.008, 0.005]).rank, 4);
    assert.equal(decideRank([2.4, 0.015, 0.011, 0.002]).rank, 1);
    const d = decideRank([3.64, 2.27, 2.06, 0.112, 0.104, 0.0848]);
    assert.equal(d.rank, 3);
    assert.equal(d.ambiguous, false);
  });

  it('is scale-free and ignores the input order', () => {
    const s = [5, 4, 3, 0.004, 0.003, 0.001];
    for (const f of [1e-4, 1, 1e5]) assert.equal(decideRank(s.map((v) => v * f)).rank, 3);
    assert.equal(decideRank([0.003, 5, 0.001, 3, 0.004, 4]).rank, 3);
  });

  it('noise floors of different heights below the signal do not matter', () => {
    for (const floor of [1e-8, 1e-5, 1e-3, 0.05]) {
      const s = [2, 1.7, 1.1, 0.9, 0.6, floor, floor * 0.8, floor * 0.5];
      const d = decideRank(s);
      assert.equal(d.rank, 5, `floor ${floor}`);
      assert.equal(d.ambiguous, false, `floor ${floor}`);
    }
  });

  it('all-zero spectrum (and an empty one) gives rank 0', () => {
    assert.deepEqual(
      { rank: decideRank([0, 0, 0]).rank, ambiguous: decideRank([0, 0, 0]).ambiguous },
      { rank: 0, ambiguous: false },
    );
    assert.equal(decideRank([]).rank, 0);
    assert.equal(decideRank([1e-9, 1e-10]).rank, 0);
  });

  it('full rank K when every learned quantity is large (the gap is measured against the threshold)', () => {
    const d = decideRank([1, 0.8, 0.6, 0.4]);
    assert.equal(d.rank, 4);
    assert.equal(d.ambiguous, false);
    assert.equal(decideRank([7]).rank, 1);
  });

  it('an exactly rank-deficient spectrum (zeros after the signal) is not ambiguous', () => {
    const d = decideRank([2, 1, 0, 0]);
    assert.equal(d.rank, 2);
    assert.equal(d.ambiguous, false);
  });

  it('no gap (a steady geometric decay) is flagged ambiguous', () => {
    const s = Array.from({ length: 8 }, (_, i) => 0.5 ** i * 0.9 ** i);
    const d = decideRank(s);
    assert.equal(d.ambiguous, true);
    assert.match(d.reason, /no clear gap/);
  });

  it('two competing gaps are flagged ambiguous, the first one wins', () => {
    const d = decideRank([1, 0.1, 0.01, 0.0001]);
    assert.equal(d.rank, 1);
    assert.equal(d.ambiguous, true);
    assert.match(d.reason, /competing/);
  });

  it('values below the relative threshold never count, however big the gap below them', () => {
    // 0.015 is under 2% of σ1 even though 0.015 / 1e-9 is a huge ratio.
    assert.equal(decideRank([1, 0.9, 0.015, 1e-9]).rank, 2);
    assert.equal(decideRank([1, 0.9, 0.015, 1e-9], { relThreshold: 0.01 }).rank, 3);
  });

  it('rejects non-finite singular values', () => {
    assert.throws(() => decideRank([1, NaN]), /finite/);
  });
});

/**
 * The validation suite's scoring on hand-made results: a wrong quantity is a
 * false 'conserved', a rotated basis of the true span is all true positives,
 * units do not matter, only the 'conserved' verdict counts, 'symmetry' on a
 * non-Hamiltonian flow is false, 'not identifiable' is a true none.
 */
import { strict as assert } from 'assert';
import { fromMonomials, unitaryInvariants, type Quadratic } from '../../../src/core/sim/systems';
import { toColumns, type CaseTruth } from '../../../src/core/validate/cases';
import { scoreCase, type ScoredResults } from '../../../src/core/validate/score';
import { totals, type CaseRow } from '../../../src/core/validate/runner';

type Q = ScoredResults extends { symmetry?: { conservedQuantities: Array<infer T> } } ? T : never;

function q(c: Pick<Quadratic, 'A' | 'b'>, extra: Partial<Q> = {}): Q {
  return { A: c.A, b: c.b, formula: 'C', name: null, conserved: true, ...extra } as Q;
}
function results(qs: Q[], identifiable?: boolean): ScoredResults {
  return { symmetry: { rank: qs.length, conservedQuantities: qs, ...(identifiable === undefined ? {} : { identifiability: { identifiable } }) } };
}
function combine(cs: Quadratic[], w: number[]): Pick<Quadratic, 'A' | 'b'> {
  const M = cs[0].b.length;
  return {
    A: Array.from({ length: M }, (_, i) => Array.from({ length: M }, (_, j) => cs.reduce((s, c, k) => s + w[k] * c.A[i][j], 0))),
    b: Array.from({ length: M }, (_, i) => cs.reduce((s, c, k) => s + w[k] * c.b[i], 0)),
  };
}
const truthOf = (invariants: Quadratic[], extra: Partial<CaseTruth> = {}): CaseTruth => ({
  invariants, approximate: [], hamiltonian: true, expect: 'conserved', angleTolDeg: 5, ...extra,
});

describe('validate/score', () => {
  const u2 = unitaryInvariants([1, 1]);
  const std4 = [1, 1, 1, 1];

  it('a rotated basis of the true span counts as true positives with full recall and correct rank', () => {
    const rnd = [[0.3, -1.2, 0.5, 2], [1, 1, -0.4, 0.2], [-0.7, 0.1, 1.5, 0.3], [0.2, 0.9, 0.8, -1.1]];
    const s = scoreCase(truthOf(u2), results(rnd.map((w) => q(combine(u2, w)))), std4);
    assert.equal(s.tp, 4);
    assert.equal(s.fp, 0);
    assert.equal(s.fn, 0);
    assert.equal(s.recall, 1);
    assert.equal(s.rankOk, true);
    assert.ok(s.spanAngleDeg! < 1e-6, `span angle ${s.spanAngleDeg}`);
  });

  it('a wrong quantity flagged conserved is a false conserved; a missing dimension is a false negative', () => {
    const squeeze = fromMonomials(4, [[0, 2, 1]], 'q1*p1');
    const s = scoreCase(truthOf(u2), results([q(u2[0]), q(u2[1]), q(squeeze)]), std4);
    assert.equal(s.tp, 2);
    assert.equal(s.fp, 1);
    assert.equal(s.fn, 2);
    assert.equal(s.recall, 0.5);
    assert.equal(s.rankOk, false);
    assert.equal(s.quantities[2].outcome, 'FP');
  });

  it('two copies of one true quantity cover one dimension only', () => {
    const s = scoreCase(truthOf(u2.slice(0, 2)), results([q(u2[0]), q(combine([u2[0]], [3]))]), std4);
    assert.equal(s.tp, 2);
    assert.equal(s.recall, 0.5);
    assert.equal(s.fn, 1);
  });

  it('only the verdict "conserved" counts (v1 flag false, v2 approximately conserved, not checked)', () => {
    const s = scoreCase(truthOf(u2), results([
      q(u2[0], { conserved: false }),
      q(u2[1], { conservation: { verdict: 'approximately conserved' } }),
      q(u2[2], { conserved: undefined }),
    ]), std4);
    assert.equal(s.conserved, 0);
    assert.equal(s.none, 'missed none');
    assert.equal(s.recall, 0);
  });

  it('is unit-invariant: the truth and the report rescaled by 1e-6..1e6 per column give the same angles', () => {
    const scales = [1e6, 1e-6, 3e3, 2e-4];
    const truth = truthOf(u2.map((c) => toColumns(c, scales)));
    const report = [q(toColumns(combine(u2, [1, 0.5, 0, 0]), scales)), q(toColumns(fromMonomials(4, [[0, 2, 1]], ''), scales))];
    const s = scoreCase(truth, results(report), std4.map((_, i) => 0.8 * scales[i]));
    const r = scoreCase(truthOf(u2), results([q(combine(u2, [1, 0.5, 0, 0])), q(fromMonomials(4, [[0, 2, 1]], ''))]), std4.map(() => 0.8));
    assert.equal(s.tp, 1);
    assert.equal(s.fp, 1);
    assert.deepEqual(s.quantities.map((x) => x.angleDeg), r.quantities.map((x) => x.angleDeg));
  });

  it('dropping a real cross term is a false conserved, labelled as the approximate invariant', () => {
    const c = 0.08;
    const truthQ: Quadratic = { A: [[1, c / 2], [c / 2, 1]], b: [0, 0], label: 'H' };
    const circle: Quadratic = { A: [[1, 0], [0, 1]], b: [0, 0], label: 'q^2 + p^2' };
    const s = scoreCase(truthOf([truthQ], { approximate: [circle], angleTolDeg: 1.4 }), results([q(circle)]), [1, 1]);
    assert.equal(s.fp, 1);
    assert.equal(s.quantities[0].approximate, 'q^2 + p^2');
    assert.equal(scoreCase(truthOf([truthQ], { angleTolDeg: 1.4 }), results([q(combine([truthQ], [2]))]), [1, 1]).tp, 1);
  });

  it('a symmetry verdict is true only for a true invariant of a Hamiltonian flow', () => {
    const circle: Quadratic = { A: [[2, 0], [0, 2]], b: [0, 0], label: 'q^2 + p^2' };
    const v2 = { conserved: undefined, conservation: { verdict: 'conserved' as const }, symmetryTest: { verdict: 'symmetry' as const } };
    const nonHam = scoreCase(truthOf([circle], { hamiltonian: false }), results([q(circle, v2)]), [1, 1]);
    assert.equal(nonHam.tp, 1);
    assert.equal(nonHam.symmetryFp, 1);
    const ham = scoreCase(truthOf([circle]), results([q(circle, v2)]), [1, 1]);
    assert.equal(ham.symmetryTp, 1);
    assert.equal(ham.symmetryFp, 0);
    const wrong = scoreCase(truthOf([circle]), results([q({ A: [[0, 1], [1, 0]], b: [0, 0] }, v2)]), [1, 1]);
    assert.equal(wrong.symmetryFp, 1);
  });

  it('none and not identifiable: nothing conserved is a true none; anything conserved is false', () => {
    const small: Quadratic = { A: [[2, 0], [0, 2]], b: [0, 0], label: 'small-angle energy' };
    const none = truthOf([], { expect: 'none', approximate: [small] });
    assert.equal(scoreCase(none, results([q(small, { conserved: false })]), [1, 1]).none, 'true none');
    const bad = scoreCase(none, results([q(small)]), [1, 1]);
    assert.equal(bad.none, 'false none');
    assert.equal(bad.fp, 1);
    assert.equal(bad.quantities[0].approximate, 'small-angle energy');
    const u = truthOf(u2, { expect: 'not identifiable' });
    const flagged = scoreCase(u, results([q(u2[0])]), std4);
    assert.equal(flagged.fp, 1, 'a conserved flag on underdetermined data is false even inside the span');
    const honest = scoreCase(u, results([q(u2[0])], false), std4);
    assert.equal(honest.reported, 'not identifiable');
    assert.equal(honest.none, 'true none');
    assert.equal(honest.fp, 0);
  });

  it('totals add false conserved and symmetry, recall over the true rank, rank correct on positives', () => {
    const sA = scoreCase(truthOf(u2), results(u2.map((c) => q(c))), std4);
    const sB = scoreCase(truthOf(u2), results([q(u2[0]), q(fromMonomials(4, [[0, 2, 1]], ''))]), std4);
    const sC = scoreCase(truthOf([], { expect: 'none' }), results([]), std4);
    const row = (id: string, score: typeof sA): CaseRow => ({ id, kind: 'positive', description: '', dataSeed: 0, trajectories: 1, samples: 1, seconds: 1, score });
    const cases = [{ id: 'a', expect: 'conserved' }, { id: 'b', expect: 'conserved' }, { id: 'c', expect: 'none' }].map((c) => ({ id: c.id, truth: { expect: c.expect } })) as never;
    const t = totals([row('a', sA), row('b', sB), row('c', sC)], cases);
    assert.equal(t.falseConserved, 1);
    assert.equal(t.recall, 0.625);
    assert.equal(t.rankCorrectPositives, '1/2');
    assert.equal(t.trueNone, '1/1');
  });
});

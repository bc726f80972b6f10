/**
 * The validation catalogue: at least 20 cases covering issue 13's positive
 * cases and failure classes, drawn reproducibly from the suite seed; on every
 * case's noise-free data each true invariant is conserved (tiny drift) and
 * each approximate invariant really drifts; underdetermined cases have fewer
 * states than quadratic monomials.
 */
import { strict as assert } from 'assert';
import { buildCatalogue, caseData, columnStds, type ValidationCase } from '../../../src/core/validate/cases';
import type { Quadratic } from '../../../src/core/sim/systems';
import type { SimulationResult } from '../../../src/core/sim/simulate';
import { maxRelativeDrift } from '../helpers/invariantDrift';

/** Largest change of C along a trajectory / C's std over all samples. */
const drift = (c: Quadratic, data: SimulationResult): number => maxRelativeDrift(c, data);

describe('validate/cases', () => {
  const cases = buildCatalogue(0);

  it('has at least 20 cases with unique ids, covering every positive case and failure class of issue 13', () => {
    assert.ok(cases.length >= 20, `${cases.length} cases`);
    assert.equal(new Set(cases.map((c) => c.id)).size, cases.length);
    const systems = new Set(cases.map((c) => c.spec.system));
    for (const s of ['oscillators', 'coupled', 'kepler', 'nbody', 'spring', 'pendulum', 'damped', 'frequencies', 'rotation', 'cross']) assert.ok(systems.has(s as never), s);
    assert.ok(cases.some((c) => c.spec.scales), 'mixed units');
    assert.ok(cases.some((c) => c.truth.expect === 'not identifiable'), 'underdetermined');
    assert.ok(cases.some((c) => !c.truth.hamiltonian && c.truth.expect === 'conserved'), 'non-Hamiltonian');
    assert.ok(cases.some((c) => c.spec.system === 'frequencies' && c.noiseRel > 0 && c.truth.approximate.length > 0), 'near-degenerate with noise');
    assert.ok(cases.filter((c) => c.quick).length === 3, 'the quick slice');
  });

  it('is reproducible from the suite seed, and another seed draws other parameters', () => {
    const again = buildCatalogue(0);
    assert.deepEqual(again.map((c) => c.description), cases.map((c) => c.description));
    const other = buildCatalogue(1);
    assert.notDeepEqual(other.map((c) => c.description), cases.map((c) => c.description));
  });

  const check = (c: ValidationCase) => {
    const data = caseData(c, { noise: false });
    for (const q of c.truth.invariants) {
      const d = drift(q, data);
      assert.ok(d < 1e-7, `${c.id}: true invariant ${q.label} drifts ${d}`);
    }
    for (const q of c.truth.approximate) {
      const d = drift(q, data);
      assert.ok(d > 0.01, `${c.id}: approximate invariant ${q.label} drifts only ${d}`);
    }
    if (c.truth.expect === 'not identifiable') {
      const M = data.dim;
      const monomials = (M * (M + 1)) / 2 + M;
      const states = data.trajectories.reduce((s, t) => s + t.states.length, 0);
      assert.ok(states < monomials, `${c.id}: ${states} states for ${monomials} monomials`);
    }
    // noisy data differ from the clean data by about noiseRel of each column's std
    if (c.noiseRel > 0) {
      const noisy = caseData(c);
      const std = columnStds(data);
      let s2 = 0, n = 0;
      noisy.trajectories.forEach((tr, k) => tr.states.forEach((x, i) => x.forEach((v, j) => { s2 += ((v - data.trajectories[k].states[i][j]) / std[j]) ** 2; n++; })));
      const rel = Math.sqrt(s2 / n);
      assert.ok(Math.abs(rel / c.noiseRel - 1) < 0.25, `${c.id}: noise ${rel} vs ${c.noiseRel}`);
    }
  };
  for (const c of buildCatalogue(0)) {
    it(`${c.id}: the truth is conserved by the noise-free data${c.truth.approximate.length ? ', the approximate invariants drift' : ''}`, () => check(c));
  }
  it('the same holds on another suite seed', () => {
    for (const c of buildCatalogue(7)) check(c);
  });
});

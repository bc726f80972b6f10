import assert from 'node:assert/strict';
import { resultsToMarkdown } from '../../../src/extension/markdown';
import { sampleResults } from './sampleResults';

describe('Markdown report', () => {
  const md = resultsToMarkdown(sampleResults({ stopReason: 'completed' }));

  it('typesets each quantity as $…$ math in a table row with its name, action, drift', () => {
    const row = md.split('\n').find((l) => l.startsWith('| 1 |'));
    assert.equal(row, '| 1 | $q^{2} + p^{2}$ | energy of the oscillator | rotation in the (q, p) plane | 0.0012 | conserved on the data |');
    assert.match(md, /\*\*1 conserved quantity: q² \+ p² \(energy of the oscillator\)\.\*\*/);
    assert.match(md, /\$C\(x\) = \\tfrac12 x\^\\top A x \+ b\^\\top x\$/);
  });

  it('states data, training and metrics', () => {
    assert.match(md, /# Noether's Razor: conserved quantities of harmonic\.csv/);
    assert.match(md, /Positions q: `q`; momenta p: `p`/);
    assert.match(md, /7 trajectories, 28 transitions/);
    assert.match(md, /100 steps in 3\.5 s, completed\. Preset `fast`, seed 0\./);
    assert.match(md, /\| MSE \| 0\.00123 \| — \|/);
    assert.match(md, /Singular values of the learned quantities: 1\.8, 0\.01, 0\.002, 0\.001\./);
    assert.match(md, /"symmetrySamples": 32/);
  });

  it('never counts an unconserved candidate as conserved: the shared verdict wording (src/shared/verdicts.ts)', () => {
    const r = sampleResults({ stopReason: 'completed' });
    r.symmetry!.conservedQuantities[0].conserved = false;
    const out = resultsToMarkdown(r);
    assert.match(out, /\*\*No conserved quantity found \(1 candidate checked, none conserved\)\.\*\*/);
    assert.match(out.split('\n').find((l) => l.startsWith('| 1 |'))!, /\| not conserved on the data \|$/);
    assert.doesNotMatch(out, /1 independent conserved quantity/);
  });

  it('escapes text so warnings cannot break tables or start math', () => {
    assert.match(md, /- the fit \\\| is \\\$rough\\\$/);
  });

  it('a | inside LaTeX does not end the table cell', () => {
    const r = sampleResults({ stopReason: 'completed' });
    r.symmetry!.conservedQuantities[0].latex = '|q|^2';
    const row = resultsToMarkdown(r).split('\n').find((l) => l.startsWith('| 1 |'))!;
    assert.equal(row.split(/(?<!\\)\|/).length, 8); // 6 cells between 7 bars
    assert.match(row, /\$\\vert q\\vert \^2\$/);
  });

  it('says when a run stopped early and has no readout', () => {
    const r = sampleResults({ stopReason: 'cancelled' });
    delete r.symmetry;
    r.training.stopMessage = 'stopped by the user';
    const out = resultsToMarkdown(r);
    assert.match(out, /stopped early \(cancelled: stopped by the user\)/);
    assert.match(out, /No symmetry readout in this run/);
  });
});

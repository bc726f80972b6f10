/**
 * `noether discover` and `noether train` end to end through main(): a
 * schema-valid results file with the column order, settings, seed and
 * backend; exit code 2 and one line for bad input.
 */
import { strict as assert } from 'assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureCli as capture } from '../helpers/captureCli';
import { readResults } from '../../../src/core/results/validate';

const examples = join(__dirname, '../../../examples');
const fast = ['--steps', '60', '--hidden', '16,16', '--symmetry-samples', '8', '--substeps', '1', '--quiet'];

describe('noether discover / train (CLI)', function () {
  this.timeout(120000);
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'noether-cli-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('discover writes a valid results file and prints the quantities', async () => {
    const out = join(dir, 'r.json');
    const r = await capture(['discover', join(examples, 'harmonic-train.csv'), '--test', join(examples, 'harmonic-test.csv'), '--K', '2', '--seed', '3', '--baseline', '--truth', 'oracle:so2', '--backend', 'wasm', '--out', out, ...fast]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /(\d+ conserved quantit(y|ies)|no conserved quantity found)/);
    const res = readResults(out);
    assert.deepEqual(res.input.columns, { q: ['q'], p: ['p'], time: 't', trajectory: 'trajectory' });
    assert.equal(res.config.seed, 3);
    assert.equal(res.config.model.K, 2);
    assert.equal(res.backend, 'wasm');
    assert.equal(res.training.stopReason, 'completed');
    assert.equal(res.symmetry!.conservedQuantities.length, res.symmetry!.rank);
    assert.equal(res.symmetry!.parallelness!.length, 2);
    assert.ok(res.metrics.test && res.baselines?.[0].model === 'vanilla' && res.evidence);
    assert.match(res.input.sha256, /^[0-9a-f]{64}$/);
    // The search started from the one quadratic the data conserve, at the seeded generator rate.
    assert.equal(res.config.model.generatorInit, 'data');
    assert.equal(res.training.seeds?.count, 1);
    assert.equal(res.training.seeds?.lrGenerators, res.config.train.lrGeneratorsSeeded);
  });

  it('--generator-init random starts the search at random (the paper), and --lr-generators sets both rates', async () => {
    const out = join(dir, 'random.json');
    const r = await capture(['discover', join(examples, 'harmonic-train.csv'), '--K', '2', '--generator-init', 'random', '--lr-generators', '0.02', '--backend', 'wasm', '--out', out, ...fast]);
    assert.equal(r.code, 0, r.err);
    const res = readResults(out);
    assert.equal(res.config.model.generatorInit, 'random');
    assert.equal(res.training.seeds, undefined);
    assert.equal(res.config.train.lrGenerators, 0.02);
    assert.equal(res.config.train.lrGeneratorsSeeded, 0.02);
    // Unseeded generators stay near their 0.01-std start over 60 steps; a seed has norm 10.
    assert.ok(res.symmetry!.singularValues[0] < 2, `σ1 = ${res.symmetry!.singularValues[0]}`);
  });

  it('the same data, settings and seed give an identical symmetry section', async () => {
    const outs = [join(dir, 'a.json'), join(dir, 'b.json')];
    for (const out of outs) {
      const r = await capture(['discover', join(examples, 'harmonic-train.csv'), '--K', '2', '--seed', '5', '--backend', 'wasm', '--out', out, ...fast]);
      assert.equal(r.code, 0, r.err);
    }
    const [a, b] = outs.map(readResults);
    assert.deepEqual(a.symmetry, b.symmetry);
    assert.deepEqual(a.metrics, b.metrics);
  });

  it('train --model oracle:so2 reports metrics without a symmetry readout', async () => {
    const out = join(dir, 't.json');
    const r = await capture(['train', join(examples, 'harmonic-train.csv'), '--model', 'oracle:so2', '--out', out, ...fast]);
    assert.equal(r.code, 0, r.err);
    const res = readResults(out);
    assert.equal(res.config.model.kind, 'oracle');
    assert.equal(res.symmetry, undefined);
    assert.ok(res.metrics.train.mse > 0);
  });

  it('bad input and bad options exit 2 with one line naming the problem', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 't,q,p\n0,1,2\n0.1,oops,3\n');
    const cases: [string[], RegExp][] = [
      [['discover', bad], /bad\.csv:3:2: .*oops/],
      [['discover', join(dir, 'missing.csv')], /missing\.csv/],
      [['train', join(examples, 'harmonic-train.csv'), '--model', 'oracle:u3'], /u3/],
      [['discover', join(examples, 'harmonic-train.csv'), '--steps', '-4'], /--steps/],
      [['discover', join(examples, 'harmonic-train.csv'), '--integrator', 'leapfrog'], /--integrator/],
      [['discover', join(examples, 'harmonic-train.csv'), '--bogus'], /bogus/],
      [['discover', join(examples, 'harmonic-train.csv'), '--test', join(examples, 'oscillators2-test.csv')], /test file/],
    ];
    for (const [argv, re] of cases) {
      const r = await capture(argv);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
      const lines = r.err.trim().split('\n');
      assert.equal(lines.length, 1, `one line: ${r.err}`);
      assert.match(lines[0], re);
      assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    }
  });
});

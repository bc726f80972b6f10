/**
 * `noether reproduce` end to end (--quick, seconds): the files, a JSON of
 * the documented shape, three table rows, CSVs that load back; a stop
 * request keeps what was finished; usage errors exit 2.
 */
import { strict as assert } from 'assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureCli as capture } from '../helpers/captureCli';
import { loadDataset } from '../../../src/core/data/load';
import { writeOutputs } from '../../../src/core/reproduce/output';
import { runTarget } from '../../../src/core/reproduce/run';
import { planTarget } from '../../../src/core/reproduce/targets';
import { validateReproduce } from '../../../src/core/reproduce/validate';

describe('noether reproduce (CLI)', function () {
  this.timeout(120000);
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'noether-reproduce-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reproduce table1 --quick writes the JSON, the Markdown and the CSVs and prints a three-row table', async () => {
    const out = join(dir, 't1');
    const r = await capture(['reproduce', 'table1', '--quick', '--quiet', '--seed', '3', '--backend', 'wasm', '--out', out]);
    assert.equal(r.code, 0, r.err);
    for (const f of ['table1.json', 'table1.md', 'harmonic-train.csv', 'harmonic-test.csv']) assert.ok(existsSync(join(out, f)), f);

    const res = validateReproduce(JSON.parse(readFileSync(join(out, 'table1.json'), 'utf8')));
    assert.equal(res.target, 'table1');
    assert.equal(res.complete, true);
    assert.equal(res.backend, 'wasm');
    const [e] = res.experiments;
    assert.deepEqual(e.models.map((m) => m.spec), ['vanilla', 'learned', 'oracle:so2']);
    for (const m of e.models) {
      assert.equal(m.seed, 3);
      assert.equal(m.config.train.seed, 3);
      assert.equal(m.stopReason, 'completed');
      assert.ok(m.metrics.train.mse > 0 && m.metrics.tests.test.mse > 0 && m.wallSeconds >= m.trainSeconds);
      // Same settings for every model apart from what makes it that model.
      assert.deepEqual({ ...m.config.model, kind: 0, oracle: 0 }, { ...e.models[0].config.model, kind: 0, oracle: 0 });
    }
    const learned = e.models[1].readout!;
    assert.equal(learned.singularValues.length, e.models[1].config.model.K);
    assert.equal(learned.parallelness.length, learned.singularValues.length);
    assert.deepEqual([e.data.train.trajectories, e.data.train.steps, e.data.train.transitions], [7, 4, 28]);
    assert.notEqual(e.data.train.seed, e.data.tests[0].seed);

    // The table on stdout and in the file: three model rows.
    const rows = r.out.split('\n').filter((l) => /^\| (vanilla|learned|oracle)/.test(l));
    assert.equal(rows.length, 3, r.out);
    assert.equal(readFileSync(join(out, 'table1.md'), 'utf8').split('\n').filter((l) => /^\| (vanilla|learned|oracle)/.test(l)).length, 3);

    // The CSVs load back as the data that were trained on (so `noether discover` can be rerun on them).
    const ds = loadDataset(join(out, 'harmonic-train.csv'));
    assert.equal(ds.trajectories.length, 7);
    assert.equal(ds.transitions, 28);
  });

  it('a stop request ends the current model, skips the rest and still writes what was done', async () => {
    const ctl = new AbortController();
    const res = await runTarget(
      planTarget('table1', { seed: 0, quick: true }),
      { preset: 'fast', backend: 'wasm' },
      { signal: ctl.signal, onEvent: (ev) => { if (ev.type === 'progress' && ev.model === 'learned' && ev.step >= 5) ctl.abort(); } },
    );
    assert.equal(res.complete, false);
    const models = res.experiments[0].models;
    assert.deepEqual(models.map((m) => [m.role, m.stopReason]), [['vanilla', 'completed'], ['learned', 'cancelled']]);
    assert.ok(models[1].steps < models[1].config.train.steps);
    const out = join(dir, 'stopped');
    const md = writeOutputs(out, res);
    assert.match(md, /Incomplete/);
    validateReproduce(JSON.parse(readFileSync(join(out, 'table1.json'), 'utf8')));
  });

  it('bad targets and options exit 2 with one line naming the problem', async () => {
    const cases: [string[], RegExp][] = [
      [['reproduce', 'table9'], /unknown reproduce target 'table9'/],
      [['reproduce'], /which target\?/],
      [['reproduce', 'table1', '--test', 'x.csv'], /--test does not apply/],
      [['reproduce', 'table1', '--preset', 'slow'], /--preset must be one of/],
      [['reproduce', 'table1', '--bogus'], /bogus/],
    ];
    for (const [argv, re] of cases) {
      const r = await capture(argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.err, re);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
    }
    const help = await capture(['reproduce', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /table1\|table2\|table3\|figure2\|figure3/);
  });
});

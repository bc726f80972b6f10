/**
 * The Markdown and JSON writers on hand-made results: the paper's columns,
 * one row per model, the readout lines, incomplete runs marked, and the JSON
 * shape check catching what it should.
 */
import { strict as assert } from 'assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cell, metricsTable, renderMarkdown, spectraTable } from '../../../src/core/reproduce/markdown';
import { writeOutputs } from '../../../src/core/reproduce/output';
import { reproduceViolations, validateReproduce } from '../../../src/core/reproduce/validate';
import { figure3Result, table3Result } from './fixtures';

/** Rows of the first Markdown table in `md`, split into cells (header and separator excluded). */
function tableRows(md: string): string[][] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| '));
  const rows: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i].slice(2, -2).split(' | '));
  return rows;
}

describe('reproduce writers', () => {
  it('cells: three significant digits, exponent form for small and large values, a dash when missing', () => {
    assert.equal(cell(0.123456), '0.123');
    assert.equal(cell(2.5e-4), '2.50e-4');
    assert.equal(cell(123456), '1.23e+5');
    assert.equal(cell(NaN), '—');
    assert.equal(cell(null), '—');
  });

  it('table3: one row per model with train, test, wider and shifted MSE, NLL, KL, −ELBO and wall time', () => {
    const r = table3Result();
    const md = metricsTable(r.experiments[0]);
    const [head] = md.split('\n');
    assert.equal(head, '| model | steps | train MSE | test MSE | test wider MSE | test shifted MSE | NLL | KL | −ELBO | wall (s) |');
    const rows = tableRows(md);
    assert.deepEqual(rows.map((r) => r[0]), ['vanilla', 'learned', 'oracle (SE2)']);
    // vanilla: train 4e-3, test 8e-3, wider 2e-2, shifted 1.2e-2, NLL 0.04, KL 0.5, -ELBO 0.54, 12.5 s
    assert.deepEqual(rows[0], ['vanilla', String(r.experiments[0].models[0].steps), '4.00e-3', '8.00e-3', '0.0200', '0.0120', '0.0400', '0.500', '0.540', '12.5']);
  });

  it('the steps column shows a learned model\'s refit and whether it was kept', () => {
    const r = table3Result();
    const m = r.experiments[0].models[1];
    const firstStage = { train: m.metrics.train };
    m.refit = { steps: 2000, symmetrySamples: 32, seconds: 1, stopReason: 'completed', quantities: ['L'], accepted: true, reason: 'kept', firstStage, history: [] };
    assert.equal(tableRows(metricsTable(r.experiments[0]))[1][1], `${m.steps} + refit 2000 (kept)`);
    m.refit = { ...m.refit, accepted: false };
    assert.equal(tableRows(metricsTable(r.experiments[0]))[1][1], `${m.steps} + refit 2000 (not kept)`);
  });

  it('the full report: data sizes and seeds, the learned readout with angles, warnings', () => {
    const md = renderMarkdown(table3Result());
    assert.match(md, /^# noether reproduce table3/);
    assert.match(md, /train 200 × 50 \(Δt 1, q ~ N\(0, 1²\), p ~ N\(0, 0.5²\), seed 300, nbody3-train.csv\)/);
    assert.match(md, /wider 100 × 20 \(Δt 1, q ~ N\(0, 3²\)/);
    assert.match(md, /shifted 100 × 20 \(Δt 1, q ~ N\(1, 1²\)/);
    assert.match(md, /rank 3 \(true 3\)/);
    assert.match(md, /parallelness with the true span \(first 3\): 0.999, 0.998, 0.997/);
    assert.match(md, /L: 4.00°/);
    assert.match(md, /`px1 \+ px2 \+ px3` — total momentum \(x\); drift 1.00e-3, conserved/);
    assert.match(md, /`x1\*py1 - y1\*px1`; drift 0.200, NOT conserved/);
    assert.match(md, /warning: something to say/);
    assert.doesNotMatch(md, /Incomplete/);
  });

  it('stopped runs are marked: the report says incomplete and the stopped model says after how many steps', () => {
    const r = table3Result();
    r.complete = false;
    r.experiments[0].models = r.experiments[0].models.slice(0, 2);
    r.experiments[0].models[1].stopReason = 'cancelled';
    r.experiments[0].models[1].steps = 17;
    const md = renderMarkdown(r);
    assert.match(md, /\*\*Incomplete:\*\*/);
    assert.equal(tableRows(md).length, 2);
    assert.match(md, /learned \(cancelled after 17 of \d+ steps\)/);
  });

  it('figure3: one spectrum row per n with the gap σ(n²)/σ(n²+1) and the smallest parallelness of the first n²', () => {
    const r = figure3Result();
    const rows = tableRows(spectraTable(r));
    assert.equal(rows.length, 5);
    assert.deepEqual(rows.map((x) => x[0]), ['1', '2', '3', '4', '5']);
    assert.deepEqual(rows[1].slice(1, 5), ['30', '4 (true 4)', cell(1 / (1e-3 / 5)), '0.990']);
    const md = renderMarkdown(r);
    assert.match(md, /learned, n = 5/);
  });

  it('the JSON shape check accepts a result and lists every violation with its path', () => {
    assert.deepEqual(reproduceViolations(JSON.parse(JSON.stringify(table3Result()))), []);
    const bad = JSON.parse(JSON.stringify(table3Result()));
    bad.kind = 'other';
    delete bad.experiments[0].models[1].metrics.tests;
    bad.experiments[0].models[2].config.model.kind = 'learned';
    bad.experiments[0].data.tests[1].seed = 'x';
    const v = reproduceViolations(bad);
    assert.ok(v.some((p) => p.startsWith('kind:')), v.join('\n'));
    assert.ok(v.some((p) => p.startsWith('experiments[0].models[1].metrics.tests:')), v.join('\n'));
    assert.ok(v.some((p) => p.startsWith('experiments[0].models[2].config.model.kind:')), v.join('\n'));
    assert.ok(v.some((p) => p.startsWith('experiments[0].data.tests[1].seed:')), v.join('\n'));
    assert.throws(() => validateReproduce(bad), /not a valid reproduce result/);
    // A diverged model's NaN metrics are written as null and accepted.
    const nan = table3Result();
    nan.experiments[0].models[0].metrics.train.mse = NaN;
    assert.deepEqual(reproduceViolations(JSON.parse(JSON.stringify(nan))), []);
  });

  it('writeOutputs writes the JSON (round trip), the Markdown and, for figures, the SVG, and lists them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'noether-repro-'));
    try {
      const r = figure3Result();
      const md = writeOutputs(dir, r);
      assert.deepEqual(r.files?.slice(0, 3), ['figure3.json', 'figure3.md', 'figure3.svg']);
      assert.deepEqual(JSON.parse(readFileSync(join(dir, 'figure3.json'), 'utf8')), JSON.parse(JSON.stringify(r)));
      assert.equal(readFileSync(join(dir, 'figure3.md'), 'utf8'), md);
      assert.match(md, /!\[singular values\]\(figure3.svg\)/);
      assert.match(readFileSync(join(dir, 'figure3.svg'), 'utf8'), /^<svg /);
      const t3 = table3Result();
      writeOutputs(dir, t3);
      assert.ok(!t3.files?.some((f) => f.endsWith('.svg')));
      assert.ok(t3.files?.includes('nbody3-wider.csv'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

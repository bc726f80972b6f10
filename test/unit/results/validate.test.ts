import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveConfig } from '../../../src/core/util/config';
import { InputError } from '../../../src/core/util/errors';
import { readout } from '../../../src/core/readout';
import type { ResultsV1 } from '../../../src/core/results/types';
import { readResults, ResultsSchemaError, validateResults, writeResults } from '../../../src/core/results/validate';
import { oracleQuantities } from '../../../src/core/symmetry/oracles';
import { harmonicTrajectories, learnedSpan } from '../readout/helpers';

function realistic(): ResultsV1 {
  const columns = { q: ['q1', 'q2'], p: ['p1', 'p2'] };
  const trajectories = harmonicTrajectories(2, 10, 20, 0.2, 1);
  const symmetry = readout({
    learned: learnedSpan(oracleQuantities('u2', 4), { seed: 2, extra: 3, noise: 1e-3 }),
    scale: 1.7,
    columns,
    trajectories,
    truth: oracleQuantities('u2', 4),
  });
  const config = resolveConfig('fast', 4, { model: { K: 7 } });
  const m = { negElbo: -1.5, nll: -2.25, kl: 0.75, mse: 1.2e-4 };
  return {
    schemaVersion: 1,
    tool: { name: 'noether-razor', version: '0.1.0' },
    createdAt: '2026-11-27T00:00:00.000Z',
    command: 'discover',
    input: {
      file: 'examples/oscillators2.csv',
      sha256: 'a'.repeat(64),
      columns: { ...columns, time: 't', trajectory: 'trajectory' },
      trajectories: 10,
      transitions: 190,
      test: { file: 'examples/oscillators2-test.csv', sha256: 'b'.repeat(64), trajectories: 5, transitions: 95 },
    },
    config: { ...config, seed: config.train.seed, dataScale: 1.7, evaluation: 'posterior-mean weights, fixed symmetry samples' },
    backend: 'wasm',
    training: {
      steps: 3,
      seconds: 1.25,
      stopReason: 'completed',
      history: [1, 2, 3].map((step) => ({ step, ...m })),
      refit: {
        steps: 2, symmetrySamples: 16, seconds: 0.5, stopReason: 'completed', quantities: ['q1^2 + p1^2'], accepted: true,
        reason: '−ELBO/N lower after the refit: kept', firstStage: { train: m }, history: [{ step: 2, ...m }],
      },
    },
    metrics: { train: m, test: { ...m, mse: 2e-4 } },
    warnings: [...(symmetry.warnings ?? [])],
    symmetry,
    baselines: [{ model: 'vanilla', metrics: { train: m }, seconds: 0.5, stopReason: 'completed' }],
  };
}

function violations(mutate: (r: Record<string, any>) => void): string[] {
  const r = JSON.parse(JSON.stringify(realistic()));
  mutate(r);
  try {
    validateResults(r);
  } catch (e) {
    assert.ok(e instanceof ResultsSchemaError, String(e));
    return e.violations;
  }
  return [];
}

describe('results/validate (schema version 1)', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'noether-results-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a realistic results object round-trips through writeResults / readResults unchanged', () => {
    const r = realistic();
    assert.equal(r.symmetry!.rank, 4);
    const file = path.join(dir, 'r.json');
    writeResults(file, r);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.startsWith('{\n  "schemaVersion": 1,') && text.endsWith('}\n'), 'pretty JSON');
    assert.deepEqual(readResults(file), JSON.parse(JSON.stringify(r)));
  });

  it('results without the optional parts (no symmetry, test, baselines) are valid', () => {
    const r = realistic();
    delete r.symmetry;
    delete r.baselines;
    delete r.input.test;
    delete r.metrics.test;
    const plain = JSON.parse(JSON.stringify(r));
    assert.equal(validateResults(plain), plain);
  });

  const cases: [string, (r: Record<string, any>) => void, RegExp][] = [
    ['wrong schema version', (r) => (r.schemaVersion = 3), /^schemaVersion: expected 2 \(or 1 for older files\), got 3$/],
    ['wrong tool name', (r) => (r.tool.name = 'other'), /^tool\.name: expected "noether-razor"/],
    ['bad date', (r) => (r.createdAt = 'yesterday'), /^createdAt: expected an ISO 8601/],
    ['missing command', (r) => delete r.command, /^command: expected a string, got nothing \(missing\)$/],
    ['bad sha256', (r) => (r.input.sha256 = 'xyz'), /^input\.sha256: expected 64 lowercase hex/],
    ['unpaired columns', (r) => r.input.columns.p.pop(), /^input\.columns: 2 q columns but 1 p columns/],
    ['time column of the wrong type', (r) => (r.input.columns.time = 3), /^input\.columns\.time: expected a string, got 3$/],
    ['negative transitions', (r) => (r.input.transitions = -1), /^input\.transitions: must be ≥ 0/],
    ['non-integer trajectories', (r) => (r.input.test.trajectories = 2.5), /^input\.test\.trajectories: expected an integer/],
    ['unknown preset', (r) => (r.config.preset = 'turbo'), /^config\.preset: expected one of "fast", "paper", got/],
    ['missing seed', (r) => delete r.config.seed, /^config\.seed: expected a finite number/],
    ['non-positive data scale', (r) => (r.config.dataScale = 0), /^config\.dataScale: must be ≥/],
    ['bad stop reason', (r) => (r.training.stopReason = 'crashed'), /^training\.stopReason: expected one of "completed", "cancelled", "diverged"/],
    ['NaN metric (serialised as null)', (r) => (r.training.history[1].mse = null), /^training\.history\[1\]\.mse: expected a finite number, got null$/],
    ['refit without its verdict', (r) => delete r.training.refit.accepted, /^training\.refit\.accepted: expected true or false/],
    ['refit metrics not finite', (r) => (r.training.refit.firstStage.train.nll = null), /^training\.refit\.firstStage\.train\.nll: expected a finite number/],
    ['missing train metrics', (r) => delete r.metrics.train, /^metrics\.train: expected an object/],
    ['warnings not strings', (r) => (r.warnings = [1]), /^warnings\[0\]: expected a string/],
    ['rank ≠ number of quantities', (r) => r.symmetry.conservedQuantities.pop(), /^symmetry\.conservedQuantities: has 3 learned entries but rank is 4/],
    ['singular values not descending', (r) => r.symmetry.singularValues.reverse(), /^symmetry\.singularValues: must be in descending order$/],
    ['rank larger than the spectrum', (r) => (r.symmetry.rank = 99), /^symmetry\.rank: rank 99 exceeds/],
    ['A not symmetric', (r) => (r.symmetry.conservedQuantities[1].A[0][3] = 5), /^symmetry\.conservedQuantities\[1\]\.A: must be symmetric: A\[0\]\[3\] = 5/],
    ['A of the wrong size', (r) => r.symmetry.conservedQuantities[0].A.pop(), /^symmetry\.conservedQuantities\[0\]\.A: expected 4x4, got 3 rows$/],
    ['b of the wrong length', (r) => r.symmetry.conservedQuantities[2].b.push(0), /^symmetry\.conservedQuantities\[2\]\.b: expected 4 numbers, got 5$/],
    ['generator inconsistent with A, b', (r) => (r.symmetry.conservedQuantities[0].generator[0][0] += 1), /^symmetry\.conservedQuantities\[0\]\.generator: is not \[\[J A, J b\], \[0, 0\]\]/],
    ['name of the wrong type', (r) => (r.symmetry.conservedQuantities[0].name = 7), /^symmetry\.conservedQuantities\[0\]\.name: expected a string/],
    ['conserved not boolean', (r) => (r.symmetry.conservedQuantities[0].conserved = 'yes'), /\.conserved: expected true or false/],
    ['negative drift', (r) => (r.symmetry.conservedQuantities[0].drift = -1), /\.drift: must be ≥ 0/],
    ['learned W of the wrong size', (r) => (r.symmetry.learned[0].W = [[1]]), /^symmetry\.learned\[0\]\.W: expected 4x4, got 1 rows$/],
    ['parallelness out of range', (r) => (r.symmetry.parallelness[0] = 1.5), /^symmetry\.parallelness\[0\]: must be ≤ 1/],
    ['parallelness of the wrong length', (r) => r.symmetry.parallelness.pop(), /^symmetry\.parallelness: expected 7 numbers, got 6$/],
    ['bad baseline', (r) => (r.baselines[0].stopReason = 'meh'), /^baselines\[0\]\.stopReason: expected one of/],
  ];
  for (const [what, mutate, pattern] of cases) {
    it(`catches: ${what}`, () => {
      const v = violations(mutate);
      assert.ok(v.some((s) => pattern.test(s)), `expected ${pattern} in ${JSON.stringify(v)}`);
    });
  }

  it('lists every violation at once, each with its JSON path', () => {
    const v = violations((r) => {
      r.schemaVersion = 0;
      r.backend = '';
      r.symmetry.conservedQuantities[0].formula = '';
    });
    assert.equal(v.length, 3, JSON.stringify(v));
    assert.match(v.join('\n'), /schemaVersion[\s\S]*backend: must not be empty[\s\S]*conservedQuantities\[0\]\.formula: must not be empty/);
  });

  it('rejects a non-object and NaN written by mistake', () => {
    assert.throws(() => validateResults([]), /\(root\): expected an object, got an array/);
    const r = realistic();
    r.training.seconds = NaN;
    assert.throws(() => writeResults(path.join(dir, 'nan.json'), r), /training\.seconds: expected a finite number, got NaN/);
    assert.equal(fs.existsSync(path.join(dir, 'nan.json')), false, 'nothing is written when validation fails');
  });

  it('readResults: InputError naming the file for a bad file, bad JSON (with line and column) or a missing file', () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ schemaVersion: 1 }));
    assert.throws(() => readResults(bad), (e: unknown) => e instanceof InputError && e.location.file === bad && /tool: expected an object/.test(e.format()));
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{\n  "schemaVersion": 1,\n  oops\n}');
    assert.throws(() => readResults(broken), (e: unknown) => e instanceof InputError && e.location.file === broken && e.location.line === 3 && /not valid JSON/.test(e.message));
    assert.throws(() => readResults(path.join(dir, 'missing.json')), (e: unknown) => e instanceof InputError && /cannot read results file/.test(e.message));
    // With a file name, validateResults throws an InputError too (the extension uses this).
    assert.throws(() => validateResults({}, 'x.json'), (e: unknown) => e instanceof InputError && e.format().startsWith('x.json: not a valid noether-razor results file'));
  });
});

import { strict as assert } from 'assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TrajectoryColumnError, detectDelimiter, loadDataset, parseDataset } from '../../../src/core/data/load';
import { toTransitions } from '../../../src/core/data/types';
import { expectInputError } from './helpers';

const FIXTURES = path.join(__dirname, '../../fixtures/data');
// A copy of ../shared/data/real-pendulum (Schmidt & Lipson 2009), bundled so tests run anywhere.
const PENDULUM = path.join(__dirname, '../../../examples/real-pendulum.csv');
const F = 'x.csv';

let tmp: string;
before(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'noether-load-')); });
after(() => { fs.rmSync(tmp, { recursive: true, force: true }); });
function write(name: string, text: string | Buffer): string {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, text);
  return f;
}
const rows = (states: Float64Array[]) => states.map((s) => Array.from(s));

describe('loadDataset: accepted formats', () => {
  it('plain CSV without trajectory column is one trajectory; sha256 is of the file bytes', () => {
    const text = 't,q,p\n0,1,0\n0.5,0.8775825619,-0.4794255386\n1.25,0.3153223624,-0.9489846194\n';
    const f = write('plain.csv', text);
    const ds = loadDataset(f);
    assert.equal(ds.file, f);
    assert.equal(ds.sha256, createHash('sha256').update(Buffer.from(text)).digest('hex'));
    assert.equal(ds.delimiter, ',');
    assert.deepEqual(ds.columns, { q: ['q'], p: ['p'], time: 't' });
    assert.equal(ds.dim, 2);
    assert.equal(ds.trajectories.length, 1);
    const [tr] = ds.trajectories;
    assert.deepEqual(Array.from(tr.t), [0, 0.5, 1.25]);
    assert.deepEqual(rows(tr.states), [[1, 0], [0.8775825619, -0.4794255386], [0.3153223624, -0.9489846194]]);
    assert.deepEqual(tr.lines, [2, 3, 4]);
    assert.equal(ds.transitions, 2);
    // Each transition keeps its own Δt.
    assert.deepEqual(Array.from(toTransitions(ds).dt), [0.5, 0.75]);
  });

  it('TSV with trajectories, q1..qn/p1..pn', () => {
    const ds = loadDataset(path.join(FIXTURES, 'two-oscillators.tsv'));
    assert.equal(ds.delimiter, '\t');
    assert.deepEqual(ds.columns, { q: ['q1', 'q2'], p: ['p1', 'p2'], time: 't', trajectory: 'trajectory' });
    assert.equal(ds.dim, 4);
    assert.deepEqual(ds.trajectories.map((t) => t.id), ['0', '1']);
    assert.deepEqual(rows(ds.trajectories[0].states), [[1, 0, 0, 1], [0.98, 0.199, -0.199, 0.98]]);
    assert.deepEqual(rows(ds.trajectories[1].states), [[0.5, 0.5, 0.1, -0.1], [0.51, 0.48, 0, -0.2]]);
    assert.equal(ds.transitions, 2);
  });

  it('`;`-separated with a UTF-8 BOM, CRLF line ends, quoted ids, exponents and blank trailing lines', () => {
    const f = path.join(FIXTURES, 'bom-semicolon-crlf.csv');
    const ds = loadDataset(f);
    assert.equal(ds.sha256, createHash('sha256').update(fs.readFileSync(f)).digest('hex'));
    assert.equal(ds.delimiter, ';');
    assert.deepEqual(ds.columns, { q: ['x', 'y'], p: ['px', 'py'], time: 'time', trajectory: 'run' });
    assert.deepEqual(ds.trajectories.map((t) => t.id), ['a', 'b']);
    assert.deepEqual(rows(ds.trajectories[1].states), [[-1, -2, 0.3, -0.4], [-1.1, -2.2, 0.3, -0.4]]);
    assert.deepEqual(ds.trajectories[1].lines, [4, 5]);
    assert.deepEqual(Array.from(toTransitions(ds).dt), [0.1, 0.25]);
  });

  it('interleaved trajectory rows are grouped by id in first-appearance order, samples in file order', () => {
    const ds = loadDataset(path.join(FIXTURES, 'interleaved-episodes.csv'));
    assert.deepEqual(ds.columns, { q: ['theta'], p: ['p_theta'], time: 't', trajectory: 'episode' });
    assert.deepEqual(ds.ignoredColumns, ['energy']);
    assert.deepEqual(ds.trajectories.map((t) => [t.id, Array.from(t.t), t.lines]), [
      ['A', [0, 0.1, 0.3], [2, 4, 6]],
      ['B', [0, 0.1], [3, 5]],
    ]);
    assert.deepEqual(rows(ds.trajectories[0].states), [[0.1, 0], [0.0995, -0.00998], [0.0955, -0.0297]]);
    assert.equal(ds.transitions, 3);
    const tr = toTransitions(ds);
    assert.deepEqual(Array.from(tr.dt), [0.1, 0.3 - 0.1, 0.1]);
    assert.deepEqual(Array.from(tr.x1.subarray(0, 2)), [0.0995, -0.00998]);
  });

  it('the real pendulum loads with --q theta --p omega, keeping its irregular time steps', () => {
    const ds = loadDataset(PENDULUM, { q: ['theta'], p: ['omega'] });
    // Independent reading of the same file.
    const lines = fs.readFileSync(PENDULUM, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    assert.deepEqual(ds.columns, { q: ['theta'], p: ['omega'], time: 't' });
    assert.equal(ds.trajectories.length, 1);
    assert.equal(ds.trajectories[0].states.length, lines.length);
    assert.equal(ds.transitions, lines.length - 1);
    assert.deepEqual(rows(ds.trajectories[0].states), lines.map((r) => [r[1], r[2]]));
    const dt = Array.from(toTransitions(ds).dt);
    assert.deepEqual(dt, lines.slice(1).map((r, i) => r[0] - lines[i][0]));
    // The gaps are really there (not all steps are 1/6 s).
    assert.ok(dt.filter((d) => d > 0.25).length >= 5);
  });

  it('without a time column, --dt gives t = k·dt', () => {
    const ds = parseDataset('run,q,p\nA,1,2\nA,3,4\nA,5,6\nB,7,8\nB,9,10\n', F, { dt: 0.2 });
    assert.equal(ds.columns.time, undefined);
    assert.deepEqual(Array.from(ds.trajectories[0].t), [0, 0.2, 0.4]);
    assert.deepEqual(Array.from(toTransitions(ds).dt), [0.2, 0.2, 0.2]);
  });

  it('refuses coordinates beyond 1e±100 with the file, line and column and a way out; times and opted-out callers are not limited', () => {
    const text = 'trajectory,t,q,p\n0,0,1,2\n0,1,3e150,4\n';
    expectInputError(() => parseDataset(text, F), { file: F, line: 3, column: 3, says: ['3e150', "column 'q'", 'outside the magnitudes', 'unit'] });
    expectInputError(() => parseDataset('trajectory,t,q,p\n0,0,1,2\n0,1,1,4e-120\n', F), { file: F, line: 3, column: 4, says: ['4e-120'] });
    assert.equal(parseDataset('trajectory,t,q,p\n0,0,1,2\n0,1e120,1,2\n', F).trajectories[0].t[1], 1e120);
    assert.equal(parseDataset(text, F, { anyMagnitude: true }).trajectories[0].states[1][0], 3e150);
    // Zero is fine: only non-zero values below 1e-100 are refused.
    assert.equal(parseDataset('trajectory,t,q,p\n0,0,0,2\n0,1,1,2\n', F).trajectories[0].states[0][0], 0);
  });

  it('quoted fields may hold the delimiter, quotes and newlines; line numbers stay right', () => {
    const text = 'trajectory,t,q,p\n"a,1",0,1,2\n"a,1",1,"3",4\n"say ""b""\nsecond line",0,1,1\n"say ""b""\nsecond line",1,2,2\n';
    const ds = parseDataset(text, F);
    assert.deepEqual(ds.trajectories.map((t) => t.id), ['a,1', 'say "b"\nsecond line']);
    assert.deepEqual(ds.trajectories[1].lines, [4, 6]);
    expectInputError(() => parseDataset(text + 'x,2,oops,1\n', F), { file: F, line: 8, column: 3, says: [`'oops' in column 'q'`] });
  });

  it('spaces around fields and names are trimmed', () => {
    const ds = parseDataset(' run , t , x , px \n A , 0 , 1.5 , -2 \n A , 1 , 3 , 4 \n', F);
    assert.deepEqual(ds.columns, { q: ['x'], p: ['px'], time: 't', trajectory: 'run' });
    assert.equal(ds.trajectories[0].id, 'A');
    assert.deepEqual(rows(ds.trajectories[0].states), [[1.5, -2], [3, 4]]);
  });

  it('leading blank lines are skipped and counted', () => {
    const ds = parseDataset('\n\nt,q,p\n0,1,2\n1,3,4\n\n\n', F);
    assert.deepEqual(ds.trajectories[0].lines, [4, 5]);
  });

  it('an in-memory text gets the sha256 of its UTF-8 bytes unless one is given', () => {
    const text = 't,q,p\n0,1,2\n1,3,4\n';
    assert.equal(parseDataset(text, F).sha256, createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'));
    assert.equal(parseDataset(text, F, {}, 'abc').sha256, 'abc');
  });
});

describe('detectDelimiter', () => {
  it('picks the most frequent of , tab ; in the header line, ignoring quoted ones', () => {
    assert.equal(detectDelimiter('t,q,p\n'), ',');
    assert.equal(detectDelimiter('t\tq\tp\n1,5\t2\t3'), '\t');
    assert.equal(detectDelimiter('\n\nt;q;p\n'), ';');
    assert.equal(detectDelimiter('"a;b;c",q,p\n'), ',');
    assert.equal(detectDelimiter('single\n'), ',');
  });
});

describe('loadDataset: bad input', () => {
  it('empty file', () => {
    const f = write('empty.csv', '');
    expectInputError(() => loadDataset(f), { file: f, line: 1, says: ['the file is empty', 'header line'] });
    expectInputError(() => parseDataset('\n  \n\r\n', F), { file: F, line: 1, says: ['the file is empty'] });
  });

  it('no header (first row all numeric)', () => {
    expectInputError(() => parseDataset('\n0,1,2\n1,2,3\n', F), {
      file: F, line: 2, column: 1, says: ['the first line holds numbers, not column names', 'Add a header line'],
    });
  });

  it('non-numeric value names the column', () => {
    expectInputError(() => parseDataset('t,x,px\n0,1,2\n1,abc,3\n', F), {
      file: F, line: 3, column: 2, says: [`'abc' in column 'x' is not a number`],
    });
  });

  it('a decimal comma in a `;` file is reported as not a number', () => {
    expectInputError(() => parseDataset('t;q;p\n0;1,5;2\n', F), {
      file: F, line: 2, column: 2, says: [`'1,5' in column 'q' is not a number`, 'decimal point'],
    });
  });

  it('NaN value', () => {
    expectInputError(() => parseDataset('t,q,p\n0,1,2\n1,3,NaN\n', F), {
      file: F, line: 3, column: 3, says: [`NaN in column 'p' is not a finite number`],
    });
  });

  it('Inf value', () => {
    expectInputError(() => parseDataset('t,q,p\n0,-inf,2\n1,3,4\n', F), {
      file: F, line: 2, column: 2, says: [`-inf in column 'q' is not a finite number`],
    });
    expectInputError(() => parseDataset('t,q,p\n0,1,2\nInfinity,3,4\n', F), {
      file: F, line: 3, column: 1, says: [`Infinity in column 't' is not a finite number`],
    });
  });

  it('a value beyond double precision range', () => {
    expectInputError(() => parseDataset('t,q,p\n0,1,2\n1,1e999,4\n', F), {
      file: F, line: 3, column: 2, says: [`1e999 in column 'q' is out of range`],
    });
  });

  it('empty value', () => {
    expectInputError(() => parseDataset('t,q,p\n0,1,2\n1,,4\n', F), {
      file: F, line: 3, column: 2, says: [`empty value in column 'q'`],
    });
  });

  it('ragged row with too few fields', () => {
    expectInputError(() => parseDataset('t,q,p\n0,1,2\n1,3\n', F), {
      file: F, line: 3, column: 3, says: ['this row has 2 field(s) but the header has 3'],
    });
  });

  it('ragged row with too many fields', () => {
    expectInputError(() => parseDataset('t,q,p\n0,1,2,\n1,3,4\n', F), {
      file: F, line: 2, column: 4, says: ['this row has 4 field(s) but the header has 3'],
    });
  });

  it('unterminated quote', () => {
    expectInputError(() => parseDataset('run,t,q,p\n"a,0,1,2\n', F), {
      file: F, line: 2, column: 1, says: ['malformed quoted field', 'Close the quote'],
    });
  });

  it('unpaired q column', () => {
    expectInputError(() => parseDataset('t,q1,p1,q2\n0,1,2,3\n1,1,2,3\n', F), {
      file: F, line: 1, column: 4, says: [`position column 'q2' has no momentum partner`],
    });
  });

  it('unpaired p column', () => {
    expectInputError(() => parseDataset('t,x,px,p_y\n0,1,2,3\n1,1,2,3\n', F), {
      file: F, line: 1, column: 4, says: [`momentum column 'p_y' has no position partner`],
    });
  });

  it('no (q, p) pairs: lists the header and suggests --q/--p', () => {
    expectInputError(() => parseDataset('t,a,b\n0,1,2\n1,1,2\n', F), {
      file: F, line: 1, says: ['no (q, p) column pairs found', 'The header is: t, a, b', '--q NAMES --p NAMES'],
    });
    // The pendulum's t, theta, omega is an obvious lone pair.
    assert.deepEqual(loadDataset(PENDULUM).columns, { q: ['theta'], p: ['omega'], time: 't' });
  });

  it('--q/--p/--time/--trajectory naming a missing column', () => {
    const text = 't,x,px\n0,1,2\n1,1,2\n';
    expectInputError(() => parseDataset(text, F, { q: ['y'], p: ['px'] }), { file: F, line: 1, says: ['--q y: no such column', 'The header is: t, x, px'] });
    expectInputError(() => parseDataset(text, F, { q: ['x'], p: ['py'] }), { file: F, line: 1, says: ['--p py: no such column'] });
    expectInputError(() => parseDataset(text, F, { time: 'sec' }), { file: F, line: 1, says: ['--time sec: no such column', 'The header is: t, x, px'] });
    expectInputError(() => parseDataset(text, F, { trajectory: 'run' }), { file: F, line: 1, says: ['--trajectory run: no such column'] });
  });

  it('--q and --p of different lengths', () => {
    expectInputError(() => parseDataset('t,x,y,px,py\n0,1,2,3,4\n1,1,2,3,4\n', F, { q: ['x', 'y'], p: ['px'] }), {
      file: F, line: 1, says: ['--q names 2 column(s) but --p names 1'],
    });
  });

  it('a trajectory with fewer than 2 samples names its id and line', () => {
    expectInputError(() => parseDataset('run,t,q,p\nA,0,1,2\nA,1,1,2\nlonely,0,1,2\nB,0,1,2\nB,1,1,2\n', F), {
      file: F, line: 4, column: 1, says: [`trajectory 'lonely' has only 1 sample`],
    });
  });

  it('a file without trajectory column with a single sample', () => {
    expectInputError(() => parseDataset('t,q,p\n0,1,2\n', F), {
      file: F, line: 2, says: ['the file has only 1 sample'],
    });
  });

  it('a header and no data rows', () => {
    expectInputError(() => parseDataset('t,q,p\n\n', F), { file: F, line: 1, says: ['the file has a header but no data rows'] });
  });

  it('an empty trajectory id', () => {
    expectInputError(() => parseDataset('run,t,q,p\nA,0,1,2\n,1,1,2\n', F), {
      file: F, line: 3, column: 1, says: [`empty trajectory id in column 'run'`],
    });
  });

  it('non-increasing time inside a trajectory points at the offending sample', () => {
    expectInputError(() => parseDataset('run,t,q,p\nA,0,1,2\nB,5,1,2\nA,0.5,1,2\nB,4,1,2\n', F), {
      file: F, line: 5, column: 2, says: [`time does not increase in trajectory 'B': 4 follows 5 (line 3)`, 'Sort the samples'],
    });
    expectInputError(() => parseDataset('t,q,p\n0,1,2\n1,1,2\n1,1,2\n', F), {
      file: F, line: 4, column: 1, says: ['time does not increase: 1 follows 1 (line 3)'],
    });
  });

  it('time restarting with an undetected trajectory column names the column and --trajectory', () => {
    const text = 't,orbit,q,p,mass\n0,a,1,2,1\n1,a,1,2,1\n2,a,1,2,1\n0,b,1,2,1\n1,b,1,2,1\n0,c,1,2,1\n1,c,1,2,1\n';
    expectInputError(() => parseDataset(text, F), {
      file: F, line: 5, column: 2, says: ['time does not increase: 0 follows 2 (line 4)', `column 'orbit' is constant between the restarts`, '--trajectory orbit'],
    });
    assert.throws(() => parseDataset(text, F), (e: unknown) => e instanceof TrajectoryColumnError && e.trajectoryColumn === 'orbit');
    // With it as the trajectory column the file loads.
    assert.equal(parseDataset(text, F, { trajectory: 'orbit' }).trajectories.length, 3);
    // A column that changes inside a segment, or stays the same across a restart, is not offered.
    expectInputError(() => parseDataset('t,orbit,q,p\n0,a,1,2\n1,b,1,2\n0,b,1,2\n1,b,1,2\n', F), {
      file: F, line: 4, column: 1, says: ['time does not increase: 0 follows 1 (line 3)'],
    });
    assert.throws(() => parseDataset('t,orbit,q,p\n0,a,1,2\n1,b,1,2\n0,b,1,2\n1,b,1,2\n', F), (e: unknown) => !(e instanceof TrajectoryColumnError));
  });

  it('missing --dt when there is no time column', () => {
    expectInputError(() => parseDataset('q,p\n1,2\n3,4\n', F), {
      file: F, line: 1, says: ['there is no time column and no --dt', '--dt STEP'],
    });
  });

  it('--dt not a positive finite number', () => {
    for (const dt of [0, -0.1, NaN, Infinity]) {
      expectInputError(() => parseDataset('q,p\n1,2\n3,4\n', F, { dt }), {
        usage: true, says: [`--dt must be a positive finite number, got ${dt}`],
      });
    }
  });

  it('--dt together with a time column', () => {
    expectInputError(() => parseDataset('t,q,p\n0,1,2\n1,3,4\n', F, { dt: 0.1 }), {
      file: F, line: 1, column: 1, says: [`--dt was given but the file has a time column 't'`],
    });
  });

  it('a file larger than the limit is refused before reading, stating the limit', () => {
    const f = write('big.csv', 't,q,p\n' + '0,1,2\n'.repeat(400));
    expectInputError(() => loadDataset(f, { maxBytes: 1536 }), {
      file: f, says: ['the file is 2.3 KiB, larger than the 1.5 KiB limit'],
    });
    assert.equal(loadDataset(path.join(FIXTURES, 'two-oscillators.tsv'), { maxBytes: 1536 }).transitions, 2);
  });

  it('a nonexistent file', () => {
    const f = path.join(tmp, 'nope.csv');
    expectInputError(() => loadDataset(f), { file: f, says: ['no such file', 'Check the path'] });
  });

  it('a directory instead of a file', () => {
    expectInputError(() => loadDataset(tmp), { file: tmp, says: ['this is a directory, not a data file'] });
  });
});

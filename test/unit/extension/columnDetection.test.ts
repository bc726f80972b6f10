import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InputError } from '../../../src/core/util/errors';
import { TrajectoryColumnError, loadDataset } from '../../../src/core/data/load';
import { decideColumns, readHeader, trajectoryOffer } from '../../../src/extension/columnDetection';

describe('column choice before training', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'noether-cols-'));
  const write = (name: string, text: string) => { const f = path.join(dir, name); fs.writeFileSync(f, text); return f; };
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the header of comma, tab and semicolon files (BOM, blank first line)', () => {
    assert.deepEqual(readHeader(write('a.csv', '\ufefftrajectory,t,q,p\n0,0,1,0\n')), ['trajectory', 't', 'q', 'p']);
    assert.deepEqual(readHeader(write('b.tsv', '\nt\tx\tpx\n0\t1\t2\n')), ['t', 'x', 'px']);
    assert.deepEqual(readHeader(write('c.csv', 'time;theta;p_theta\n0;1;2\n')), ['time', 'theta', 'p_theta']);
  });

  it('an empty file is an InputError naming the file and line', () => {
    const f = write('empty.csv', '  \n');
    assert.throws(() => readHeader(f), (e: unknown) => e instanceof InputError && e.format() === `${f}:1: the file is empty. Write a header line such as "t,q,p" followed by one sample per line.`);
  });

  it('uses detected roles when complete', () => {
    const d = decideColumns('/f.csv', ['trajectory', 't', 'x', 'y', 'px', 'py']);
    assert.deepEqual(d, { kind: 'ready', source: 'detected', choices: { columns: { q: ['x', 'y'], p: ['px', 'py'], time: 't', trajectory: 'trajectory' } } });
  });

  it('asks, pre-filled, when roles are ambiguous, missing, or there is no time column', () => {
    const amb = decideColumns('/f.csv', ['t', 'time', 'q', 'p']);
    assert.equal(amb.kind, 'ask');
    if (amb.kind === 'ask') {
      assert.match(amb.reason, /more than one time column: t, time/);
      assert.doesNotMatch(amb.reason, /--/, 'the quick pick speaks VS Code, not CLI flags');
      assert.deepEqual([amb.suggestion.q, amb.suggestion.p], [['q'], ['p']]);
    }
    const none = decideColumns('/f.csv', ['t', 'a', 'b']);
    assert.equal(none.kind, 'ask');
    if (none.kind === 'ask') { assert.match(none.reason, /no \(q, p\) column pairs found/); assert.doesNotMatch(none.reason, /--q|--p/); }
    const noTime = decideColumns('/f.csv', ['q', 'p']);
    assert.equal(noTime.kind, 'ask');
    if (noTime.kind === 'ask') assert.equal(noTime.needDt, true);
  });

  it('reuses the remembered choice while the header still has its columns', () => {
    const remembered = { columns: { q: ['angle'], p: ['omega'], time: 't' }, preset: 'paper' as const };
    assert.deepEqual(decideColumns('/f.csv', ['t', 'angle', 'omega'], remembered),
      { kind: 'ready', source: 'remembered', choices: remembered });
    assert.equal(decideColumns('/f.csv', ['t', 'theta', 'omega', 'energy'], remembered).kind, 'ask');
    const dtOnly = { columns: { q: ['q'], p: ['p'] }, dt: 0.1 };
    assert.equal(decideColumns('/f.csv', ['q', 'p'], dtOnly).kind, 'ready');
  });

  it('a file whose trajectory column the loader finds (time restarts): the quick pick is offered that column, the rest detected', () => {
    const f = write('orbits.csv', 't,orbit,q,p\n0,a,1,0\n0.1,a,0.99,-0.1\n0.2,a,0.98,-0.2\n0,b,0.5,0\n0.1,b,0.49,-0.05\n');
    // Detection alone sees a complete, unambiguous file: nothing to ask before the worker loads it.
    const header = readHeader(f);
    assert.equal(decideColumns(f, header).kind, 'ready');
    // The worker's loader rejects it, naming the column (the worker forwards e.trajectoryColumn).
    let column: string | undefined;
    assert.throws(() => loadDataset(f), (e: unknown) => { column = (e as TrajectoryColumnError).trajectoryColumn; return e instanceof TrajectoryColumnError; });
    assert.equal(column, 'orbit');
    // What the quick pick is opened with.
    const offer = trajectoryOffer(f, header, column!);
    assert.deepEqual({ q: offer.suggestion.q, p: offer.suggestion.p, time: offer.suggestion.time, trajectory: offer.suggestion.trajectory },
      { q: ['q'], p: ['p'], time: 't', trajectory: 'orbit' });
    assert.deepEqual([offer.suggestion.unpaired, offer.suggestion.ambiguous], [[], []]);
    assert.equal(offer.reason, "Time restarts in this file, and column 'orbit' is constant between the restarts: it looks like the trajectory id.");
    assert.doesNotMatch(offer.reason, /--/, 'no CLI flags in the quick pick');
    // Accepting the offer loads the file.
    assert.equal(loadDataset(f, { trajectory: offer.suggestion.trajectory }).trajectories.length, 2);
  });
});

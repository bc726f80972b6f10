import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InputError } from '../../../src/core/util/errors';
import { decideColumns, readHeader } from '../../../src/extension/columnDetection';

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
});

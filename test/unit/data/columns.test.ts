import { strict as assert } from 'assert';
import { detectColumns, suggestColumns } from '../../../src/core/data/columns';
import { expectInputError } from './helpers';

const split = (h: string) => h.split(',');

describe('detectColumns: naming patterns', () => {
  const cases: [string, { q: string[]; p: string[]; time?: string; trajectory?: string }][] = [
    ['t,q,p', { q: ['q'], p: ['p'], time: 't' }],
    ['time,p,q', { q: ['q'], p: ['p'], time: 'time' }],
    ['trajectory,t,q1,q2,p1,p2', { q: ['q1', 'q2'], p: ['p1', 'p2'], time: 't', trajectory: 'trajectory' }],
    ['traj,t,q1,p1,q2,p2', { q: ['q1', 'q2'], p: ['p1', 'p2'], time: 't', trajectory: 'traj' }],
    ['run,t,q_1,q_2,p_1,p_2', { q: ['q_1', 'q_2'], p: ['p_1', 'p_2'], time: 't', trajectory: 'run' }],
    ['episode,t,x,y,px,py', { q: ['x', 'y'], p: ['px', 'py'], time: 't', trajectory: 'episode' }],
    ['trial,t,theta,p_theta', { q: ['theta'], p: ['p_theta'], time: 't', trajectory: 'trial' }],
    ['id,t,px,x', { q: ['x'], p: ['px'], time: 't', trajectory: 'id' }],
    // q's in header order, each paired with its own p wherever it is.
    ['t,q2,q1,p1,p2', { q: ['q2', 'q1'], p: ['p2', 'p1'], time: 't' }],
    ['t,x1,y1,x2,y2,px1,py1,px2,py2', { q: ['x1', 'y1', 'x2', 'y2'], p: ['px1', 'py1', 'px2', 'py2'], time: 't' }],
    // Case-insensitive, returned in the header's own spelling.
    ['Trajectory,Time,Q1,P1', { q: ['Q1'], p: ['P1'], time: 'Time', trajectory: 'Trajectory' }],
    ['RUN,T,Theta,P_Theta', { q: ['Theta'], p: ['P_Theta'], time: 'T', trajectory: 'RUN' }],
    // No time and no trajectory column.
    ['q,p', { q: ['q'], p: ['p'] }],
    // An obvious lone pair: the only columns besides time and id are a position and a momentum or velocity.
    ['t,x,p', { q: ['x'], p: ['p'], time: 't' }],
    ['run,t,q,v', { q: ['q'], p: ['v'], time: 't', trajectory: 'run' }],
    ['time,omega,theta', { q: ['theta'], p: ['omega'], time: 'time' }],
    // Extra and unnamed columns are ignored.
    [',t,x,px,energy,label', { q: ['x'], p: ['px'], time: 't' }],
  ];
  for (const [header, want] of cases) {
    it(header, () => {
      assert.deepEqual(detectColumns(split(header)), want);
    });
  }
});

describe('detectColumns: overrides', () => {
  it('--q/--p name the pairs and other columns are ignored', () => {
    assert.deepEqual(detectColumns(split('t,theta,omega,q,p'), { q: ['theta'], p: ['omega'] }),
      { q: ['theta'], p: ['omega'], time: 't' });
  });
  it('override names match case-insensitively and keep the header spelling', () => {
    assert.deepEqual(detectColumns(split('Stamp,Angle,Rate,Run'), { q: ['angle'], p: ['RATE'], time: 'stamp', trajectory: 'run' }),
      { q: ['Angle'], p: ['Rate'], time: 'Stamp', trajectory: 'Run' });
  });
  it('--time and --trajectory replace the detected ones', () => {
    assert.deepEqual(detectColumns(split('t,seconds,run,series,q,p'), { time: 'seconds', trajectory: 'series' }),
      { q: ['q'], p: ['p'], time: 'seconds', trajectory: 'series' });
  });
  it('a column named t can be a position when --q says so', () => {
    assert.deepEqual(detectColumns(split('time,t,pt'), { q: ['t'], p: ['pt'] }), { q: ['t'], p: ['pt'], time: 'time' });
  });
});

describe('detectColumns: errors', () => {
  const file = 'data.csv';
  it('unpaired q column', () => {
    expectInputError(() => detectColumns(split('t,q1,q2,p1'), { file }), {
      file, line: 1, column: 3, says: [`position column 'q2' has no momentum partner`, '--q and --p'],
    });
  });
  it('unpaired p column', () => {
    expectInputError(() => detectColumns(split('t,q1,p1,p_2'), { file, line: 3 }), {
      file, line: 3, column: 4, says: [`momentum column 'p_2' has no position partner`],
    });
  });
  it('no pairs found lists the header and suggests --q/--p', () => {
    expectInputError(() => detectColumns(split('t,a,b'), { file }), {
      file, line: 1, says: ['no (q, p) column pairs found', 'The header is: t, a, b', '--q NAMES --p NAMES'],
    });
  });
  it('--q naming a missing column lists the header', () => {
    expectInputError(() => detectColumns(split('t,theta,omega'), { file, q: ['angle'], p: ['omega'] }), {
      file, line: 1, says: ['--q angle: no such column', 'The header is: t, theta, omega'],
    });
  });
  it('--p naming a missing column', () => {
    expectInputError(() => detectColumns(split('t,theta,omega'), { file, q: ['theta'], p: ['w'] }), {
      file, line: 1, says: ['--p w: no such column', 'theta, omega'],
    });
  });
  it('--time naming a missing column', () => {
    expectInputError(() => detectColumns(split('t,q,p'), { file, time: 'seconds' }), {
      file, line: 1, says: ['--time seconds: no such column', 'The header is: t, q, p'],
    });
  });
  it('--trajectory naming a missing column', () => {
    expectInputError(() => detectColumns(split('t,q,p'), { file, trajectory: 'series' }), {
      file, line: 1, says: ['--trajectory series: no such column', 'The header is: t, q, p'],
    });
  });
  it('--q and --p of different lengths', () => {
    expectInputError(() => detectColumns(split('t,x,y,px,py'), { file, q: ['x', 'y'], p: ['px'] }), {
      file, line: 1, says: ['--q names 2 column(s) but --p names 1', 'same order'],
    });
  });
  it('--q without --p', () => {
    expectInputError(() => detectColumns(split('t,x,px'), { file, q: ['x'] }), {
      file, line: 1, says: ['--q was given without --p'],
    });
  });
  it('two time columns are ambiguous', () => {
    expectInputError(() => detectColumns(split('t,time,q,p'), { file }), {
      file, line: 1, column: 2, says: ['more than one time column: t, time', '--time NAME'],
    });
  });
  it('two trajectory columns are ambiguous', () => {
    expectInputError(() => detectColumns(split('id,run,t,q,p'), { file }), {
      file, line: 1, column: 2, says: ['more than one trajectory column: id, run', '--trajectory NAME'],
    });
  });
  it('duplicate column names', () => {
    expectInputError(() => detectColumns(split('t,q,p,Q'), { file }), {
      file, line: 1, column: 4, says: [`column name 'Q' appears twice (columns 2 and 4)`],
    });
  });
  it('one column in two roles', () => {
    expectInputError(() => detectColumns(split('t,theta,omega'), { file, q: ['theta'], p: ['omega'], time: 'theta' }), {
      file, line: 1, column: 2, says: [`column 'theta' is given more than one role`],
    });
  });
});

describe('suggestColumns', () => {
  it('returns what it can find without throwing', () => {
    const s = suggestColumns(split('t,time,x,px,q3,energy'));
    assert.deepEqual(s.q, ['x']);
    assert.deepEqual(s.p, ['px']);
    assert.equal(s.time, 't');
    assert.deepEqual(s.unpaired, ['q3']);
    assert.deepEqual(s.ambiguous, [{ role: 'time', columns: ['t', 'time'] }]);
  });
});

describe('detectColumns: an obvious lone pair only', () => {
  it('is not guessed with a third column, or from names that are not a position and a momentum', () => {
    assert.throws(() => detectColumns(split('t,x,p,energy')), /momentum column 'p' has no position partner/);
    assert.throws(() => detectColumns(split('t,a,b')), /no \(q, p\) column pairs found/);
    assert.throws(() => detectColumns(split('t,x,y')), /no \(q, p\) column pairs found/);
  });
});

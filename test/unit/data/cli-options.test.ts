import { strict as assert } from 'assert';
import { parseArgs } from 'node:util';
import { loadOptionSpec, loadOptionsFromArgs, parseNumber, parsePositiveInt, parsePositiveNumber } from '../../../src/cli/options';
import { parseDataset } from '../../../src/core/data/load';
import { expectInputError } from './helpers';

describe('cli/options', () => {
  it('parseArgs with loadOptionSpec gives LoadOptions the loader honours', () => {
    const { values } = parseArgs({
      args: ['--q', 'theta, phi', '--p', 'omega,p_phi', '--time', 'sec', '--trajectory', 'series', '--steps', '5'],
      options: { ...loadOptionSpec, steps: { type: 'string' } },
    });
    const opts = loadOptionsFromArgs(values);
    assert.deepEqual(opts, { q: ['theta', 'phi'], p: ['omega', 'p_phi'], time: 'sec', trajectory: 'series' });
    const ds = parseDataset('series,sec,theta,phi,omega,p_phi\ns,0,1,2,3,4\ns,1,5,6,7,8\n', 'x.csv', opts);
    assert.deepEqual(Array.from(ds.trajectories[0].states[1]), [5, 6, 7, 8]);
  });

  it('absent options stay absent; --dt is parsed as a number', () => {
    assert.deepEqual(loadOptionsFromArgs({}), {});
    assert.deepEqual(loadOptionsFromArgs({ dt: '0.25' }), { dt: 0.25 });
  });

  it('rejects empty column names and a bad --dt with a UsageError', () => {
    expectInputError(() => loadOptionsFromArgs({ q: 'x,,y' }), { usage: true, says: [`--q 'x,,y' has an empty column name`] });
    expectInputError(() => loadOptionsFromArgs({ time: ' ' }), { usage: true, says: ['--time needs a column name'] });
    for (const dt of ['0', '-1', 'abc', '', '1e999', 'Infinity']) {
      expectInputError(() => loadOptionsFromArgs({ dt }), { usage: true, says: [/--dt must be a (positive )?number/] });
    }
  });

  it('number parsers accept plain numbers and use the fallback only when absent', () => {
    assert.equal(parseNumber('--shift', '-1.5e-2'), -0.015);
    assert.equal(parseNumber('shift', undefined, 3), 3);
    assert.equal(parsePositiveNumber('--dt', '.5'), 0.5);
    assert.equal(parsePositiveNumber('--dt', undefined, 0.1), 0.1);
    assert.equal(parsePositiveInt('--steps', '200'), 200);
    assert.equal(parsePositiveInt('--steps', undefined, 10), 10);
    assert.equal(parsePositiveInt('--steps', undefined), undefined);
  });

  it('number parsers reject junk, naming the option', () => {
    expectInputError(() => parseNumber('shift', '0x10'), { usage: true, says: [`--shift must be a number, got '0x10'`] });
    expectInputError(() => parsePositiveNumber('--scale', '0'), { usage: true, says: [`--scale must be a positive number, got '0'`] });
    for (const v of ['0', '-3', '2.5', '1e3', 'ten', '', '9007199254740993']) {
      expectInputError(() => parsePositiveInt('--steps', v), { usage: true, says: [`--steps must be a whole number of at least 1, got '${v}'`] });
    }
  });
});

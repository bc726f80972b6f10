import { strict as assert } from 'assert';
import { InputError, UsageError } from '../../../src/core/util/errors';

export interface Expected {
  file?: string;
  line?: number;
  column?: number;
  /** Substrings of the one-line message (InputError.format()). */
  says: (string | RegExp)[];
  usage?: boolean;
}

/** Run `fn`, which must throw an InputError at the expected place saying the expected things. */
export function expectInputError(fn: () => unknown, want: Expected): InputError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof InputError, `expected an InputError, got ${caught === undefined ? 'no error' : String((caught as Error)?.stack ?? caught)}`);
  const err = caught as InputError;
  if (want.usage) assert.ok(err instanceof UsageError, `expected a UsageError: ${err.format()}`);
  assert.equal(err.location.file, want.file, `file in: ${err.format()}`);
  assert.equal(err.location.line, want.line, `line in: ${err.format()}`);
  assert.equal(err.location.column, want.column, `column in: ${err.format()}`);
  const line = err.format();
  assert.ok(!line.includes('\n'), `one line: ${line}`);
  for (const s of want.says) {
    if (typeof s === 'string') assert.ok(line.includes(s), `expected "${s}" in: ${line}`);
    else assert.match(line, s);
  }
  return err;
}

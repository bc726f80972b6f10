/**
 * A small path-tracking checker for JSON read from disk: each check records
 * "<path>: <what was expected>, got <what was there>" and returns whether it
 * passed, so a validator can list every violation at once. Used by the
 * results validator (results/validate.ts) and the reproduce validator
 * (reproduce/validate.ts).
 */
export type Obj = Record<string, unknown>;

export class PathChecker {
  problems: string[] = [];

  fail(path: string, msg: string): void {
    this.problems.push(`${path || '(root)'}: ${msg}`);
  }

  obj(x: unknown, path: string): x is Obj {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) {
      this.fail(path, `expected an object, got ${describe(x)}`);
      return false;
    }
    return true;
  }

  str(x: unknown, path: string, nonEmpty = false): boolean {
    if (typeof x !== 'string') return this.fail(path, `expected a string, got ${describe(x)}`), false;
    if (nonEmpty && x.length === 0) return this.fail(path, 'must not be empty'), false;
    return true;
  }

  strOrNull(x: unknown, path: string): void {
    if (x !== null) this.str(x, path);
  }

  num(x: unknown, path: string, opts: { int?: boolean; min?: number; max?: number } = {}): boolean {
    if (typeof x !== 'number' || !Number.isFinite(x)) return this.fail(path, `expected a finite number, got ${describe(x)}`), false;
    if (opts.int && !Number.isInteger(x)) return this.fail(path, `expected an integer, got ${x}`), false;
    if (opts.min !== undefined && x < opts.min) return this.fail(path, `must be ≥ ${opts.min}, got ${x}`), false;
    if (opts.max !== undefined && x > opts.max) return this.fail(path, `must be ≤ ${opts.max}, got ${x}`), false;
    return true;
  }

  bool(x: unknown, path: string): void {
    if (typeof x !== 'boolean') this.fail(path, `expected true or false, got ${describe(x)}`);
  }

  oneOf(x: unknown, allowed: readonly string[], path: string): void {
    if (typeof x !== 'string' || !allowed.includes(x)) this.fail(path, `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${describe(x)}`);
  }

  arr(x: unknown, path: string): x is unknown[] {
    if (!Array.isArray(x)) return this.fail(path, `expected an array, got ${describe(x)}`), false;
    return true;
  }

  strings(x: unknown, path: string): void {
    if (this.arr(x, path)) x.forEach((s, i) => this.str(s, `${path}[${i}]`));
  }

  numbers(x: unknown, path: string, length?: number, opts: { min?: number; max?: number } = {}): x is number[] {
    if (!this.arr(x, path)) return false;
    if (length !== undefined && x.length !== length) return this.fail(path, `expected ${length} numbers, got ${x.length}`), false;
    let ok = true;
    x.forEach((v, i) => (ok = this.num(v, `${path}[${i}]`, opts) && ok));
    return ok;
  }

  matrix(x: unknown, path: string, rows: number, cols: number): x is number[][] {
    if (!this.arr(x, path)) return false;
    if (x.length !== rows) return this.fail(path, `expected ${rows}x${cols}, got ${x.length} rows`), false;
    let ok = true;
    x.forEach((row, i) => (ok = this.numbers(row, `${path}[${i}]`, cols) && ok));
    return ok;
  }
}

/** A short description of a value for messages. */
export function describe(x: unknown): string {
  if (x === undefined) return 'nothing (missing)';
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? x.slice(0, 40) + '…' : x);
  if (typeof x === 'number') return String(x);
  return typeof x;
}

/**
 * CLI helpers shared by `train`, `discover` and `simulate`: the data-loader
 * options (--q --p --time --trajectory --dt) and validated number parsers.
 *
 *   const { values } = parseArgs({ args, options: { ...loadOptionSpec, steps: { type: 'string' } } });
 *   const load = loadOptionsFromArgs(values);
 *   const steps = parsePositiveInt('--steps', values.steps, 1000);
 */
import { UsageError } from '../core/util/errors';
import type { LoadOptions } from '../core/data/types';

/** Spread into `util.parseArgs({ options })`. */
export const loadOptionSpec = {
  q: { type: 'string' },
  p: { type: 'string' },
  time: { type: 'string' },
  trajectory: { type: 'string' },
  dt: { type: 'string' },
} as const;

/** Lines for a command's --help. */
export const loadOptionsHelp = [
  '  --q NAMES           position columns, comma-separated (overrides detection; needs --p)',
  '  --p NAMES           momentum columns, same order as --q',
  '  --time NAME         time column (default: a column named t or time)',
  '  --trajectory NAME   trajectory id column (default: trajectory, traj, run, episode, trial or id)',
  '  --dt STEP           constant time step, when the file has no time column',
].join('\n');

export interface LoadArgValues {
  q?: string;
  p?: string;
  time?: string;
  trajectory?: string;
  dt?: string;
}

/** parseArgs values → LoadOptions; only the options given are set. */
export function loadOptionsFromArgs(values: LoadArgValues): LoadOptions {
  const opts: LoadOptions = {};
  if (values.q !== undefined) opts.q = parseNameList('--q', values.q);
  if (values.p !== undefined) opts.p = parseNameList('--p', values.p);
  if (values.time !== undefined) opts.time = parseName('--time', values.time);
  if (values.trajectory !== undefined) opts.trajectory = parseName('--trajectory', values.trajectory);
  if (values.dt !== undefined) opts.dt = parsePositiveNumber('--dt', values.dt);
  return opts;
}

function parseNameList(name: string, value: string): string[] {
  const names = value.split(',').map((s) => s.trim());
  if (names.some((s) => s === '')) {
    throw new UsageError(`${name} '${value}' has an empty column name`, `Give column names separated by commas, e.g. ${name} x,y`);
  }
  return names;
}

function parseName(name: string, value: string): string {
  const v = value.trim();
  if (v === '') throw new UsageError(`${name} needs a column name`);
  return v;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A finite decimal number. With `fallback`, an absent value gives the fallback. */
export function parseNumber(name: string, value: string): number;
export function parseNumber(name: string, value: string | undefined, fallback: number): number;
export function parseNumber(name: string, value: string | undefined, fallback?: number): number | undefined;
export function parseNumber(name: string, value: string | undefined, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const v = value.trim();
  const x = NUMBER.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(x)) throw new UsageError(`${flag(name)} must be a number, got '${value}'`);
  return x;
}

/** A finite number > 0. */
export function parsePositiveNumber(name: string, value: string): number;
export function parsePositiveNumber(name: string, value: string | undefined, fallback: number): number;
export function parsePositiveNumber(name: string, value: string | undefined, fallback?: number): number | undefined;
export function parsePositiveNumber(name: string, value: string | undefined, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const x = parseNumber(name, value);
  if (!(x > 0)) throw new UsageError(`${flag(name)} must be a positive number, got '${value}'`);
  return x;
}

/** An integer ≥ 1 (digits only, no exponent or fraction). */
export function parsePositiveInt(name: string, value: string): number;
export function parsePositiveInt(name: string, value: string | undefined, fallback: number): number;
export function parsePositiveInt(name: string, value: string | undefined, fallback?: number): number | undefined;
export function parsePositiveInt(name: string, value: string | undefined, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const v = value.trim();
  const x = /^\+?\d+$/.test(v) ? Number(v) : NaN;
  if (!(Number.isSafeInteger(x) && x >= 1)) {
    throw new UsageError(`${flag(name)} must be a whole number of at least 1, got '${value}'`);
  }
  return x;
}

function flag(name: string): string {
  return name.startsWith('-') ? name : `--${name}`;
}

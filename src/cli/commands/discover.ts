/**
 * `noether discover data.csv --out results.json`: learn the conserved
 * quantities and print what was found. `noether train` is the same job with
 * a fixed model (vanilla or an oracle symmetry) and no readout.
 */
import * as fs from 'fs';
import * as path from 'path';
import { InputError, UsageError } from '../../core/util/errors';
import { runJob, type JobRequest } from '../../core/discover/job';
import { parseModelSpec } from '../../core/util/config';
import { writeResults } from '../../core/results/validate';
import type { ResultsV1 } from '../../core/results/types';
import { parseCommand } from '../args';
import { configFromArgs, modelOptionSpec, modelOptionsHelp, type ModelArgValues } from '../modelOptions';
import { loadOptionSpec, loadOptionsFromArgs, loadOptionsHelp, parsePositiveNumber } from '../options';
import { abortOnSigint, progressPrinter } from '../progress';
import { summarize } from '../summary';

const discoverSpec = {
  ...loadOptionSpec,
  ...modelOptionSpec,
  baseline: { type: 'boolean' },
  'no-razor': { type: 'boolean' },
  truth: { type: 'string' },
  'rank-tol': { type: 'string' },
  model: { type: 'string' },
} as const;

const USAGE = {
  discover: `Usage: noether discover DATA.csv [options]

Tests which quadratic quantities the trajectories conserve (calibrated to the
noise measured in the data) and which of them are symmetries of H (Noether's
Razor: the evidence of the symmetrised model against vanilla).

Data options:
${loadOptionsHelp}
Model and training:
${modelOptionsHelp}
Readout:
  --baseline            also train the vanilla model (a learned run trains it anyway for the razor)
  --no-razor            skip the razor: no vanilla model, symmetry verdicts 'not tested' (faster)
  --truth SPEC          oracle:so2 | oracle:u<n> | oracle:se2 | FILE.json: report parallelness with it
  --rank-tol X          relative singular-value threshold of the rank rule`,
  train: `Usage: noether train DATA.csv --model vanilla|oracle:so2|oracle:u<n>|oracle:se2|learned [options]

Trains one model and reports its train (and --test) metrics.

Data options:
${loadOptionsHelp}
Model and training:
${modelOptionsHelp}`,
};

export function run(argv: string[]): Promise<number> {
  return runCommand('discover', argv);
}

export async function runCommand(command: 'discover' | 'train', argv: string[]): Promise<number> {
  const parsed = parseCommand(command, argv, USAGE[command], discoverSpec);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(`expected one data file, got ${positionals.length}`, `Usage: noether ${command} DATA.csv [options]`);
  const file = positionals[0];
  const cfg = configFromArgs(values as ModelArgValues);
  const kind = command === 'train' ? parseModelSpec(values.model ?? 'vanilla') : parseModelSpec(values.model ?? 'learned');
  const req: JobRequest = {
    file,
    load: loadOptionsFromArgs(values),
    testFile: values.test,
    preset: cfg.preset,
    model: { ...cfg.model, ...kind },
    train: cfg.train,
    baseline: values.baseline,
    razor: !values['no-razor'],
    truth: values.truth,
    backend: cfg.backend,
    threads: cfg.threads,
    rankTolerance: parsePositiveNumber('--rank-tol', values['rank-tol']),
  };
  const out = values.out ?? defaultOut(file);
  const sig = abortOnSigint();
  let results: ResultsV1;
  try {
    results = await runJob(req, { signal: sig.signal, onEvent: progressPrinter(process.stderr, values.quiet) }, command);
  } finally {
    sig.dispose();
  }
  try {
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    writeResults(out, results);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code) throw new InputError(`cannot write the results: ${(e as Error).message}`, { file: out }, 'Choose another --out path');
    throw e;
  }
  console.log(summarize(results));
  console.log(`results: ${out}`);
  return results.training.stopReason === 'diverged' ? 3 : 0;
}

function defaultOut(file: string): string {
  const base = path.basename(file).replace(/\.(csv|tsv|txt)$/i, '');
  return path.join(path.dirname(file), `${base}.results.json`);
}

/**
 * `noether reproduce table1|table2|table3|figure2|figure3`: simulate the
 * paper's data, train vanilla, learned and oracle models with the same
 * preset and seed, and write <target>.json, <target>.md (printed at the end),
 * the CSVs and, for figures, <target>.svg into --out (default reproduce-<target>/).
 */
import { parseCommand } from '../args';
import { UsageError } from '../../core/util/errors';
import { csvWriter, writeOutputs } from '../../core/reproduce/output';
import { runTarget } from '../../core/reproduce/run';
import { FIGURE3_K, parseTarget, planTarget, TABLE2_TRAIN, TARGET_NAMES } from '../../core/reproduce/targets';
import { configFromArgs, modelOptionSpec, modelOptionsHelp, type ModelArgValues } from '../modelOptions';
import { abortOnSigint, progressPrinter } from '../progress';

const spec = { ...modelOptionSpec, quick: { type: 'boolean' } } as const;

const USAGE = `Usage: noether reproduce ${TARGET_NAMES.join('|')} [options]

Reproduces a table or figure of the paper (docs/method.md §8) on simulated data:
  table1   harmonic oscillator, 7 × 4 training points: vanilla, learned, oracle SO(2)
  table2   3 oscillators (${TABLE2_TRAIN.trajectories} × ${TABLE2_TRAIN.steps} training; the paper: 200 × 50): vanilla, learned, oracle U(3)
  table3   2-d 3-body system, 200 × 50: vanilla, learned, oracle SE(2); test, wider and shifted test sets
  figure2  the learned Hamiltonians of the harmonic oscillator (vanilla, learned, oracle, true) as SVG
  figure3  n = 1…5 oscillators with K = ${FIGURE3_K}: singular values and parallelness per n, SVG plot

Options:
  --out DIR             output folder (default reproduce-<target>/)
  --quick               tiny data and settings, runs in seconds (a smoke test, not a reproduction)
Model and training (the same for every model of the target):
${modelOptionsHelp.split('\n').filter((l) => !/--test|--out/.test(l)).join('\n')}`;

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand('reproduce', argv, USAGE, spec);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`one target at a time, got '${positionals.join(' ')}'`, 'See noether reproduce --help');
  const target = parseTarget(positionals[0]);
  if (values.test !== undefined) throw new UsageError('--test does not apply to reproduce: the test sets are simulated', 'See noether reproduce --help');
  const cfg = configFromArgs(values as ModelArgValues);
  const plan = planTarget(target, { seed: cfg.train.seed ?? 0, quick: values.quick });
  const out = values.out ?? `reproduce-${target}`;

  const sig = abortOnSigint();
  let result;
  try {
    result = await runTarget(
      plan,
      { preset: cfg.preset === 'paper' ? 'paper' : 'fast', model: cfg.model, train: cfg.train, backend: cfg.backend, threads: cfg.threads },
      { signal: sig.signal, onEvent: progressPrinter(process.stderr, values.quiet), onData: csvWriter(out) },
    );
  } finally {
    sig.dispose();
  }
  const md = writeOutputs(out, result);
  console.log(md);
  console.log(`written to ${out}/: ${result.files?.join(', ')}`);
  if (!result.complete) return 130;
  return result.experiments.some((e) => e.models.some((m) => m.stopReason === 'diverged')) ? 3 : 0;
}

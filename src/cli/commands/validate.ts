/**
 * `noether validate [--quick] [--cases a,b] [--jobs N] [--seed S] [--out PREFIX]`:
 * run discover on the validation catalogue (simulated systems with known
 * conserved quantities, src/core/validate/) and print the confusion table of
 * its verdicts; --out writes PREFIX.md and PREFIX.json.
 */
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { UsageError } from '../../core/util/errors';
import { buildCatalogue, runSuite, selectCases, tableText, totalsText } from '../../core/validate';

/** Discover options of every case unless --discover-args says otherwise: a bounded budget so the suite fits 20 min. */
export const DEFAULT_DISCOVER_ARGS = ['--steps', '400'];

const USAGE = `Usage: noether validate [options]

Runs discover on simulated systems whose conserved quantities are known
(positive cases and failure classes, docs/validation.md) and prints a
confusion table of the verdicts.

Options:
  --quick               only a slice of 3 fast cases
  --cases A,B           only cases whose id contains A or B
  --list                list the cases (with their drawn parameters) and exit
  --jobs N              cases run in parallel child processes (default 1)
  --seed S              suite seed: every case's parameters and data are drawn from it (default 0)
  --discover-args "..." options for every discover run (default "${DEFAULT_DISCOVER_ARGS.join(' ')}")
  --label TEXT          label of the run in the Markdown (default "run")
  --out PREFIX          write PREFIX.md and PREFIX.json (e.g. docs/validation)
  -h, --help            show this help`;

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        quick: { type: 'boolean' },
        cases: { type: 'string' },
        list: { type: 'boolean' },
        jobs: { type: 'string' },
        seed: { type: 'string' },
        'discover-args': { type: 'string' },
        label: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0], 'See noether validate --help');
  }
  const v = parsed.values;
  if (v.help) {
    console.log(USAGE);
    return 0;
  }
  const int = (name: string, s: string | undefined, d: number, min: number) => {
    if (s === undefined) return d;
    const x = Number(s);
    if (!Number.isInteger(x) || x < min) throw new UsageError(`${name} must be an integer ≥ ${min}, got '${s}'`);
    return x;
  };
  const seed = int('--seed', v.seed, 0, 0);
  const jobs = int('--jobs', v.jobs, 1, 1);
  const filter = v.cases?.split(',').map((s) => s.trim()).filter(Boolean);
  if (v.list) {
    for (const c of selectCases(buildCatalogue(seed), { quick: v.quick, filter })) {
      console.log(`${c.id.padEnd(22)} ${c.kind.padEnd(13)} ${c.description} [${c.spec.trajectories} × ${c.spec.steps + 1} samples, data seed ${c.spec.seed}]`);
      console.log(`${''.padEnd(36)} truth: ${c.truth.expect}: ${c.truth.invariants.map((q) => q.label).join('; ') || '—'}`);
    }
    return 0;
  }
  if (jobs > 1 && os.loadavg()[0] > os.cpus().length) {
    console.error(`noether validate: the load average is ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores; wall times will be inflated`);
  }
  const discoverArgs = v['discover-args'] !== undefined ? v['discover-args'].split(/\s+/).filter(Boolean) : DEFAULT_DISCOVER_ARGS;
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const report = await runSuite({ seed, quick: v.quick, filter, jobs, discoverArgs, outPrefix: v.out, label: v.label, signal: controller.signal });
    console.log('');
    console.log(tableText(report.rows));
    console.log('');
    console.log(totalsText(report.totals, report.wallSeconds));
    if (v.out) console.log(`written: ${v.out}.md, ${v.out}.json`);
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message, 'See noether validate --list');
    throw e;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  return 0;
}

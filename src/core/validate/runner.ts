/**
 * `noether validate` / `npm run validate`: run discover on every case of the
 * catalogue (cases.ts), score each result against its truth (score.ts), print
 * a confusion table and write it as Markdown and JSON.
 */
import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatCsv } from '../data/write';
import { buildCatalogue, caseData, columnStds, type ValidationCase } from './cases';
import { runDiscoverChild } from './discoverAdapter';
import { headline, scoreCase, type CaseScore, type ScoredResults } from './score';

export interface SuiteOptions {
  /** Suite seed: every case's parameters and data seed are drawn from it. */
  seed: number;
  /** Only the quick slice (~3 fast cases). */
  quick?: boolean;
  /** Only cases whose id contains one of these substrings. */
  filter?: string[];
  /** Cases run in parallel (child processes). */
  jobs: number;
  /** Extra arguments for every discover run (e.g. ['--steps', '500']). */
  discoverArgs: string[];
  /** Write PREFIX.md and PREFIX.json (undefined: print only). */
  outPrefix?: string;
  /** Path of dist/cli.js (default: found next to the bundle). */
  cliPath?: string;
  /** Kill a case after this many seconds (default 1800). */
  timeoutSeconds?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Label of the run in the Markdown (e.g. "baseline"). */
  label?: string;
}

export interface CaseRow {
  id: string;
  kind: ValidationCase['kind'];
  description: string;
  dataSeed: number;
  trajectories: number;
  samples: number;
  seconds: number;
  error?: string;
  score?: CaseScore;
  headline?: string;
}

export interface SuiteReport {
  label: string;
  date: string;
  machine: string;
  commit: string;
  suiteSeed: number;
  discoverArgs: string[];
  jobs: number;
  wallSeconds: number;
  rows: CaseRow[];
  totals: {
    cases: number;
    errors: number;
    falseConserved: number;
    falseSymmetry: number;
    /** Covered true dimensions / true rank, summed over the 'conserved' cases. */
    recall: number;
    rankCorrectPositives: string;
    trueNone: string;
  };
}

export function selectCases(all: ValidationCase[], opts: Pick<SuiteOptions, 'quick' | 'filter'>): ValidationCase[] {
  let cases = all;
  if (opts.quick) cases = cases.filter((c) => c.quick);
  if (opts.filter && opts.filter.length) cases = cases.filter((c) => opts.filter!.some((f) => c.id.includes(f)));
  return cases;
}

export async function runSuite(opts: SuiteOptions): Promise<SuiteReport> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const cases = selectCases(buildCatalogue(opts.seed), opts);
  if (cases.length === 0) throw new RangeError('no validation case matches the filter');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'noether-validate-'));
  log(`validation suite: seed ${opts.seed}, ${cases.length} cases, ${opts.jobs} in parallel, discover ${opts.discoverArgs.join(' ') || '(defaults)'}; data in ${dir}`);
  for (const c of cases) log(`  ${c.id.padEnd(22)} ${c.description} [data seed ${c.spec.seed}, ${c.spec.trajectories} × ${c.spec.steps + 1} samples]`);
  const t0 = Date.now();
  const commit = commitText();
  const rows: CaseRow[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= cases.length || opts.signal?.aborted) return;
      rows[i] = await runCase(cases[i], dir, opts);
      const r = rows[i];
      // Write what is done so far, so an interrupted suite still leaves its table.
      if (opts.outPrefix) writeReport(opts.outPrefix, makeReport(rows.filter(Boolean), `${opts.label ?? 'run'} (partial: ${rows.filter(Boolean).length} of ${cases.length} cases)`), cases);
      log(r.error ? `✗ ${r.id}: ${r.error} (${r.seconds.toFixed(0)} s)` : `✓ ${r.id}: expected ${r.score!.expected}, reported ${r.score!.reported}; TP ${r.score!.tp} FP ${r.score!.fp} FN ${r.score!.fn} (${r.seconds.toFixed(0)} s)`);
    }
  };
  const makeReport = (done: CaseRow[], label: string): SuiteReport => ({
    label,
    date: new Date().toISOString(),
    machine: machineText(),
    commit,
    suiteSeed: opts.seed,
    discoverArgs: opts.discoverArgs,
    jobs: opts.jobs,
    wallSeconds: (Date.now() - t0) / 1000,
    rows: done,
    totals: totals(done, cases),
  });
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.jobs, cases.length)) }, worker));
  const report = makeReport(rows.filter(Boolean), opts.label ?? 'run');
  fs.rmSync(dir, { recursive: true, force: true });
  if (opts.outPrefix) writeReport(opts.outPrefix, report, cases);
  return report;
}

function writeReport(prefix: string, report: SuiteReport, cases: ValidationCase[]): void {
  fs.mkdirSync(path.dirname(path.resolve(prefix)), { recursive: true });
  fs.writeFileSync(`${prefix}.json`, JSON.stringify(report, null, 2) + '\n');
  fs.writeFileSync(`${prefix}.md`, markdownReport(report, cases));
}

async function runCase(c: ValidationCase, dir: string, opts: SuiteOptions): Promise<CaseRow> {
  const data = caseData(c);
  const csv = path.join(dir, `${c.id}.csv`);
  const out = path.join(dir, `${c.id}.json`);
  fs.writeFileSync(csv, formatCsv(data.columns, data.trajectories));
  const base: CaseRow = {
    id: c.id, kind: c.kind, description: c.description, dataSeed: c.spec.seed,
    trajectories: c.spec.trajectories, samples: c.spec.steps + 1, seconds: 0,
  };
  const run = await runDiscoverChild(csv, out, opts.discoverArgs, { cliPath: opts.cliPath, timeoutSeconds: opts.timeoutSeconds ?? 1800, signal: opts.signal });
  base.seconds = Number(run.seconds.toFixed(1));
  if (run.error || !run.results) return { ...base, error: run.error ?? 'no results' };
  const results = run.results as ScoredResults;
  return { ...base, score: scoreCase(c.truth, results, columnStds(data)), headline: headline(results) };
}

export function totals(rows: CaseRow[], cases: ValidationCase[]): SuiteReport['totals'] {
  const scored = rows.filter((r) => r.score);
  const byId = new Map(cases.map((c) => [c.id, c]));
  const positives = scored.filter((r) => byId.get(r.id)?.truth.expect === 'conserved');
  const negatives = scored.filter((r) => byId.get(r.id)?.truth.expect !== 'conserved');
  const trueRank = positives.reduce((s, r) => s + r.score!.trueRank, 0);
  const covered = positives.reduce((s, r) => s + r.score!.trueRank * r.score!.recall, 0);
  return {
    cases: rows.length,
    errors: rows.filter((r) => r.error).length,
    falseConserved: scored.reduce((s, r) => s + r.score!.fp, 0),
    falseSymmetry: scored.reduce((s, r) => s + r.score!.symmetryFp, 0),
    recall: trueRank === 0 ? 1 : Number((covered / trueRank).toFixed(3)),
    rankCorrectPositives: `${positives.filter((r) => r.score!.rankOk).length}/${positives.length}`,
    trueNone: `${negatives.filter((r) => r.score!.none === 'true none').length}/${negatives.length}`,
  };
}

function fmtAngle(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : x.toFixed(1);
}

/** The confusion table as Markdown rows. */
export function tableMarkdown(rows: CaseRow[]): string {
  const head = '| case | expected | reported | TP | FP | FN | rank ok | max angle (°) | span angle (°) | symmetry TP/FP | none | wall (s) |\n|---|---|---|---|---|---|---|---|---|---|---|---|';
  const lines = rows.map((r) => {
    if (!r.score) return `| ${r.id} | — | error: ${r.error?.replace(/\|/g, '/') ?? ''} | | | | | | | | | ${r.seconds.toFixed(0)} |`;
    const s = r.score;
    return `| ${r.id} | ${s.expected} | ${s.reported} | ${s.tp} | ${s.fp} | ${s.fn} | ${s.rankOk ? 'yes' : '**no**'} | ${fmtAngle(s.maxAngleDeg)} | ${fmtAngle(s.spanAngleDeg)} | ${s.symmetryTp}/${s.symmetryFp} | ${s.none} | ${r.seconds.toFixed(0)} |`;
  });
  return [head, ...lines].join('\n');
}

/** Plain-text table for the terminal. */
export function tableText(rows: CaseRow[]): string {
  const cols = ['case', 'expected', 'reported', 'TP', 'FP', 'FN', 'rank', 'maxAng', 'spanAng', 'sym TP/FP', 'none', 'wall s'];
  const data = rows.map((r) => {
    if (!r.score) return [r.id, '—', `error`, '', '', '', '', '', '', '', '', r.seconds.toFixed(0)];
    const s = r.score;
    return [r.id, s.expected, s.reported, String(s.tp), String(s.fp), String(s.fn), s.rankOk ? 'ok' : 'NO', fmtAngle(s.maxAngleDeg), fmtAngle(s.spanAngleDeg), `${s.symmetryTp}/${s.symmetryFp}`, s.none, r.seconds.toFixed(0)];
  });
  const widths = cols.map((c, i) => Math.max(c.length, ...data.map((d) => d[i].length)));
  const fmt = (row: string[]) => row.map((v, i) => v.padEnd(widths[i])).join('  ');
  return [fmt(cols), fmt(widths.map((w) => '-'.repeat(w))), ...data.map(fmt)].join('\n');
}

export function totalsText(t: SuiteReport['totals'], wallSeconds: number): string {
  return `totals: ${t.cases} cases (${t.errors} errors); false 'conserved' ${t.falseConserved}; false 'symmetry' ${t.falseSymmetry}; recall ${(100 * t.recall).toFixed(1)} %; rank correct on positives ${t.rankCorrectPositives}; true 'none' ${t.trueNone}; wall time ${(wallSeconds / 60).toFixed(1)} min`;
}

export function markdownReport(r: SuiteReport, cases: ValidationCase[]): string {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const caseList = r.rows.map((row) => {
    const c = byId.get(row.id)!;
    const truth = c.truth.invariants.map((q) => q.label).join('; ') || '—';
    const approx = c.truth.approximate.map((q) => q.label).join('; ') || '—';
    return `| ${row.id} | ${c.kind} | ${c.description} | ${row.trajectories} × ${row.samples} | ${row.dataSeed} | ${c.truth.expect}: ${truth} | ${approx} | ${c.truth.hamiltonian ? 'yes' : 'no'} | ${c.truth.angleTolDeg} |`;
  });
  const details = r.rows.filter((row) => row.score).map((row) => {
    const qs = row.score!.quantities.map((q) => `  - \`${q.formula}\` — ${q.conservation}${q.symmetry !== 'not tested' ? `, ${q.symmetry}` : ''}; ${q.angleDeg}° from the truth${q.outcome !== '-' ? ` → **${q.outcome}**` : ''}${q.approximate ? ` (the approximate invariant ${q.approximate})` : ''}${q.symmetryOutcome !== '-' ? `; symmetry ${q.symmetryOutcome}` : ''}`);
    return `- **${row.id}**: ${row.headline ?? ''}\n${qs.join('\n')}`;
  });
  return `# Validation suite — ${r.label}

Generated by \`noether validate\` (\`npm run validate\`; src/core/validate/). Each case is simulated by the
project's own simulator with parameters drawn from the suite seed, written as a CSV and given to
\`noether discover\`; the result's verdicts (src/shared/verdicts.ts: schema-v2 verdicts, or v1's
\`conserved\` flag) are scored against the case's truth. A reported 'conserved' quantity is a true
positive when its angle to the true span, in standardised coordinates (each column divided by its std
over the data, so units do not matter), is within the case's tolerance (5°, or half the angle to the
nearest approximate invariant when smaller); otherwise it is a false 'conserved'. Recall is the
dimension of the true span covered by the true positives over its rank. A 'symmetry' verdict is true
only for a true invariant of a Hamiltonian flow.

Run it: \`npm run validate\` (build, then all cases, writing docs/validation.md and .json), or
\`noether validate [--quick] [--cases ID,..] [--jobs 2] [--seed S] [--discover-args "--steps 2000"] [--out PREFIX]\`;
\`noether validate --list\` prints the cases with their drawn parameters. Every case runs
\`noether discover CASE.csv --out R.json --quiet\` plus the discover options below in its own process.

- date: ${r.date}
- machine: ${r.machine}
- commit: ${r.commit}
- suite seed: ${r.suiteSeed}; discover options: \`${r.discoverArgs.join(' ') || '(defaults)'}\`; ${r.jobs} case(s) in parallel
- wall time: ${(r.wallSeconds / 60).toFixed(1)} min

## Confusion table

${tableMarkdown(r.rows)}

**Totals:** ${r.totals.cases} cases (${r.totals.errors} errors); false 'conserved' **${r.totals.falseConserved}**; false 'symmetry' **${r.totals.falseSymmetry}**; recall **${(100 * r.totals.recall).toFixed(1)} %**; rank correct on positive cases **${r.totals.rankCorrectPositives}**; true 'none' on negative cases **${r.totals.trueNone}**.

Columns: *expected*/*reported* — number of conserved quantities (or none / not identifiable); TP/FP — reported
'conserved' inside / outside the true span; FN — true dimensions not covered; *rank ok* — as many conserved as the
true rank and no false one (nothing, for none / not identifiable); *max angle* — largest angle of a reported
conserved quantity to the true span; *span angle* — largest principal angle between the reported and the true span
when their dimensions agree; *symmetry TP/FP* — 'symmetry' verdicts on true invariants of Hamiltonian flows / others.

## Cases

Truth labels name the quantities in the system's own coordinates; for rescaled columns (mixed units) the
scored A, b are mapped to the CSV's units (A' = D⁻¹AD⁻¹, b' = D⁻¹b).

| case | class | system and drawn parameters | trajectories × samples | data seed | truth (basis of the conserved span) | approximate invariants (must not be 'conserved') | Hamiltonian | angle tol (°) |
|---|---|---|---|---|---|---|---|---|
${caseList.join('\n')}

## What each run reported

${details.join('\n')}
`;
}

function machineText(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}; load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`;
}

function commitText(): string {
  try {
    const head = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return dirty ? `${head} (working tree with uncommitted changes)` : head;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/**
 * <target>.md: the paper's table columns (model, train MSE, test MSE — and
 * the wider and shifted test sets for the 3-body system — NLL, KL, −ELBO)
 * plus wall time, then what the learned model found. NLL, KL and −ELBO are
 * per training point on the training set, as in the paper's tables.
 */
import type { ExperimentResult, ModelRun, ReproduceResult } from './types';

/** Number in a table cell: 3 significant digits, exponent form when very small or large. */
export function cell(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-2 || a >= 1e5)) return v.toExponential(2);
  return v.toPrecision(3);
}

function seconds(v: number): string {
  return v < 100 ? v.toFixed(1) : v.toFixed(0);
}

function modelName(m: ModelRun): string {
  const base = m.role === 'oracle' ? `oracle (${m.spec.replace(/^oracle:/, '').toUpperCase()})` : m.role;
  if (m.stopReason === 'completed') return base;
  return `${base} (${m.stopReason} after ${m.steps} of ${m.config.train.steps} steps)`;
}

/** The metrics table of one experiment: one row per model, test columns as many as test sets. */
export function metricsTable(e: ExperimentResult, rowName: (m: ModelRun) => string = modelName): string {
  const tests = e.data.tests.map((t) => t.name);
  const testHeads = tests.map((t) => (t === 'test' ? 'test MSE' : `test ${t} MSE`));
  const head = ['model', 'steps', 'train MSE', ...testHeads, 'NLL', 'KL', '−ELBO', 'wall (s)'];
  const rows = e.models.map((m) => [
    rowName(m),
    stepsCell(m),
    cell(m.metrics.train.mse),
    ...tests.map((t) => cell(m.metrics.tests[t]?.mse)),
    cell(m.metrics.train.nll),
    cell(m.metrics.train.kl),
    cell(m.metrics.train.negElbo),
    seconds(m.wallSeconds),
  ]);
  return table(head, rows);
}

/** Steps trained; for a learned model how many data seeds its search started from, its refit's steps, and which of the two the metrics are from. */
function stepsCell(m: ModelRun): string {
  const r = m.refit;
  const search = m.seeds?.count ? `${m.steps} (${m.seeds.count} data seed${m.seeds.count === 1 ? '' : 's'})` : `${m.steps}`;
  if (!r || r.steps === 0) return search;
  return `${search} + refit ${r.steps} (${r.accepted ? 'kept' : 'not kept'})`;
}

export function table(head: string[], rows: string[][]): string {
  const line = (r: string[]) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function dataLine(e: ExperimentResult): string {
  const d = (x: ExperimentResult['data']['train']) =>
    `${x.name} ${x.trajectories} × ${x.steps} (Δt ${x.dt}, q ~ N(${x.qShift}, ${x.qScale}²), p ~ N(0, ${x.pScale}²), seed ${x.seed}${x.csv ? `, ${x.csv}` : ''})`;
  const paper = e.paperTrain && (e.paperTrain.trajectories !== e.data.train.trajectories || e.paperTrain.steps !== e.data.train.steps)
    ? ` The paper trains on ${e.paperTrain.trajectories} × ${e.paperTrain.steps}.`
    : '';
  return `Data: ${[e.data.train, ...e.data.tests].map(d).join('; ')}.${paper}`;
}

/** The learned model's readout as Markdown lines. */
export function readoutSection(m: ModelRun, trueRank: number): string[] {
  const r = m.readout;
  if (!r) return [];
  const out: string[] = [];
  const par = r.parallelness.slice(0, Math.max(r.rank, trueRank));
  out.push(`- rank ${r.rank} (true ${trueRank}); singular values ${r.singularValues.map(cell).join(', ')}`);
  if (r.gapAtTrueRank !== undefined) out.push(`- σ${trueRank} / σ${trueRank + 1} = ${cell(r.gapAtTrueRank)}`);
  out.push(`- parallelness with the true span (first ${par.length}): ${par.map((p) => p.toFixed(3)).join(', ')}`);
  if (r.angles) {
    out.push(`- angle of each true quantity to the learned span: ${r.angles.quantities.map((q, i) => `${q}: ${r.angles!.perQuantity[i].toFixed(2)}°`).join('; ')}`);
    out.push(`- principal angles between the spans: ${r.angles.principal.map((a) => `${a.toFixed(2)}°`).join(', ')}`);
  }
  if (r.quantities.length) {
    out.push('- learned quantities (canonical basis):');
    for (const q of r.quantities) {
      out.push(`  - \`${shorten(q.formula)}\`${q.name ? ` — ${q.name}` : ''}; drift ${cell(q.drift)}${q.conserved ? ', conserved' : ', NOT conserved on the data'}`);
    }
  }
  for (const w of r.warnings) out.push(`- warning: ${w}`);
  return out;
}

/** Formulas of an unconverged span can run to hundreds of terms; the JSON keeps them whole. */
export const MAX_FORMULA = 160;
function shorten(formula: string): string {
  return formula.length <= MAX_FORMULA ? formula : `${formula.slice(0, MAX_FORMULA)} … (${formula.length} characters, see the JSON)`;
}

function trueRankOf(oracle: string): number {
  if (oracle === 'so2') return 1;
  if (oracle === 'se2') return 3;
  const n = Number(/^u(\d+)$/.exec(oracle)?.[1]);
  return n * n;
}

/** Figure 3's summary: one row per n. */
export function spectraTable(r: ReproduceResult): string {
  const rows = r.experiments.flatMap((e) => {
    const m = e.models.find((x) => x.readout);
    if (!m?.readout) return [];
    const t = trueRankOf(e.oracle);
    const par = m.readout.parallelness.slice(0, t);
    return [[
      String(e.dim / 2),
      String(m.config.model.K),
      `${m.readout.rank} (true ${t})`,
      cell(m.readout.gapAtTrueRank),
      par.length ? Math.min(...par).toFixed(3) : '—',
      m.readout.singularValues.map(cell).join(', '),
    ]];
  });
  return table(['n', 'K', 'rank', 'σ(n²) / σ(n²+1)', 'min parallelness (first n²)', 'singular values'], rows);
}

/** What decides what in these tables (docs/method.md, "Verdicts"), stated in every report. */
export const DECISION_PATH =
  '**What decides what.** The learned model\'s search starts from proposals: with the `fast` preset, the quadratics the training data conserve ' +
  '(the calibrated analysis, no network; `--generator-init random` and the `paper` preset start at random, the razor\'s own search). ' +
  '"Conserved" next to a learned quantity is the calibrated test against the noise measured in the data. The learned model\'s metrics are ' +
  'its refit\'s (the conserved quantities made exact symmetries) when a refit ran. The razor\'s symmetry verdicts (settled evidence against ' +
  'vanilla) are made by `noether discover`, not here: these tables compare the models by their metrics, as the paper does. With proposals, ' +
  'a rank equal to the number of seeds holds by construction; the random-start runs are the evidence for the razor itself.';

export function renderMarkdown(r: ReproduceResult): string {
  const out: string[] = [];
  out.push(`# noether reproduce ${r.target}`, '');
  out.push(
    `Preset \`${r.preset}\`${r.quick ? ' with --quick (tiny settings: not a reproduction)' : ''}, seed ${r.seed}, backend ${r.backend}${r.threads ? ` (${r.threads} threads)` : ''}, ` +
      `${r.tool.name} ${r.tool.version}, ${r.createdAt}; total ${seconds(r.seconds)} s.`,
  );
  if (!r.complete) out.push('', '**Incomplete:** the run was stopped before every model finished; the rows below are what was done.');
  out.push('', DECISION_PATH);
  if (r.target === 'figure3') {
    out.push('', '## Singular values per number of oscillators', '', spectraTable(r));
    if (r.files?.some((f) => f.endsWith('.svg'))) out.push('', `![singular values](${r.files.find((f) => f.endsWith('.svg'))})`);
    out.push('', '## Metrics', '');
    const rows = r.experiments.flatMap((e) => metricsTable(e, (m) => `${m.role}, n = ${e.dim / 2}`).split('\n').slice(2));
    const first = r.experiments[0];
    if (first) out.push([...metricsTable(first).split('\n').slice(0, 2), ...rows].join('\n'));
    for (const e of r.experiments) out.push('', `${e.title}. ${dataLine(e)}`);
    return out.join('\n') + '\n';
  }
  for (const e of r.experiments) {
    out.push('', `## ${e.title}`, '', metricsTable(e), '', dataLine(e));
    const learned = e.models.find((m) => m.readout);
    if (learned) out.push('', '### Learned symmetry', '', ...readoutSection(learned, trueRankOf(e.oracle)));
  }
  if (r.target === 'figure2' && r.files?.some((f) => f.endsWith('.svg'))) {
    out.push('', `![learned Hamiltonians](${r.files.find((f) => f.endsWith('.svg'))})`);
  }
  return out.join('\n') + '\n';
}

/**
 * A Markdown report of one results file, with `$…$` math that VS Code's
 * Markdown preview (and GitHub) render. A pure function of ResultsV1.
 */
import type { ConservedQuantity, ResultsV1 } from '../core/results/types';
import type { Metrics } from '../core/train/events';
import { summarizeRun, verdictPhrase } from '../shared/verdicts';

export function resultsToMarkdown(r: ResultsV1): string {
  const out: string[] = [];
  const file = baseName(r.input.file);
  out.push(`# Noether's Razor: conserved quantities of ${text(file)}`, '');
  out.push(`Created ${r.createdAt} by ${r.tool.name} ${r.tool.version} on the \`${r.backend}\` backend.`, '');

  out.push('## Data', '');
  const c = r.input.columns;
  out.push(`- File: \`${r.input.file}\` (sha256 \`${r.input.sha256.slice(0, 12)}…\`)`);
  out.push(`- Positions q: ${c.q.map(code).join(', ')}; momenta p: ${c.p.map(code).join(', ')}`);
  out.push(`- Time column: ${c.time ? code(c.time) : 'none (constant time step)'}; trajectory column: ${c.trajectory ? code(c.trajectory) : 'none (one trajectory)'}`);
  out.push(`- ${r.input.trajectories} trajectories, ${r.input.transitions} transitions`, '');

  out.push('## Conserved quantities', '');
  const sym = r.symmetry;
  if (!sym) {
    out.push('No symmetry readout in this run (it stopped before the readout, or the model has no learned symmetries).', '');
  } else {
    out.push(`**${text(capitalize(summarizeRun(r).headline))}.**`, '');
    if (sym.conservedQuantities.length > 0) {
      out.push(`Candidates read out: ${sym.conservedQuantities.length} (rank ${sym.rank} of the learned generators' spectrum), `
        + `each $C(x) = \\tfrac12 x^\\top A x + b^\\top x$ in the data's units.`, '');
      out.push('| # | Quantity | Name | Symmetry | Relative drift | Verdict |', '|---|---|---|---|---|---|');
      sym.conservedQuantities.forEach((q, i) => out.push(quantityRow(q, i)));
      out.push('');
    }
  }
  if (sym) {
    out.push(`Singular values of the learned quantities: ${sym.singularValues.map((s) => fmt(s)).join(', ')}.`, '');
    if (sym.parallelness) out.push(`Parallelness with the known symmetries: ${sym.parallelness.map((p) => p.toFixed(3)).join(', ')}.`, '');
  }

  out.push('## Training', '');
  const t = r.training;
  const stop = t.stopReason === 'completed' ? 'completed' : `stopped early (${t.stopReason}${t.stopMessage ? `: ${text(t.stopMessage)}` : ''})`;
  out.push(`${t.steps} steps in ${t.seconds.toFixed(1)} s, ${stop}. Preset \`${r.config.preset}\`, seed ${r.config.seed}.`, '');
  out.push('| Metric | Train | Test |', '|---|---|---|');
  const keys: [keyof Metrics, string][] = [['negElbo', '$-\\mathrm{ELBO}$ per point'], ['nll', 'NLL per point'],
    ['kl', 'KL / N'], ['mse', 'MSE']];
  for (const [k, label] of keys) {
    out.push(`| ${label} | ${fmt(r.metrics.train[k])} | ${r.metrics.test ? fmt(r.metrics.test[k]) : '—'} |`);
  }
  out.push('');
  if (r.baselines?.length) {
    out.push('Baselines trained on the same data:', '');
    for (const b of r.baselines) out.push(`- ${text(b.model)}: $-\\mathrm{ELBO}$ ${fmt(b.metrics.train.negElbo)}, MSE ${fmt(b.metrics.train.mse)}`);
    out.push('');
  }
  if (r.warnings.length) {
    out.push('## Warnings', '');
    for (const w of r.warnings) out.push(`- ${text(w)}`);
    out.push('');
  }
  out.push('## Settings', '', '```json', JSON.stringify(r.config, null, 2), '```', '');
  return out.join('\n');
}

function quantityRow(q: ConservedQuantity, i: number): string {
  return `| ${i + 1} | ${cellMath(q.latex)} | ${q.name ? text(q.name) : '—'} | ${text(q.action)} | ${fmt(q.drift)} | ${text(verdictPhrase(q))} |`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Inline math inside a table cell: a `|` would end the cell. */
function cellMath(latex: string): string {
  return `$${latex.replace(/\|/g, '\\vert ').trim()}$`;
}

/** Plain text: escape what Markdown would otherwise interpret (incl. `$`, which starts math). */
function text(s: string): string {
  return s.replace(/([\\`*_|$<>[\]])/g, '\\$1');
}

function code(s: string): string {
  return '`' + s.replace(/`/g, "'") + '`';
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e5 ? Number(x.toPrecision(4)).toString() : x.toExponential(3);
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

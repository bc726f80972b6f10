/** The human-readable summary printed after a run. */
import type { Metrics } from '../core/train/events';
import type { ResultsV1 } from '../core/results/types';
import { refitFrom } from '../core/discover/refit';
import { summarizeRun, verdictPhrase } from '../shared/verdicts';

export function summarize(r: ResultsV1): string {
  const lines: string[] = [];
  const model = r.config.model.kind === 'oracle' ? `oracle:${r.config.model.oracle}` : r.config.model.kind;
  lines.push(`${model} model, ${r.training.steps} steps; the whole job took ${r.training.seconds.toFixed(1)} s on ${r.backend} (seed ${r.config.seed}, preset ${r.config.preset}) — ${r.training.stopReason}`);
  const row = (name: string, m?: Metrics) =>
    m ? `  ${name.padEnd(14)} MSE ${m.mse.toExponential(3)}  NLL ${m.nll.toFixed(3)}  KL ${m.kl.toFixed(3)}  -ELBO ${m.negElbo.toFixed(3)}` : '';
  const refit = r.training.refit;
  if (refit && refit.steps > 0) {
    const start = refitFrom(r.config) === 'fresh' ? 'a new network' : 'the discovered network';
    lines.push(`  refit: ${start}, ${refit.steps} steps (S ${refit.symmetrySamples}) with ${refit.quantities.join(', ')} as full-orbit symmetries — ${refit.accepted ? 'kept' : 'not kept'}: ${refit.reason}`);
    if (refit.accepted) {
      lines.push(row('before refit', refit.firstStage.train));
      if (refit.firstStage.test) lines.push(row('test before', refit.firstStage.test));
    }
  } else if (refit) lines.push(`  refit: none (${refit.reason})`);
  lines.push(row('train', r.metrics.train));
  if (r.metrics.test) lines.push(row('test', r.metrics.test));
  for (const b of r.baselines ?? []) {
    lines.push(row(`${b.model} train`, b.metrics.train) + (b.steps !== undefined ? `  (${b.steps} steps)` : ''));
    if (b.metrics.test) lines.push(row(`${b.model} test`, b.metrics.test));
  }
  if (r.evidence) {
    const d = r.evidence.difference;
    lines.push(`  evidence: -ELBO/N ${r.evidence.negElboModel.toFixed(3)} vs vanilla ${r.evidence.negElboVanilla.toFixed(3)} (${d >= 0 ? 'favours' : 'disfavours'} the symmetry by ${Math.abs(d).toFixed(3)} per point)`);
  }
  const s = r.symmetry;
  if (s) {
    lines.push(`  singular values: ${s.singularValues.map((v) => v.toPrecision(3)).join(', ')}`);
    lines.push(`  ${summarizeRun(r).headline}`);
    if (s.conservedQuantities.length) lines.push(`  candidates read out: ${s.conservedQuantities.length} (rank ${s.rank})`);
    s.conservedQuantities.forEach((q, i) => {
      const tags = [verdictPhrase(q), q.name, q.action, `drift ${(100 * q.drift).toFixed(1)}%`].filter(Boolean);
      lines.push(`   C${i + 1} = ${q.unicode}   — ${tags.join('; ')}`);
      if (q.adjustment) lines.push(`        (${q.adjustment})`);
    });
    if (s.parallelness) lines.push(`  parallelness with the truth: ${s.parallelness.map((v) => v.toFixed(3)).join(', ')}`);
  }
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.filter((l) => l !== '').join('\n');
}

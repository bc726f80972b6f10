/**
 * The razor's stage of the pipeline: the symmetry verdicts (docs/method.md,
 * "Verdicts"). The quantities conserved on the data are offered to it as one
 * set; the model symmetrised over them (the refit, or the search when the
 * refit was not kept) is compared with vanilla, the empty set, by their
 * settled bounds (razor/evidence.ts). Quantities not conserved on the data
 * are not offered.
 */
import { compareBounds, EVAL_SAMPLES, SETTLE_DEFAULTS, type SettledBounds } from '../razor/evidence';
import type { RazorReport, RefitInfo, SymmetryReport } from '../results/types';
import type { TrainedModel } from './train';

export interface RazorInput {
  report: SymmetryReport;
  /** The model symmetrised over the conserved quantities (the kept refit, or the search). */
  symmetric: TrainedModel;
  refit?: RefitInfo;
  /** The empty set: vanilla at an equal budget (absent: the razor does not run). */
  vanilla?: TrainedModel;
  /** The settled bounds the refit's choice already computed (pipeline.ts); the razor adds what is missing. */
  bounds?: SettledBounds;
  signal?: AbortSignal;
  log: (message: string) => void;
}

/**
 * Set every quantity's symmetryTest and return the comparison behind them
 * (undefined when nothing was compared). Settling changes the two models'
 * posterior scales and noise level in place (their means stay).
 */
export async function razorVerdicts(r: RazorInput): Promise<RazorReport | undefined> {
  const qs = r.report.conservedQuantities;
  const conserved = qs.filter((q) => q.conservation?.verdict === 'conserved');
  for (const q of qs) {
    if (q.conservation?.verdict !== 'conserved') {
      q.symmetryTest = { verdict: 'not tested', reason: `${q.conservation?.verdict ?? 'not checked'} on the data, so not offered to the razor` };
    }
  }
  if (!conserved.length) return undefined;
  if (!r.vanilla || !r.bounds || r.signal?.aborted) {
    const reason = r.signal?.aborted ? 'the run was stopped before the razor compared the models' : 'no vanilla model was trained to compare with (--no-razor)';
    for (const q of conserved) q.symmetryTest = { verdict: 'not tested', reason };
    return undefined;
  }
  // The compared set: the kept refit's group, else every conserved quantity (the search's generators span them).
  const group = r.refit?.accepted ? new Set(r.refit.quantities) : new Set(conserved.map((q) => q.formula));
  const inGroup = conserved.filter((q) => group.has(q.formula));
  const t0 = Date.now();
  const settledBefore = r.bounds.seconds();
  // One noise level for every compared likelihood (fixed by the refit's choice when it ran).
  const sigma2 = r.bounds.fixNoise([r.symmetric, r.vanilla].map((m) => m.metrics.train.mse / m.scale ** 2));
  r.log(`razor: bounds settled (${SETTLE_DEFAULTS.steps} steps each) under σ² = ${sigma2.toExponential(2)} (model units)`);
  const withSym = await r.bounds.bound(r.symmetric.model);
  const without = await r.bounds.bound(r.vanilla.model);
  const cmp = compareBounds(withSym, without);
  for (const q of inGroup) q.symmetryTest = { verdict: cmp.verdict, reason: cmp.reason, evidence: cmp.difference, uncertainty: cmp.uncertainty };
  for (const q of conserved) {
    if (!group.has(q.formula)) q.symmetryTest = { verdict: 'not tested', reason: `the refit kept the group {${[...group].join(', ')}}, which does not include it` };
  }
  const report: RazorReport = {
    verdict: cmp.verdict,
    reason: cmp.reason,
    quantities: inGroup.map((q) => q.formula),
    against: 'vanilla',
    difference: cmp.difference,
    uncertainty: cmp.uncertainty,
    withSymmetry: cmp.withSymmetry,
    without: cmp.without,
    settle: { steps: SETTLE_DEFAULTS.steps, lr: SETTLE_DEFAULTS.lr, evaluationSamples: EVAL_SAMPLES },
    seconds: (Date.now() - t0) / 1000 + settledBefore,
    sigma2,
  };
  r.log(`razor on {${report.quantities.join(', ')}}: ${cmp.reason}`);
  return report;
}

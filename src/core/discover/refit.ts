/**
 * Refit under the discovered symmetry (the second stage of `discover`).
 *
 * Training with learnable generators finds the right directions but keeps
 * their reach short: the Monte-Carlo noise of the symmetrisation is part of
 * the likelihood, and it grows with the reach until F is invariant, so the
 * symmetrisation covers only arcs of the orbits near the data
 * (docs/reproduction.md, Table 1: "Why the first stage falls short of the
 * oracle, and the refit"). The refit takes the quantities the readout
 * verified as conserved on the data, fixes them as generators normalised to
 * a full orbit, and trains a new network under them for as many steps as the
 * first stage: the first stage is the search, and the final model is the
 * discovered symmetry's model trained exactly as long as the models it is
 * compared with. Starting instead from the first stage's network ('warm')
 * carries its arcs-only shape into the whole orbits: on 3 oscillators that
 * stayed well above the oracle's test error where the fresh start matches it
 * (docs/reproduction.md, Table 2).
 * Nothing about the truth is used: only the learned span and the data.
 *
 * The refit is kept only when its −ELBO on the training data is lower than
 * the first stage's (Bayesian model selection between the two models).
 */
import { spectralRadius } from '../linalg/spectral';
import { flowOf, toModelUnits, type Quadratic } from '../quantity/quadratic';
import type { ConservedQuantity, RefitInfo, SymmetryReport } from '../results/types';
import type { RunOptions } from '../train/events';
import type { ModelData } from '../train/prepare';
import type { RunConfig } from '../util/config';
import { trainAndEvaluate, type TrainedModel } from './train';

/**
 * Refit a finished learned run on the quantities its readout verified.
 * Returns the refit model when it is accepted (the caller disposes it) and,
 * whenever a refit was considered, what happened.
 */
export async function refitOnDiscovered(
  stage1: TrainedModel,
  report: SymmetryReport,
  train: ModelData,
  test: ModelData | undefined,
  opts: RunOptions,
  /**
   * −ELBO/N of each refit group's model on a comparable footing (the razor's
   * settled bounds, pipeline.ts), lower is better. Without it, the trained −ELBO/N.
   */
  score?: (models: TrainedModel[]) => Promise<number[]>,
): Promise<{ model?: TrainedModel; info?: RefitInfo }> {
  if (stage1.config.train.refitSteps === 0 || stage1.outcome.stopReason !== 'completed' || opts.signal?.aborted) return {};
  const verified = report.conservedQuantities.filter((q) => q.conserved);
  const firstStage = stage1.metrics;
  const skipped = (reason: string): { info: RefitInfo } => ({
    info: { steps: 0, symmetrySamples: 0, seconds: 0, stopReason: 'completed', quantities: [], accepted: false, reason, firstStage, history: [] },
  });
  if (verified.length === 0) return skipped('no learned quantity is conserved on the data');

  // Candidate groups, chosen between by the ELBO: every verified quantity, and
  // (when it is a smaller, non-empty set) those that are point symmetries.
  const points = verified.filter((q) => isPointSymmetry(q.A, q.b));
  const groups = points.length > 0 && points.length < verified.length ? [verified, points] : [verified];
  const fits: Fit[] = [];
  let offset = stage1.outcome.steps;
  for (const group of groups) {
    if (opts.signal?.aborted) break;
    const fit = await refitOn(group, stage1, train, test, opts, offset);
    offset += fit.outcome.steps;
    fits.push(fit);
  }
  if (!fits.length) return skipped('the refit was stopped before it started');
  // Scores of the first stage and every group, on one footing.
  // The groups are competing hypotheses: the lower score wins (settled bounds when the razor runs).
  const scores = fits.length > 1 && score ? await score(fits) : fits.map((m) => m.metrics.train.negElbo);
  const what = fits.length > 1 && score ? 'settled −ELBO/N' : '−ELBO/N';
  let bestIndex = 0;
  fits.forEach((_, i) => {
    if (Number.isFinite(scores[i]) && scores[i] < scores[bestIndex]) bestIndex = i;
  });
  const best = fits[bestIndex];
  const alternatives: NonNullable<RefitInfo['alternatives']> = fits
    .filter((_, i) => i !== bestIndex)
    .map((f) => ({ quantities: f.group.map((q) => q.formula), negElbo: scores[fits.indexOf(f)], seconds: f.outcome.seconds }));
  for (const f of fits) if (f !== best) f.model.dispose();
  const { model, outcome, metrics, config } = best;
  const group = best.group;
  // The refit is the model of the hypothesis "the verified quantities are exact symmetries"; the razor then
  // compares it with vanilla. It replaces the first stage (whose extra generators are search debris) when it completes.
  const accepted = outcome.stopReason === 'completed' && Number.isFinite(metrics.train.negElbo);
  const groupNote = alternatives.length ? ` (${what} ${scores[bestIndex].toFixed(3)}, better than the other group's ${alternatives.map((a) => a.negElbo.toFixed(3)).join(', ')})` : '';
  const info: RefitInfo = {
    steps: outcome.steps,
    symmetrySamples: config.model.symmetrySamples,
    seconds: outcome.seconds + alternatives.reduce((s, a) => s + a.seconds, 0),
    stopReason: outcome.stopReason,
    stopMessage: outcome.stopMessage,
    quantities: group.map((q) => q.formula),
    accepted,
    reason: accepted
      ? `kept: the model with the verified quantities as exact symmetries${groupNote}`
      : outcome.stopReason !== 'completed'
        ? `the refit ${outcome.stopReason === 'cancelled' ? 'was stopped' : 'diverged'} after ${outcome.steps} steps: kept the first stage`
        : `the refit's −ELBO/N is not finite: kept the first stage`,
    firstStage,
    history: outcome.history,
    ...(alternatives.length ? { alternatives } : {}),
  };
  if (!accepted) {
    model.dispose();
    return { info };
  }
  return { model: { label: 'learned', config: stage1.config, model, outcome, metrics, scale: stage1.scale }, info };
}

type Fit = TrainedModel & { group: ConservedQuantity[] };


/** One refit: a network trained under `group` fixed as full-orbit generators. */
async function refitOn(group: ConservedQuantity[], stage1: TrainedModel, train: ModelData, test: ModelData | undefined, opts: RunOptions, stepOffset: number): Promise<Fit> {
  const config = refitConfig(stage1.config, group.length);
  const warmFrom = refitFrom(config) === 'warm' ? stage1.model : undefined;
  // Its progress continues the first stage's step count (one curve in the panel, one progress bar).
  const fit = await trainAndEvaluate('refit', config, train, test, refitQuantities(group, train.scale, train), opts, { warmFrom, stepOffset });
  return { ...fit, group };
}

/**
 * A point symmetry: C is linear in the momenta with no position-only terms
 * (A_qq = 0, A_pp = 0, b_q = 0), so its flow moves the positions by a
 * function of the positions alone and carries the momenta along —
 * translations and rotations of configuration space. Among the verified
 * quantities these are the refit's second candidate group: on the 3-body
 * data symmetrising over all seven quadratic invariants fitted worse than
 * over SE(2), while the four point symmetries among them (P_x, P_y, L and
 * the centre-of-mass rotation) fitted about as well as the SE(2) oracle
 * (docs/reproduction.md, Table 3). The ELBO decides between the groups.
 */
export function isPointSymmetry(A: number[][], b: number[]): boolean {
  const n = b.length / 2;
  const big = Math.max(...A.flat().map(Math.abs), ...b.map(Math.abs));
  if (!(big > 0)) return false;
  const tiny = (v: number) => Math.abs(v) <= 1e-9 * big;
  for (let i = 0; i < 2 * n; i++) {
    for (let j = 0; j < 2 * n; j++) if ((i < n) === (j < n) && !tiny(A[i][j])) return false;
  }
  return b.slice(0, n).every(tiny);
}

/**
 * The verified quantities in model coordinates (x_model = x_user / scale),
 * each scaled to one full orbit over ε ∈ [−1, 1] at the group scale π:
 *  - a flow with a rotation or squeeze part (JA has a non-zero eigenvalue)
 *    is scaled so that its fastest eigenvalue has modulus 1 (a phase
 *    rotation then sweeps ±π: the whole circle, as the oracle's does);
 *  - a nilpotent flow (translation, shear) is scaled so that over the data
 *    it moves no coordinate faster than 1 (the oracle's momenta translate
 *    every position by ±π).
 */
export function refitQuantities(quantities: readonly Quadratic[], scale: number, data: ModelData): Quadratic[] {
  return quantities.map((q) => {
    const { A, b } = toModelUnits(q.A, q.b, scale);
    const { JA, Jb } = flowOf(A, b);
    const rho = spectralRadius(JA);
    let factor: number;
    if (rho > 0) {
      factor = 1 / rho;
    } else {
      const speed = maxFlowSpeed(JA, Jb, data);
      factor = speed > 0 ? 1 / speed : 1;
    }
    return { A: A.map((r) => r.map((v) => v * factor)), b: b.map((v) => v * factor) };
  });
}

/** max over the training states and coordinates of |JA x + Jb|. */
function maxFlowSpeed(JA: number[][], Jb: number[], data: ModelData): number {
  const M = Jb.length;
  let s = 0;
  for (let i = 0; i < data.count; i++) {
    const x = data.x0.subarray(i * M, (i + 1) * M);
    for (let r = 0; r < M; r++) {
      let v = Jb[r];
      for (let c = 0; c < M; c++) v += JA[r][c] * x[c];
      s = Math.max(s, Math.abs(v));
    }
  }
  return s;
}

/** Steps of the refit: train.refitSteps, else the first stage's ('fresh') or half of them ('warm'). */
export function refitSteps(config: RunConfig): number {
  return config.train.refitSteps ?? (refitFrom(config) === 'fresh' ? config.train.steps : Math.round(config.train.steps / 2));
}

/** 'fresh' unless set (results files written before the setting existed had a warm refit). */
export function refitFrom(config: RunConfig): 'warm' | 'fresh' {
  return config.train.refitFrom ?? 'fresh';
}

/**
 * The steps a model compared with the learned one trains (the KL, and so
 * −ELBO, keeps falling with training time, and test errors too): as many as
 * the learned model's network has trained from its initialisation. A fresh
 * refit's network trains refitSteps, the first stage's `steps` (whichever is
 * kept); a warm refit's trains both.
 */
export function comparisonBudget(config: RunConfig): number {
  return refitFrom(config) === 'fresh' ? Math.max(config.train.steps, refitSteps(config)) : config.train.steps + refitSteps(config);
}

/**
 * Symmetry samples of the refit: train.refitSymmetrySamples, else 16 per
 * fixed quantity and at most the first stage's S. The refit's orbits are
 * known, so its samples only have to cover them: 16 stratified samples of a
 * circle average F as well as 32 (docs/performance.md), at half the cost.
 */
export function refitSymmetrySamples(config: RunConfig, count: number): number {
  return config.train.refitSymmetrySamples ?? Math.min(config.model.symmetrySamples, 16 * count);
}

/** The refit's settings: the first stage's model with `count` quantities fixed, for refitSteps steps. */
export function refitConfig(config: RunConfig, count: number): RunConfig {
  return {
    ...config,
    model: { ...config.model, kind: 'oracle', oracle: 'refit', K: count, symmetrySamples: refitSymmetrySamples(config, count) },
    train: { ...config.train, steps: refitSteps(config) },
  };
}

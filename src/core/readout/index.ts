/**
 * The readout (docs/method.md §7): from the K learned quantities to a report a
 * physicist can read — singular values, rank, a canonical basis in the
 * user's units and column names, names, what each symmetry does, and a
 * check of each quantity on the data. Everything here is float64.
 *
 * Units. Training sees x_model = x_user / scale (one global factor, which
 * keeps the system Hamiltonian). Singular values, rank, canonicalisation,
 * cleaning, naming and parallelness are computed in the model's coordinates,
 * where the data have unit scale so quadratic and linear parts are
 * commensurate; every matrix and formula reported is in user units
 * (A_user = A_model / scale², b_user = b_model / scale).
 */
import { SVD } from 'ml-matrix';
import type { ColumnRoles, Trajectory } from '../data/types';
import {
  analyseQuadratics, judgeQuantity, QuadraticFamily, quadraticToData, quadraticToStandard, REFINE_MAX_DEGREES,
  type ConservationAnalysis, type ConservationTest, type Quad,
} from '../conservation';
import type { ConservationInfo, ConservedQuantity, SymmetryReport } from '../results/types';
import { aFromW, generatorMatrix, toModelUnits, toUserUnits } from '../quantity/quadratic';
import { centreOf, describeAction } from './action';
import { canonicalBasis, PIVOT_PREFERENCE } from './canonical';
import { CLEAN_TOLERANCE, niceQuantity, SNAP_TOLERANCE } from './coefficients';
import { formatCoefficients } from './format';
import { knownQuantities, NAME_SIMILARITY, nameQuantity, type KnownQuantity } from './known';
import { parallelness } from './parallelness';
import { decideRank, RANK_DEFAULTS, type RankOptions } from './rank';
import { devectorize, toCoefficients, vectorize } from '../quantity/vectorize';

export { decideRank } from './rank';
export type { RankDecision, RankOptions } from './rank';

export interface ReadoutInput {
  /** Learned parameters in MODEL coordinates: C_k(x') = ½ x'ᵀ(W_k + W_kᵀ)x' + b_kᵀx'. */
  learned: { W: number[][]; b: number[] }[];
  /** x_model = x_user / scale. */
  scale: number;
  columns: ColumnRoles;
  /** Data in user units, for the drift check. */
  trajectories?: readonly Trajectory[];
  /** True quantities in user units (C = ½xᵀAx + bᵀx), for parallelness. */
  truth?: { A: number[][]; b: number[] }[];
  /** σ_i/σ_1 below this never counts toward the rank (default 0.02). */
  rankTolerance?: number;
  /** Further rank-rule settings (rank.ts). */
  rank?: RankOptions;
  /** More quantities to name matches against (model coordinates), e.g. the learned H's quadratic part. */
  extraKnown?: KnownQuantity[];
  /** The data's conservation analysis (conservation/), when the caller has it already; computed from `trajectories` otherwise. */
  analysis?: ConservationAnalysis;
}

export function readout(input: ReadoutInput): SymmetryReport {
  const { learned, scale, columns } = input;
  const M = columns.q.length + columns.p.length;
  if (columns.q.length !== columns.p.length) throw new Error(`readout: ${columns.q.length} q columns but ${columns.p.length} p columns`);
  if (!(scale > 0 && Number.isFinite(scale))) throw new Error(`readout: scale must be a positive number, got ${scale}`);
  for (const [k, { W, b }] of learned.entries()) {
    if (W.length !== M || W.some((row) => row.length !== M) || b.length !== M) {
      throw new Error(`readout: learned quantity ${k} is not ${M}x${M} / ${M} (the columns give M = ${M})`);
    }
    if (![...W.flat(), ...b].every(Number.isFinite)) throw new Error(`readout: learned quantity ${k} has a non-finite entry`);
  }
  const rankOptions: RankOptions = { ...input.rank, ...(input.rankTolerance !== undefined ? { relThreshold: input.rankTolerance } : {}) };
  const warnings: string[] = [];

  // 1. Stack the learned quantities (model units) and take the SVD.
  const theta = learned.map(({ W, b }) => vectorize(aFromW(W), b));
  const { values: singularValues, vectors } = rightSingular(theta);
  const decision = decideRank(singularValues, rankOptions);
  const rank = decision.rank;

  // 2. Canonical basis of the top-rank span, then readable coefficients in user units.
  const { basis, pivots } = canonicalBasis(vectors.slice(0, rank));
  const known = knownQuantities(columns);
  const tolerances = cleaningTolerances(singularValues, rank);
  const analysis = input.analysis ?? (input.trajectories ? analyseQuadratics(input.trajectories) : undefined);
  const shownSpan = new SpanTracker(M, analysis?.space.standardisation.scale);
  const card = (learnedModel: Quad): ConservedQuantity => {
    const learnedUser = toUserUnits(learnedModel.A, learnedModel.b, scale);
    // Cleaner versions in user units, cleanest first: centred (a short arc fixes its centre weakly), then by tolerance.
    // Terms are dropped by their size over the data (each coordinate at its own spread, so units do not
    // decide what is small); ratios are then snapped in the user's units.
    const spread = analysis?.space.standardisation.scale;
    const cleanings = (q: Quad): Quad[] => {
      const hasB = q.b.some((x) => x !== 0) && q.A.some((r) => r.some((x) => x !== 0));
      const variants = hasB ? [{ A: q.A, b: q.b.map(() => 0) }, q] : [q];
      const all = variants.flatMap((x) =>
        [{ cleanTolerance: MAX_TOLERANCE, snapTolerance: MAX_TOLERANCE }, ...tolerances].map((t) => {
          if (!spread) {
            const m = toModelUnits(x.A, x.b, scale);
            return niceQuantity(m.A, m.b, scale, t);
          }
          const d = dropSmallTerms(x, spread, t.cleanTolerance);
          return niceQuantity(d.A, d.b, 1, { cleanTolerance: 0, snapTolerance: t.snapTolerance });
        }),
      );
      // A cleaned form must not fall into the span of the quantities already shown (dropping the
      // linear part of L + P_x leaves L, conserved too): the cards must span what was learned.
      return all.filter((c) => shownSpan.independent(c));
    };
    const display = (q: Quad): Quad => {
      const m = toModelUnits(q.A, q.b, scale);
      return niceQuantity(m.A, m.b, scale, { cleanTolerance: 0, snapTolerance: 0 });
    };
    const judged = analysis && input.trajectories ? judgeQuantity(learnedUser, analysis, input.trajectories, cleanings, display) : undefined;
    const shown = judged ?? niceQuantity(learnedModel.A, learnedModel.b, scale, tolerances[0]);
    const shownModel = toModelUnits(shown.A, shown.b, scale);
    const { formula, unicode, latex } = formatCoefficients(toCoefficients(shown.A, shown.b), columns);
    // Standard names first; the extra ones (e.g. the learned H's quadratic part) only when none fits.
    let named = nameQuantity(shownModel.A, shownModel.b, known);
    if (!named.name && input.extraKnown?.length) {
      const extra = nameQuantity(shownModel.A, shownModel.b, input.extraKnown);
      if (extra.name) named = extra;
    }
    const q: ConservedQuantity = {
      A: shown.A,
      b: shown.b,
      formula,
      unicode,
      latex,
      name: named.name,
      action: describeAction(shown.A, shown.b, columns),
      drift: judged ? finiteOr(judged.test.relativeDrift, 1e308) : 0,
      conserved: judged?.test.verdict === 'conserved',
      generator: generatorMatrix(shown.A, shown.b),
      nameSimilarity: round(named.similarity, 6),
    };
    const centre = centreOf(shown.A, shown.b);
    if (centre) q.centre = centre;
    if (judged) {
      q.conservation = conservationInfo(judged.test);
      q.origin = judged.origin;
      q.learnedQuantity = { ...learnedUser, conservation: conservationInfo(judged.learnedTest) };
      if (judged.angleToConserved !== undefined) q.angleToConserved = round(judged.angleToConserved, 4);
      if (judged.origin !== 'learned') {
        q.adjustment =
          judged.origin === 'refined'
            ? `the learned quantity (${fmt(judged.angleToConserved ?? NaN)}° from the quadratics the data conserve) refined onto them; the formula shown is tested as such`
            : `a cleaned form of the learned quantity${judged.angleToConserved !== undefined ? ` (${fmt(judged.angleToConserved)}° from the quadratics the data conserve)` : ''}, shown because it passes the same test`;
      }
    }
    return q;
  };
  const conservedQuantities: ConservedQuantity[] = [];
  for (const v of basis) {
    const q = card(devectorize(v, M));
    shownSpan.add(q);
    conservedQuantities.push(q);
  }
  // What the data conserve and the learned span missed (e.g. one global scale hid a column from the network):
  // reported too, marked as found by the data alone, so no verdict depends on the network's units.
  if (analysis && input.trajectories) {
    for (const extra of missedByLearned(analysis, conservedQuantities)) {
      const m = toModelUnits(extra.A, extra.b, scale);
      const q = card(m);
      q.origin = 'data';
      q.adjustment = 'conserved on the data but not in the span the network learned; found by the data alone';
      conservedQuantities.push(q);
    }
  }

  // 3. Warnings.
  if (learned.length > 0 && decision.ambiguous) warnings.push(`The number of conserved quantities is ambiguous: ${decision.reason}. Reported rank ${rank}.`);
  if (learned.length > 0 && rank === learned.length && rank > 0) {
    warnings.push(`All ${rank} learned quantities are independent, so there may be more conserved quantities than were learned: rerun with a larger --K.`);
  }
  if (!input.trajectories && rank > 0) warnings.push('The quantities were not checked on data (no trajectories given).');
  if (analysis && !analysis.space.identifiability.identifiable) {
    warnings.push(`The quadratic quantities are not identifiable from these data: ${analysis.space.identifiability.reason}. Nothing is flagged conserved.`);
  } else {
    for (const q of conservedQuantities) {
      if (q.conservation && q.conservation.verdict !== 'conserved') warnings.push(`${q.formula} is ${q.conservation.verdict} on the data: ${q.conservation.reason}.`);
    }
  }

  const report: SymmetryReport = {
    singularValues,
    rank,
    conservedQuantities,
    learned: learned.map(({ W, b }) => {
      const u = toUserUnits(W, b, scale);
      return { W: u.A, b: u.b };
    }),
    details: {
      units: 'singularValues and parallelness are computed in the model coordinates x_user/scale; A, b, W and formulas are in user units',
      scale,
      rankRule: {
        ...RANK_DEFAULTS,
        ...rankOptions,
        gaps: decision.gaps,
        gap: decision.gap,
        ambiguous: decision.ambiguous,
        reason: decision.reason,
      },
      canonicalPivots: pivots,
      pivotPreference: PIVOT_PREFERENCE,
      cleaning: tolerances[0] ?? null,
      nameSimilarity: NAME_SIMILARITY,
      ...(analysis ? { nullDrift: analysis.nullDrift } : {}),
    },
    warnings,
  };
  if (analysis) {
    const id = analysis.space.identifiability;
    report.identifiability = { identifiable: id.identifiable, reason: id.reason, differences: id.differences, familySize: id.familySize, ...(id.needed !== undefined ? { needed: id.needed } : {}) };
    report.conservedSpace = {
      dimension: id.identifiable ? analysis.space.conserved.length : 0,
      chi2PerDof: analysis.space.conserved.concat(analysis.space.next ? [analysis.space.next] : []).map((d) => (d.dof > 0 ? round(d.chi2 / d.dof, 6) : NaN)).filter(Number.isFinite),
    };
  }
  if (input.truth) {
    const truthRows = input.truth.map(({ A, b }) => { const m = toModelUnits(A, b, scale); return vectorize(m.A, m.b); });
    report.parallelness = parallelness(vectors, truthRows);
  }
  return report;
}

/**
 * How hard to clean. The learned span is only known up to an angle of about
 * σ_{r+1}/σ_r (perturbation of singular subspaces), so coefficients of that
 * relative size are noise: clean and snap with 2·σ_{r+1}/σ_r, clamped to
 * [CLEAN_TOLERANCE, MAX_TOLERANCE] (snap: [SNAP_TOLERANCE, MAX_TOLERANCE]).
 * Candidates go from the adaptive setting to the fixed defaults to none.
 */
export const MAX_TOLERANCE = 0.1;

function cleaningTolerances(s: number[], rank: number): { cleanTolerance: number; snapTolerance: number }[] {
  if (rank === 0) return [];
  const noise = (s[rank] ?? 0) / s[rank - 1];
  const adaptive = Math.min(MAX_TOLERANCE, 2 * noise);
  return [
    { cleanTolerance: Math.max(CLEAN_TOLERANCE, adaptive), snapTolerance: Math.max(SNAP_TOLERANCE, adaptive) },
    { cleanTolerance: CLEAN_TOLERANCE, snapTolerance: SNAP_TOLERANCE },
    { cleanTolerance: 0, snapTolerance: 0 },
  ];
}

/** Singular values (descending) and the matching unit right singular vectors, in float64. */
function rightSingular(rows: number[][]): { values: number[]; vectors: number[][] } {
  if (rows.length === 0) return { values: [], vectors: [] };
  const svd = new SVD(rows, { autoTranspose: true, computeLeftSingularVectors: false });
  const V = svd.rightSingularVectors.to2DArray(); // P x min(K, P)
  const order = svd.diagonal.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s);
  return { values: order.map(({ s }) => s), vectors: order.map(({ i }) => V.map((row) => row[i])) };
}

/**
 * Directions of the data's conserved space farther than REFINE_MAX_DEGREES
 * from every quantity the readout shows as conserved (standardised
 * coefficients), in the data's units.
 */
function missedByLearned(analysis: ConservationAnalysis, shown: ConservedQuantity[]): Quad[] {
  if (!analysis.space.identifiability.identifiable || !analysis.space.conserved.length) return [];
  const st = analysis.space.standardisation;
  const family = new QuadraticFamily(analysis.noise.sigma.length);
  const coeffs = (q: Quad) => Array.from(family.fromQuadratic(quadraticToStandard(q, st).A, quadraticToStandard(q, st).b));
  const basis: number[][] = [];
  const addTo = (v: number[]): number => {
    const w = v.slice();
    for (const u of basis) {
      const k = u.reduce((s, x, i) => s + x * w[i], 0);
      for (let i = 0; i < w.length; i++) w[i] -= k * u[i];
    }
    const n = Math.hypot(...w);
    const rel = n / Math.max(Math.hypot(...v), Number.MIN_VALUE);
    if (rel > 1e-9) basis.push(w.map((x) => x / n));
    return rel;
  };
  for (const q of shown) if (q.conservation?.verdict === 'conserved') addTo(coeffs(q));
  const out: Quad[] = [];
  const minSine = Math.sin((REFINE_MAX_DEGREES * Math.PI) / 180);
  for (const d of analysis.space.conserved) {
    if (addTo(d.coefficients) > minSine) out.push(quadraticToData(family.toQuadratic(d.coefficients), st));
  }
  return out;
}

/**
 * The span of the quantities shown so far, in coefficients scaled by the
 * coordinates' spreads (so units do not decide), to keep cleaned forms
 * independent of the cards before them.
 */
class SpanTracker {
  private readonly basis: number[][] = [];
  constructor(private readonly M: number, private readonly spread?: readonly number[]) {}

  private vec(q: Quad): number[] {
    const s = this.spread ?? new Array<number>(this.M).fill(1);
    const v: number[] = [];
    for (let i = 0; i < this.M; i++) for (let j = i; j < this.M; j++) v.push(q.A[i][j] * s[i] * s[j]);
    for (let i = 0; i < this.M; i++) v.push(q.b[i] * s[i]);
    return v;
  }

  /** Sine of the angle between q and the span (1: orthogonal). */
  private residual(q: Quad): { w: number[]; sine: number } {
    const v = this.vec(q);
    const w = v.slice();
    for (const u of this.basis) {
      const k = u.reduce((acc, x, i) => acc + x * w[i], 0);
      for (let i = 0; i < w.length; i++) w[i] -= k * u[i];
    }
    return { w, sine: Math.hypot(...w) / Math.max(Math.hypot(...v), Number.MIN_VALUE) };
  }

  independent(q: Quad): boolean {
    return this.residual(q).sine > Math.sin((INDEPENDENT_DEGREES * Math.PI) / 180);
  }

  add(q: Quad): void {
    const { w } = this.residual(q);
    const n = Math.hypot(...w);
    if (n > 0) this.basis.push(w.map((x) => x / n));
  }
}

/** A cleaned card must stand at least this far from the span of the cards before it. */
const INDEPENDENT_DEGREES = 10;

/** q without the terms whose size over the data (|coefficient| × the spreads of its coordinates) is below tol × the largest. */
function dropSmallTerms(q: Quad, spread: readonly number[], tol: number): Quad {
  const M = q.b.length;
  let big = 0;
  for (let i = 0; i < M; i++) {
    big = Math.max(big, Math.abs(q.b[i]) * spread[i]);
    for (let j = 0; j < M; j++) big = Math.max(big, Math.abs(q.A[i][j]) * spread[i] * spread[j]);
  }
  const keep = (v: number, size: number) => (size < tol * big ? 0 : v);
  return {
    A: q.A.map((r, i) => r.map((v, j) => keep(v, Math.abs(v) * spread[i] * spread[j]))),
    b: q.b.map((v, i) => keep(v, Math.abs(v) * spread[i])),
  };
}

function conservationInfo(t: ConservationTest): ConservationInfo {
  return {
    verdict: t.verdict,
    reason: t.reason,
    chi2PerDof: t.chi2PerDof,
    dof: t.dof,
    noiseDof: Number.isFinite(t.noiseDof) ? round(t.noiseDof, 3) : null,
    pValue: t.pValue,
    alpha: t.alpha,
    relativeDrift: t.relativeDrift,
    driftRate: t.driftRate,
  };
}

function finiteOr(v: number, fallback: number): number {
  return Number.isFinite(v) ? v : fallback;
}

function round(v: number, digits: number): number {
  return Number(v.toFixed(digits));
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(2) : String(v);
}

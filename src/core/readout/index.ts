/**
 * The readout (method.md §7): from the K learned quantities to a report a
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
import type { ConservedQuantity, SymmetryReport } from '../results/types';
import { aFromW, generatorMatrix, toModelUnits, toUserUnits } from '../quantity/quadratic';
import { centreOf, describeAction } from './action';
import { canonicalBasis, PIVOT_PREFERENCE } from './canonical';
import { CLEAN_TOLERANCE, niceQuantity, SNAP_TOLERANCE } from './coefficients';
import { conservedThreshold, DRIFT_THRESHOLD, measureDrift, NULL_FRACTION, nullDrift } from './drift';
import { formatCoefficients } from './format';
import { knownQuantities, NAME_SIMILARITY, nameQuantity, type KnownQuantity } from './known';
import { parallelness } from './parallelness';
import { decideRank, RANK_DEFAULTS, type RankOptions } from './rank';
import { devectorize, vectorize } from '../quantity/vectorize';

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
  /** conserved = drift < min(driftThreshold, NULL_FRACTION × the data's null drift) (default 0.05). */
  driftThreshold?: number;
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
  const fixedThreshold = input.driftThreshold ?? DRIFT_THRESHOLD;
  const nullReference = input.trajectories ? nullDrift(input.trajectories) : 0;
  const driftThreshold = conservedThreshold(fixedThreshold, nullReference);
  const warnings: string[] = [];

  // 1. Stack the learned quantities (model units) and take the SVD.
  const theta = learned.map(({ W, b }) => vectorize(symmetrise(W), b));
  const { values: singularValues, vectors } = rightSingular(theta);
  const decision = decideRank(singularValues, rankOptions);
  const rank = decision.rank;

  // 2. Canonical basis of the top-rank span, then readable coefficients in user units.
  const { basis, pivots } = canonicalBasis(vectors.slice(0, rank));
  const known = knownQuantities(columns);
  const tolerances = cleaningTolerances(singularValues, rank);
  const conservedQuantities: ConservedQuantity[] = basis.map((v) => {
    const learnedRaw = devectorize(v, M);
    // The rotation centre (linear terms of a quadratic quantity) is weakly
    // identified by short arcs (method.md §11): when the data conserve the
    // centred quantity much better, report that one and say so.
    const centred = centredAlternative(learnedRaw, scale, tolerances, input.trajectories, driftThreshold);
    const raw = centred ? { A: learnedRaw.A, b: learnedRaw.b.map(() => 0) } : learnedRaw;
    const nice = centred ? centred.nice : chooseCleaning(raw, scale, tolerances, input.trajectories, driftThreshold);
    const { formula, unicode, latex } = formatCoefficients(nice.coefficients, columns);
    // Standard names first; the extra ones (e.g. the learned H's quadratic part) only when none fits.
    let named = nameQuantity(raw.A, raw.b, known);
    if (!named.name && input.extraKnown?.length) {
      const extra = nameQuantity(raw.A, raw.b, input.extraKnown);
      if (extra.name) named = extra;
    }
    const q: ConservedQuantity = {
      A: nice.A,
      b: nice.b,
      formula,
      unicode,
      latex,
      name: named.name,
      action: describeAction(nice.A, nice.b, columns),
      drift: NaN,
      conserved: false,
      generator: generatorMatrix(nice.A, nice.b),
      nameSimilarity: round(named.similarity, 6),
    };
    const centre = centreOf(nice.A, nice.b);
    if (centre) q.centre = centre;
    if (centred) {
      q.adjustment = `linear terms of the learned quantity dropped (learned centre ${fmtCentre(centreOf(...userUnitsOf(learnedRaw, scale)), columns)}): the data conserve the centred quantity better (drift ${fmt(centred.drift)} vs ${fmt(centred.learnedDrift)})`;
    }
    if (input.trajectories) {
      const d = measureDrift(nice.A, nice.b, input.trajectories);
      q.drift = d.drift;
      q.spreadRatio = d.spreadRatio;
      q.conserved = d.drift < driftThreshold;
    }
    return q;
  });

  // 3. Warnings.
  if (learned.length > 0 && decision.ambiguous) warnings.push(`The number of conserved quantities is ambiguous: ${decision.reason}. Reported rank ${rank}.`);
  if (learned.length > 0 && rank === learned.length && rank > 0) {
    warnings.push(`All ${rank} learned quantities are independent, so there may be more conserved quantities than were learned: rerun with a larger --K.`);
  }
  if (!input.trajectories && rank > 0) warnings.push('The quantities were not checked on data (no trajectories given): drift is unknown.');
  for (const q of conservedQuantities) {
    if (input.trajectories && !q.conserved) {
      warnings.push(`${q.formula} is not conserved on the data (relative drift ${fmt(q.drift)} ≥ ${fmt(driftThreshold)}).`);
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
      driftThreshold,
      driftRule: { fixed: fixedThreshold, nullDrift: nullReference, nullFraction: NULL_FRACTION },
    },
    warnings,
  };
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

/**
 * The most cleaned version that the data do not contradict: the hardest
 * cleaning (MAX_TOLERANCE) when the data conserve it (drift below the
 * `conserved` threshold) at least as well as the uncleaned quantity, else the first candidate that is not noticeably less
 * conserved (drift at most 1.5× and +0.01). Without data, the first candidate.
 */
function chooseCleaning(
  raw: { A: number[][]; b: number[] },
  scale: number,
  candidates: { cleanTolerance: number; snapTolerance: number }[],
  trajectories: readonly Trajectory[] | undefined,
  /** Drift below which a quantity counts as conserved. */
  conservedBelow: number,
) {
  const first = niceQuantity(raw.A, raw.b, scale, candidates[0]);
  if (!trajectories) return first;
  const exact = niceQuantity(raw.A, raw.b, scale, candidates[candidates.length - 1]);
  const ref = measureDrift(exact.A, exact.b, trajectories).drift;
  // The learned direction can be off by more than the spectrum suggests (parallelness 0.99 is ~8°):
  // the hardest cleaning is taken when the data conserve its result, at least as well as the learned one.
  const hardest = niceQuantity(raw.A, raw.b, scale, { cleanTolerance: MAX_TOLERANCE, snapTolerance: MAX_TOLERANCE });
  const hardDrift = measureDrift(hardest.A, hardest.b, trajectories).drift;
  if (hardDrift <= ref && hardDrift < conservedBelow) return hardest;
  for (const c of candidates) {
    const q = c === candidates[0] ? first : niceQuantity(raw.A, raw.b, scale, c);
    const d = measureDrift(q.A, q.b, trajectories).drift;
    if (d <= Math.max(1.5 * ref, ref + 0.01)) return q;
  }
  return exact;
}

/**
 * For a quadratic quantity with linear terms: the same quantity centred at the
 * origin, when its drift on the data is at most half the learned one's.
 */
function centredAlternative(
  raw: { A: number[][]; b: number[] },
  scale: number,
  tolerances: { cleanTolerance: number; snapTolerance: number }[],
  trajectories: readonly Trajectory[] | undefined,
  conservedBelow: number,
): { nice: ReturnType<typeof niceQuantity>; drift: number; learnedDrift: number } | null {
  if (!trajectories) return null;
  const hasA = raw.A.some((r) => r.some((v) => Math.abs(v) > 1e-12));
  const hasB = raw.b.some((v) => Math.abs(v) > 1e-12);
  if (!hasA || !hasB) return null;
  const learned = chooseCleaning(raw, scale, tolerances, trajectories, conservedBelow);
  const learnedDrift = measureDrift(learned.A, learned.b, trajectories).drift;
  const nice = chooseCleaning({ A: raw.A, b: raw.b.map(() => 0) }, scale, tolerances, trajectories, conservedBelow);
  const drift = measureDrift(nice.A, nice.b, trajectories).drift;
  return drift <= 0.5 * learnedDrift ? { nice, drift, learnedDrift } : null;
}

function userUnitsOf(raw: { A: number[][]; b: number[] }, scale: number): [number[][], number[]] {
  const u = toUserUnits(raw.A, raw.b, scale);
  return [u.A, u.b];
}

function fmtCentre(c: number[] | null, columns: ColumnRoles): string {
  if (!c) return 'none';
  const names = [...columns.q, ...columns.p];
  return c.map((v, i) => `${names[i]} = ${fmt(v)}`).join(', ');
}

function symmetrise(W: number[][]): number[][] {
  return W.map((row, i) => row.map((w, j) => w + W[j][i]));
}

/** Singular values (descending) and the matching unit right singular vectors, in float64. */
function rightSingular(rows: number[][]): { values: number[]; vectors: number[][] } {
  if (rows.length === 0) return { values: [], vectors: [] };
  const svd = new SVD(rows, { autoTranspose: true, computeLeftSingularVectors: false });
  const V = svd.rightSingularVectors.to2DArray(); // P x min(K, P)
  const order = svd.diagonal.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s);
  return { values: order.map(({ s }) => s), vectors: order.map(({ i }) => V.map((row) => row[i])) };
}

function round(v: number, digits: number): number {
  return Number(v.toFixed(digits));
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(2) : String(v);
}

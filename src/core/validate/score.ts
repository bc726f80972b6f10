/**
 * Scoring a discover result against a validation case's truth (issue 13
 * item 6). Pure functions over the results JSON: the verdicts are read with
 * src/shared/verdicts.ts (v2 verdicts, or v1's `conserved: boolean`), the
 * quantities' A, b in the CSV's units, and compared with the truth in
 * standardised coordinates (each column divided by its std over the data), so
 * the comparison does not depend on units.
 */
import { summarizeRun, verdictsOf, type VerdictSource } from '../../shared/verdicts';
import { angleToSpanDeg, dot, orthonormalBasis, vectorize, type CaseTruth } from './cases';

/** The part of a results file the scoring reads (v1 and v2). */
export interface ScoredResults {
  symmetry?: {
    rank: number;
    conservedQuantities: Array<VerdictSource & { A: number[][]; b: number[] }>;
    identifiability?: { identifiable: boolean; reason?: string };
  };
}

export interface QuantityScore {
  formula: string;
  conservation: string;
  symmetry: string;
  /** Angle (deg) to the true span in standardised coordinates (90 when nothing is conserved). */
  angleDeg: number;
  /** Reported 'conserved': true when inside the true span (and identifiable), else a false 'conserved'. */
  outcome: 'TP' | 'FP' | '-';
  /** The approximate invariant it matches, when a false 'conserved' is one. */
  approximate?: string;
  /** Reported 'symmetry': true only for a true invariant of a Hamiltonian flow. */
  symmetryOutcome: 'TP' | 'FP' | '-';
}

export interface CaseScore {
  expected: string;
  reported: string;
  trueRank: number;
  /** Quantities the report calls 'conserved'. */
  conserved: number;
  tp: number;
  fp: number;
  /** True dimensions not covered by the true positives. */
  fn: number;
  /** Dimension of the true span covered by the true positives / true rank (1 when the truth is empty). */
  recall: number;
  /** #conserved == true rank ('conserved' cases), #conserved == 0 otherwise. */
  rankOk: boolean;
  /** Largest angle of a reported conserved quantity to the true span (deg). */
  maxAngleDeg: number | null;
  /** Largest principal angle between the reported conserved span and the true span, when their dimensions agree (deg). */
  spanAngleDeg: number | null;
  symmetryTp: number;
  symmetryFp: number;
  /** For 'none'/'not identifiable' cases: nothing conserved reported (true none) or something (false). */
  none: 'true none' | 'false none' | 'missed none' | '-';
  /** What the results said about identifiability (undefined: not reported). */
  identifiable?: boolean;
  quantities: QuantityScore[];
}

/**
 * Score one result. `std` is each column's std over the data the result was
 * computed on (the standardisation of the angle).
 */
export function scoreCase(truth: CaseTruth, results: ScoredResults, std: number[]): CaseScore {
  const trueVecs = truth.invariants.map((q) => vectorize(q, std));
  const basis = orthonormalBasis(trueVecs);
  const trueRank = truth.expect === 'conserved' ? basis.length : 0;
  const sym = results.symmetry;
  const identifiable = sym?.identifiability?.identifiable;
  // The product's own rule (summarizeRun): not identifiable ⇒ nothing counts as conserved.
  const suppressed = identifiable === false;
  const approx = truth.approximate.map((a) => ({ label: a.label, v: vectorize(a, std) }));

  const quantities: QuantityScore[] = [];
  const tpVecs: number[][] = [];
  const conservedVecs: number[][] = [];
  let maxAngle: number | null = null;
  for (const q of sym?.conservedQuantities ?? []) {
    const v = verdictsOf(q);
    const vec = vectorize(q, std);
    const angle = angleToSpanDeg(vec, basis);
    const isConserved = v.conservation === 'conserved' && !suppressed;
    const inSpan = truth.expect === 'conserved' && angle <= truth.angleTolDeg;
    let outcome: QuantityScore['outcome'] = '-';
    let approximate: string | undefined;
    if (isConserved) {
      conservedVecs.push(vec);
      maxAngle = Math.max(maxAngle ?? 0, angle);
      if (inSpan) {
        outcome = 'TP';
        tpVecs.push(projectOnto(vec, basis));
      } else {
        outcome = 'FP';
        const near = approx.map((a) => ({ label: a.label, ang: angleToSpanDeg(vec, orthonormalBasis([a.v])) })).sort((a, b) => a.ang - b.ang)[0];
        if (near && near.ang <= ANGLE_NEAR_DEG) approximate = near.label;
      }
    }
    const symmetryOutcome: QuantityScore['symmetryOutcome'] =
      v.symmetry !== 'symmetry' ? '-' : truth.hamiltonian && truth.expect === 'conserved' && angle <= truth.angleTolDeg ? 'TP' : 'FP';
    quantities.push({ formula: q.formula, conservation: suppressed && v.conservation === 'conserved' ? 'conserved (suppressed: not identifiable)' : v.conservation, symmetry: v.symmetry, angleDeg: round(angle, 2), outcome, approximate, symmetryOutcome });
  }
  const covered = orthonormalBasis(tpVecs, 0.05).length;
  const tp = quantities.filter((q) => q.outcome === 'TP').length;
  const fp = quantities.filter((q) => q.outcome === 'FP').length;
  const conserved = tp + fp;
  const rankOk = truth.expect === 'conserved' ? conserved === trueRank && fp === 0 : conserved === 0;
  let spanAngle: number | null = null;
  if (conserved > 0 && conserved === trueRank) spanAngle = largestPrincipalAngleDeg(orthonormalBasis(conservedVecs), basis);
  const expectedText = truth.expect === 'conserved' ? `${trueRank} conserved` : truth.expect;
  const reportedText = suppressed ? 'not identifiable' : conserved === 0 ? 'none' : `${conserved} conserved`;
  return {
    expected: expectedText,
    reported: reportedText,
    trueRank,
    conserved,
    tp,
    fp,
    fn: Math.max(0, trueRank - covered),
    recall: trueRank === 0 ? 1 : covered / trueRank,
    rankOk,
    maxAngleDeg: maxAngle === null ? null : round(maxAngle, 2),
    spanAngleDeg: spanAngle === null ? null : round(spanAngle, 2),
    symmetryTp: quantities.filter((q) => q.symmetryOutcome === 'TP').length,
    symmetryFp: quantities.filter((q) => q.symmetryOutcome === 'FP').length,
    none: truth.expect === 'conserved' ? (conserved === 0 ? 'missed none' : '-') : conserved === 0 ? 'true none' : 'false none',
    identifiable,
    quantities,
  };
}

/** A false 'conserved' within this angle of an approximate invariant is labelled as that invariant. */
const ANGLE_NEAR_DEG = 10;

function projectOnto(v: number[], basis: number[][]): number[] {
  const out = new Array<number>(v.length).fill(0);
  for (const e of basis) {
    const d = dot(e, v);
    for (let i = 0; i < v.length; i++) out[i] += d * e[i];
  }
  return out;
}

/** Largest principal angle (deg) between the spans of two orthonormal bases of equal dimension: acos of the smallest singular value of UᵀV. */
export function largestPrincipalAngleDeg(U: number[][], V: number[][]): number {
  if (U.length === 0 || V.length === 0) return 90;
  // Smallest singular value of UᵀV = sqrt(smallest eigenvalue of (UᵀV)(UᵀV)ᵀ), by Jacobi on a small symmetric matrix.
  const k = U.length;
  const C = U.map((u) => V.map((v) => dot(u, v)));
  const G = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => dot(C[i], C[j])));
  const eig = jacobiEigenvalues(G);
  const smin = Math.sqrt(Math.max(0, Math.min(...eig)));
  return (Math.acos(Math.min(1, smin)) * 180) / Math.PI;
}

function jacobiEigenvalues(S: number[][]): number[] {
  const a = S.map((r) => r.slice());
  const n = a.length;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i][j] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p], akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k], aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
      }
    }
  }
  return a.map((r, i) => r[i]);
}

function round(x: number, d: number): number {
  return Number(x.toFixed(d));
}

/** The run's one-line summary as the product words it (for the table). */
export function headline(results: ScoredResults): string {
  return summarizeRun(results as Parameters<typeof summarizeRun>[0]).headline;
}

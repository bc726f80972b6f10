/**
 * From a learned quantity to the formula a card shows, and its conservation
 * verdict (docs/method.md, "Verdicts").
 *
 * The razor learns directions in float32 from a Monte-Carlo objective, so a
 * learned quantity is a few degrees off whatever the data conserve; on
 * precise data that alone fails the test. When the learned quantity lies
 * close to the data's conserved space (conservedSpace), the data pin it down:
 * the card shows its projection onto that space, tested with the degrees of
 * freedom that the fit of the space used. A cleaned formula (rounded, snapped,
 * centred) replaces it only when it passes the same test. The learned
 * coefficients are always kept beside it.
 */
import type { Trajectory } from '../data/types';
import { QuadraticFamily, quadraticToData, quadraticToStandard } from './family';
import type { ConservationAnalysis } from './analysis';
import { fCritical } from './stats';
import { quadraticQuantity, testConservation, type ConservationTest } from './test';

/** A learned quantity within this angle of the data's conserved space is refined onto it. */
export const REFINE_MAX_DEGREES = 20;

export interface Quad {
  A: number[][];
  b: number[];
}

export interface Judgement extends Quad {
  test: ConservationTest;
  /** The learned quantity's own test. */
  learnedTest: ConservationTest;
  /** Angle (degrees, standardised coordinates) between the learned quantity and the data's conserved space; absent when the space is empty. */
  angleToConserved?: number;
  /** How the shown quantity came from the learned one. */
  origin: 'learned' | 'refined' | 'cleaned';
}

export function judgeQuantity(
  learned: Quad,
  analysis: ConservationAnalysis,
  trajectories: readonly Trajectory[],
  /** Cleaner versions of a quantity, cleanest first (user units). */
  cleanings: (q: Quad) => Quad[],
  /** The same quantity scaled for display (a test is unchanged by scaling C, its drift rate is not). */
  display: (q: Quad) => Quad = (q) => q,
): Judgement {
  const test = (q: Quad, fitted: number) =>
    testConservation(quadraticQuantity(q.A, q.b), trajectories, analysis.noise, { fitted, nullDrift: analysis.nullDrift });
  const learnedTest = test(learned, 0);
  const { identifiable, reason } = analysis.space.identifiability;
  if (!identifiable) {
    const shown = display(learned);
    return { ...shown, learnedTest, test: { ...test(shown, 0), verdict: 'not identifiable', reason }, origin: 'learned' };
  }
  const projection = projectOntoConserved(learned, analysis);
  const refine = projection && projection.angle <= REFINE_MAX_DEGREES;
  const base = display(refine ? projection.q : learned);
  const fitted = refine ? analysis.space.identifiability.familySize - analysis.space.conserved.length : 0;
  const baseTest = test(base, fitted);
  const angleToConserved = projection?.angle;
  // A cleaned form replaces the formula only with the same verdict from the same test (conserved stays conserved,
  // a drifting quantity reads as its clean form with that form's own numbers).
  for (const c of cleanings(base)) {
    const t = test(c, 0);
    if (t.verdict === baseTest.verdict && !fitsWorse(t, baseTest)) return { ...c, test: t, learnedTest, angleToConserved, origin: 'cleaned' };
  }
  return { ...base, test: baseTest, learnedTest, angleToConserved, origin: refine ? 'refined' : 'learned' };
}

/** Significance at which the data prefer the uncleaned quantity to a cleaned one. */
export const CLEANING_ALPHA = 0.01;

/**
 * Do the data prefer the uncleaned quantity? The cleaned one constrains the
 * coefficients further, so its χ² can only be larger by chance by about a
 * χ²(1) of the uncleaned one's reduced χ²: a larger increase means the dropped
 * terms are real (a small cross term on noisy data passes the conservation test
 * either way; the comparison does not).
 */
function fitsWorse(cleaned: ConservationTest, base: ConservationTest): boolean {
  const scale = Math.max(base.chi2PerDof, Number.MIN_VALUE);
  const increase = cleaned.chi2PerDof * cleaned.dof - base.chi2PerDof * base.dof;
  return Number.isFinite(increase) && increase / scale > fCritical(CLEANING_ALPHA, 1, Infinity);
}


/**
 * The projection of q onto the conserved space in standardised coefficients
 * (every coordinate at unit spread, so the angle does not depend on units),
 * mapped back to the data's units, with the angle in degrees.
 */
export function projectOntoConserved(q: Quad, analysis: ConservationAnalysis): { q: Quad; angle: number } | null {
  const basis = analysis.space.conserved.map((d) => d.coefficients);
  if (!basis.length) return null;
  const M = q.b.length;
  const family = new QuadraticFamily(M);
  const st = analysis.space.standardisation;
  const z = quadraticToStandard(q, st);
  const c = Array.from(family.fromQuadratic(z.A, z.b));
  const ortho = gramSchmidt(basis);
  const proj = new Array<number>(c.length).fill(0);
  for (const u of ortho) {
    const k = dot(u, c);
    for (let i = 0; i < c.length; i++) proj[i] += k * u[i];
  }
  const nc = Math.hypot(...c);
  const np = Math.hypot(...proj);
  if (!(nc > 0) || !(np > 0)) return null;
  const angle = (Math.acos(Math.min(1, np / nc)) * 180) / Math.PI;
  // Keep the learned quantity's size, so the card's coefficients stay comparable.
  const back = quadraticToData(family.toQuadratic(proj.map((v) => (v * nc) / np)), st);
  return { q: back, angle };
}

function gramSchmidt(rows: number[][]): number[][] {
  const out: number[][] = [];
  for (const r of rows) {
    const v = r.slice();
    for (const u of out) {
      const k = dot(u, v);
      for (let i = 0; i < v.length; i++) v[i] -= k * u[i];
    }
    const n = Math.hypot(...v);
    if (n > 1e-10) out.push(v.map((x) => x / n));
  }
  return out;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

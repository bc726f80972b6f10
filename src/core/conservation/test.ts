/**
 * "Is C conserved on these data?" as a statistical test (docs/method.md,
 * "Verdicts").
 *
 * If C is conserved and the states carry independent measurement noise e_t
 * with per-coordinate std σ_i, then along a trajectory
 * C(x_t + e_t) ≈ C_traj + ∇C·e_t (+ a second-order term), so the values
 * scatter around one constant with variance v_t = Σ_i (∂_i C)² σ_i² (+ ½ Σ_ij
 * (∂_ij C σ_i σ_j)²). Hence
 *
 *   χ² = Σ_traj Σ_t (C(x_t) − C̄_traj)² / v_t ,  C̄_traj the 1/v-weighted mean,
 *
 * has Σ_traj (T − 1) degrees of freedom, less any coefficients fitted to
 * these same data. With σ estimated from the data (noise.ts, k degrees of
 * freedom), χ²/dof is F-distributed; C is "conserved" unless P(F ≥ f) < α.
 * Every part is a ratio in C's own units and each coordinate's own units, so
 * the verdict does not depend on units.
 *
 * Rejected quantities are split by the unit-free relative drift (how much C
 * varies along trajectories compared with how much a generic function of the
 * same gradient would, by Cauchy–Schwarz in coordinates standardised to unit
 * spread): small → "approximately conserved" (with its drift rate per unit
 * time), else "not conserved".
 */
import type { Trajectory } from '../data/types';
import type { ConservationVerdict } from '../../shared/verdicts';
import type { NoiseEstimate } from './noise';
import { fSurvival } from './stats';

/** Significance level of the conservation test. */
export const CONSERVATION_ALPHA = 1e-3;
/** Relative drift below which a rejected quantity is "approximately conserved" (also below APPROX_NULL_FRACTION × a generic quantity's drift). */
export const APPROX_DRIFT = 0.05;
export const APPROX_NULL_FRACTION = 0.1;

export interface TestedQuantity {
  value(x: ArrayLike<number>): number;
  gradient(x: ArrayLike<number>): ArrayLike<number>;
  /** The constant Hessian of a quadratic C, for the second-order noise term ½ Σ_ij (∂_ij C σ_i σ_j)² (omitted: 0). */
  hessian?: number[][];
}

export interface ConservationTest {
  verdict: ConservationVerdict;
  /** χ²/dof: 1 is what the noise alone explains. */
  chi2PerDof: number;
  dof: number;
  /** Degrees of freedom of the noise estimate the test used (Infinity: σ treated as known, an upper bound). */
  noiseDof: number;
  /** P(F ≥ χ²/dof) under "C is conserved". */
  pValue: number;
  alpha: number;
  /** Unit-free: RMS variation of C along trajectories / RMS |∇C|·|x − x̄| (0 conserved, O(1) generic). */
  relativeDrift: number;
  /** Pooled slope of C over time: in C's units per time unit, and relative to C's std over all states. */
  driftRate: { perTime: number; relativePerTime: number; standardError: number };
  /** One sentence: what decided. */
  reason: string;
}

export interface TestOptions {
  /** Coefficients of C fitted to these same data (lowers the degrees of freedom). */
  fitted?: number;
  alpha?: number;
  /** Drift of a generic quantity on these data (nullDrift); tightens APPROX_DRIFT. */
  nullDrift?: number;
}

export function testConservation(q: TestedQuantity, trajectories: readonly Trajectory[], noise: NoiseEstimate, opts: TestOptions = {}): ConservationTest {
  const alpha = opts.alpha ?? CONSERVATION_ALPHA;
  const used = trajectories.filter((tr) => tr.states.length >= 2);
  const M = used[0]?.states[0].length ?? 0;
  // Everything below runs in standardised units (each coordinate over its spread s_i, C over c0 = max |∂_iC| s_i),
  // so that neither a column's units nor C's size can overflow a square (values up to the loader's limit).
  const spread = coordinateSpread(used, M);
  const grads = used.map((tr) => tr.states.map((x) => q.gradient(x)));
  let c0 = 0;
  for (const gs of grads) for (const g of gs) for (let i = 0; i < M; i++) c0 = Math.max(c0, Math.abs(g[i]) * spread[i]);
  if (!(c0 > 0 && Number.isFinite(c0))) c0 = 1;
  const sig2 = noise.sigma.map((sg, i) => (sg / spread[i]) ** 2);
  let curv = 0;
  if (q.hessian) {
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < M; j++) curv += ((q.hessian[i][j] * spread[i] * spread[j]) / c0) ** 2 * sig2[i] * sig2[j];
    }
    curv *= 0.5;
  }
  let chi2 = 0;
  let n = 0;
  let num = 0;
  let den = 0;
  let sxy = 0;
  let sxx = 0;
  let resid = 0;
  const all: number[] = [];
  // Each coordinate's share of C's noise variance, for the noise estimate's combined degrees of freedom.
  const share = new Array<number>(M).fill(0);
  used.forEach((tr, k) => {
    const T = tr.states.length;
    const values = tr.states.map((x) => q.value(x) / c0);
    const g = grads[k].map((gr) => Array.from({ length: M }, (_, i) => (gr[i] * spread[i]) / c0));
    const v = g.map((gt) => {
      let s = curv;
      for (let i = 0; i < M; i++) s += gt[i] * gt[i] * sig2[i];
      if (s > 0) for (let i = 0; i < M; i++) share[i] += (gt[i] * gt[i] * sig2[i]) / s;
      return s;
    });
    let wsum = 0;
    let wc = 0;
    values.forEach((c, t) => {
      const w = v[t] > 0 ? 1 / v[t] : 0;
      wsum += w;
      wc += w * c;
    });
    const cbar = wsum > 0 ? wc / wsum : values.reduce((a, b) => a + b, 0) / T;
    values.forEach((c, t) => {
      chi2 += v[t] > 0 ? (c - cbar) ** 2 / v[t] : c === cbar ? 0 : Infinity;
    });
    n += T - 1;
    // Relative drift (Cauchy–Schwarz in standardised coordinates, so unit-free) and the pooled slope over time.
    const mean = new Array<number>(M).fill(0);
    for (const x of tr.states) for (let i = 0; i < M; i++) mean[i] += x[i] / T;
    const plain = values.reduce((a, b) => a + b, 0) / T;
    let tbar = 0;
    for (let t = 0; t < T; t++) tbar += tr.t[t] / T;
    let trSxy = 0;
    let trSxx = 0;
    tr.states.forEach((x, t) => {
      num += (values[t] - plain) ** 2;
      let g2 = 0;
      let d2 = 0;
      for (let i = 0; i < M; i++) {
        g2 += g[t][i] ** 2;
        d2 += ((x[i] - mean[i]) / spread[i]) ** 2;
      }
      den += g2 * d2;
      trSxy += (tr.t[t] - tbar) * (values[t] - plain);
      trSxx += (tr.t[t] - tbar) ** 2;
      all.push(values[t]);
    });
    sxy += trSxy;
    sxx += trSxx;
    if (trSxx > 0) {
      const slope = trSxy / trSxx;
      tr.states.forEach((_, t) => { resid += (values[t] - plain - slope * (tr.t[t] - tbar)) ** 2; });
    }
  });
  const dof = Math.max(0, n - (opts.fitted ?? 0));
  const noiseDof = combinedDof(share, effectiveNoiseDof(noise));
  const chi2PerDof = dof > 0 ? chi2 / dof : NaN;
  const pValue = dof > 0 && Number.isFinite(chi2PerDof) ? fSurvival(chi2PerDof, dof, noiseDof) : chi2 === Infinity ? 0 : NaN;
  const relativeDrift = den > 0 ? Math.sqrt(num / den) : num > 0 ? Infinity : 0;
  const mu = all.reduce((a, b) => a + b, 0) / Math.max(1, all.length);
  const cSpread = Math.sqrt(all.reduce((a, b) => a + (b - mu) ** 2, 0) / Math.max(1, all.length));
  const perTime = sxx > 0 ? sxy / sxx : 0;
  const standardError = sxx > 0 && n > 2 ? Math.sqrt(resid / Math.max(1, n - 1) / sxx) : NaN;
  // Back to C's units per time unit (values were divided by c0).
  const driftRate = { perTime: perTime * c0, relativePerTime: cSpread > 0 ? perTime / cSpread : 0, standardError: standardError * c0 };
  const approxBelow = opts.nullDrift && opts.nullDrift > 0 ? Math.min(APPROX_DRIFT, APPROX_NULL_FRACTION * opts.nullDrift) : APPROX_DRIFT;

  let verdict: ConservationVerdict;
  let reason: string;
  if (!(dof > 0)) {
    verdict = 'not identifiable';
    reason = `no degrees of freedom left to test (${n} within-trajectory differences, ${opts.fitted ?? 0} coefficients fitted)`;
  } else if (pValue >= alpha) {
    verdict = 'conserved';
    reason = `its variation along the trajectories is what the measurement noise explains: χ²/dof = ${fmt(chi2PerDof)} on ${dof} dof, p = ${fmt(pValue)} ≥ ${alpha}`;
  } else if (relativeDrift < approxBelow) {
    verdict = 'approximately conserved';
    reason = `it varies more than the noise explains (χ²/dof = ${fmt(chi2PerDof)} on ${dof} dof, p = ${fmt(pValue)} < ${alpha}) but little (relative drift ${fmt(relativeDrift)} < ${fmt(approxBelow)})`;
  } else {
    verdict = 'not conserved';
    reason = `it varies along the trajectories far beyond the noise (χ²/dof = ${fmt(chi2PerDof)}, p = ${fmt(pValue)}; relative drift ${fmt(relativeDrift)})`;
  }
  return { verdict, chi2PerDof, dof, noiseDof, pValue, alpha, relativeDrift, driftRate, reason };
}

/** Standard deviation of each coordinate over all states (1 where a coordinate does not vary). */
function coordinateSpread(trajectories: readonly Trajectory[], M: number): number[] {
  const mean = new Array<number>(M).fill(0);
  let n = 0;
  for (const tr of trajectories) for (const x of tr.states) { for (let i = 0; i < M; i++) mean[i] += x[i]; n++; }
  for (let i = 0; i < M; i++) mean[i] /= Math.max(1, n);
  const v = new Array<number>(M).fill(0);
  for (const tr of trajectories) for (const x of tr.states) for (let i = 0; i < M; i++) v[i] += (x[i] - mean[i]) ** 2;
  return v.map((s, i) => {
    const sd = Math.sqrt(s / Math.max(1, n));
    return sd > 0 && Number.isFinite(sd) ? sd : Math.abs(mean[i]) || 1;
  });
}

/**
 * The degrees of freedom to credit each σ with. A σ flagged as an upper bound
 * (no plateau: the estimate is the signal's leak, not noise) has no sampling
 * error worth the name: it is treated as known (∞), so the test is not made
 * lenient by a small count of windows on data that are in fact nearly exact.
 */
export function effectiveNoiseDof(noise: NoiseEstimate): number[] {
  return noise.dof.map((d, i) => (noise.upperBound[i] ? Infinity : d));
}

/**
 * Welch–Satterthwaite: C's noise variance is a weighted sum of the
 * coordinates' σ² estimates, each with its own degrees of freedom k_i, so it
 * carries (Σ w_i)² / Σ (w_i² / k_i) of them.
 */
export function combinedDof(weights: readonly number[], dof: readonly number[]): number {
  let num = 0;
  let den = 0;
  weights.forEach((w, i) => {
    num += w;
    if (w > 0 && dof[i] > 0 && Number.isFinite(dof[i])) den += (w * w) / dof[i];
  });
  if (!(num > 0)) return 1;
  return den > 0 ? Math.max(1, (num * num) / den) : Infinity;
}

/** A quadratic C = ½ xᵀAx + bᵀx as a tested quantity (its Hessian A gives the second-order noise term). */
export function quadraticQuantity(A: number[][], b: ArrayLike<number>): TestedQuantity {
  const M = b.length;
  return {
    value: (x) => {
      let s = 0;
      for (let i = 0; i < M; i++) {
        let ax = 0;
        for (let j = 0; j < M; j++) ax += A[i][j] * x[j];
        s += x[i] * (0.5 * ax + b[i]);
      }
      return s;
    },
    gradient: (x) => {
      const g = new Float64Array(M);
      for (let i = 0; i < M; i++) {
        let s = b[i];
        for (let j = 0; j < M; j++) s += A[i][j] * x[j];
        g[i] = s;
      }
      return g;
    },
    hessian: A,
  };
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(3) : String(v);
}

/**
 * Which quantities of a linear family the data conserve, and whether the data
 * can tell at all (docs/method.md, "Verdicts").
 *
 * For C = Σ c_k φ_k the within-trajectory scatter Σ (C_t − C̄_traj)² = cᵀNc
 * and the average noise variance of C (first order) = cᵀVc/n_states are two
 * quadratic forms in c, so χ²(c) ≈ cᵀNc / (cᵀVc / n_states): the generalised
 * eigenvectors of (N, V) are the family's stationary directions and their
 * eigenvalues are their χ². Both forms transform alike under any rescaling of
 * coordinates or coefficients, so the spectrum does not depend on units.
 *
 * The smallest eigenvalues are minimised over the family, so the k-th has
 * the degrees of freedom a fit of the P − k other directions leaves:
 * n − (P − k). The conserved space is the largest set of smallest directions
 * whose χ² together pass (each is reported with its own p-value too);
 * the result is "not identifiable" when the data have too few independent
 * states for the family (fewer residual degrees of freedom than coefficients)
 * or when every direction passes (the data do not move enough to constrain
 * anything). This is a proposal with a calibrated test; each reported
 * quantity is tested again on its own (test.ts).
 */
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix, inverse } from 'ml-matrix';
import type { Trajectory } from '../data/types';
import type { LinearFamily, Standardisation } from './family';
import { standardisation } from './family';
import type { NoiseEstimate } from './noise';
import { CONSERVATION_ALPHA, combinedDof, effectiveNoiseDof } from './test';
import { fSurvival } from './stats';

export interface Direction {
  /** Coefficients in the family, in STANDARDISED coordinates z = (x − μ)/s, unit norm. */
  coefficients: number[];
  /** χ² of this direction (eigenvalue) and the dof it is tested with. */
  chi2: number;
  dof: number;
  pValue: number;
}

export interface Identifiability {
  identifiable: boolean;
  /** Independent within-trajectory differences Σ (T − 1). */
  differences: number;
  /** Coefficients of the family. */
  familySize: number;
  /** Differences needed for the family (when not identifiable). */
  needed?: number;
  reason: string;
}

export interface ConservedSpace {
  /** Directions that pass the test, smallest χ² first (a basis of the conserved space). */
  conserved: Direction[];
  /** The first direction that fails (the gap), if any. */
  next?: Direction;
  /** All eigenvalues (χ²), ascending. */
  spectrum: number[];
  identifiability: Identifiability;
  standardisation: Standardisation;
}

export interface SpaceOptions {
  alpha?: number;
  /** Bound the cost: use at most about this many states (whole trajectories, evenly spread). */
  maxStates?: number;
}

export function conservedSpace(
  trajectories: readonly Trajectory[],
  noise: NoiseEstimate,
  makeFamily: (dim: number) => LinearFamily,
  opts: SpaceOptions = {},
): ConservedSpace {
  const alpha = opts.alpha ?? CONSERVATION_ALPHA;
  const usable = trajectories.filter((t) => t.states.length >= 2);
  const total = usable.reduce((s, t) => s + t.states.length, 0);
  const stride = Math.max(1, Math.ceil(total / (opts.maxStates ?? 20000)));
  const subset = usable.filter((_, i) => i % stride === 0);
  const M = subset[0]?.states[0].length ?? 0;
  const family = makeFamily(M);
  const P = family.size;
  const st = standardisation(subset.flatMap((t) => t.states), M);
  const sz2 = noise.sigma.map((s, i) => (s / st.scale[i]) ** 2);
  const differences = subset.reduce((s, t) => s + t.states.length - 1, 0);
  const empty = (identifiability: Identifiability): ConservedSpace => ({ conserved: [], spectrum: [], identifiability, standardisation: st });
  if (!M || differences === 0) {
    return empty({ identifiable: false, differences, familySize: P, needed: 2 * P, reason: 'no trajectory has two samples' });
  }

  const N = new Float64Array(P * P);
  const V = new Float64Array(P * P);
  const f = new Float64Array(P);
  const g = new Float64Array(P * M);
  let states = 0;
  for (const tr of subset) {
    const T = tr.states.length;
    const feats = tr.states.map((x) => {
      const z = Array.from(x, (v, i) => (v - st.mean[i]) / st.scale[i]);
      family.values(z, f);
      family.gradients(z, g);
      // V += Gᵀ Σ_z G (first-order noise variance of each feature pair).
      for (let a = 0; a < P; a++) {
        for (let b = a; b < P; b++) {
          let s = 0;
          for (let i = 0; i < M; i++) s += g[a * M + i] * g[b * M + i] * sz2[i];
          V[a * P + b] += s;
        }
      }
      states++;
      return Float64Array.from(f);
    });
    const mean = new Float64Array(P);
    for (const row of feats) for (let a = 0; a < P; a++) mean[a] += row[a] / T;
    for (const row of feats) {
      for (let a = 0; a < P; a++) {
        const da = row[a] - mean[a];
        if (da === 0) continue;
        for (let b = a; b < P; b++) N[a * P + b] += da * (row[b] - mean[b]);
      }
    }
  }
  for (let a = 0; a < P; a++) {
    for (let b = a; b < P; b++) {
      V[a * P + b] /= states;
      N[b * P + a] = N[a * P + b];
      V[b * P + a] = V[a * P + b];
    }
  }
  const eig = generalisedEigen(N, V, P);
  if (!eig) return empty({ identifiable: false, differences, familySize: P, reason: 'the noise variance form is singular (a coordinate with no noise and no variation?)' });

  // Equal shares of the coordinates in a direction's noise (test.ts weighs them per quantity).
  const noiseDof = combinedDof(noise.sigma.map(() => 1), effectiveNoiseDof(noise));
  const directions: Direction[] = eig.map(({ value, vector }, k) => {
    const dof = differences - (P - (k + 1));
    const chi2 = Math.max(0, value);
    const pValue = dof > 0 ? fSurvival(chi2 / dof, dof, noiseDof) : NaN;
    const norm = Math.hypot(...vector);
    return { coefficients: vector.map((v) => v / norm), chi2, dof, pValue };
  });
  const spectrum = directions.map((d) => d.chi2);
  // The smallest r eigenvalues are tested together: within a truly conserved space the noise spreads
  // them (the largest of r noise χ²'s exceeds a single-direction critical value), but their sum is a
  // χ² with r·(n − (P − r)) degrees of freedom. r is the largest dimension whose sum passes.
  let r = 0;
  let sum = 0;
  for (let k = 1; k <= directions.length; k++) {
    sum += directions[k - 1].chi2;
    const dof = k * (differences - (P - k));
    if (!(dof > 0)) break;
    if (fSurvival(sum / dof, dof, noiseDof) >= alpha) r = k;
    else if (directions[k - 1].pValue < alpha) break;
  }
  const conserved = directions.slice(0, r);
  const next = directions[r];

  let identifiability: Identifiability;
  const residualDof = differences - (P - r);
  if (residualDof < P) {
    const needed = 2 * P - r;
    identifiability = {
      identifiable: false,
      differences,
      familySize: P,
      needed,
      reason: `${differences} within-trajectory differences cannot determine the ${P} coefficients of the family (at least ${needed} are needed); record more or longer trajectories (about ${Math.ceil(needed / Math.max(1, differences / Math.max(1, subset.length)))} trajectories of this length)`,
    };
  } else if (r === P) {
    identifiability = { identifiable: false, differences, familySize: P, reason: 'every quantity of the family is consistent with the noise: the trajectories barely move compared with the noise' };
  } else {
    identifiability = { identifiable: true, differences, familySize: P, reason: `${differences} within-trajectory differences for ${P} coefficients` };
  }
  return { conserved, next, spectrum, identifiability, standardisation: st };
}

/** Generalised eigenpairs of (N, V), V positive definite, smallest eigenvalue first. */
function generalisedEigen(Nf: Float64Array, Vf: Float64Array, P: number): { value: number; vector: number[] }[] | null {
  const N = new Matrix(P, P);
  const V = new Matrix(P, P);
  let trace = 0;
  for (let a = 0; a < P; a++) trace += Vf[a * P + a];
  if (!(trace > 0) || !Number.isFinite(trace)) return null;
  // A tiny ridge: a feature without noise (a constant coordinate) would make V singular.
  const ridge = 1e-12 * (trace / P);
  for (let a = 0; a < P; a++) {
    for (let b = 0; b < P; b++) {
      N.set(a, b, Nf[a * P + b]);
      V.set(a, b, Vf[a * P + b] + (a === b ? ridge : 0));
    }
  }
  const chol = new CholeskyDecomposition(V);
  if (!chol.isPositiveDefinite()) return null;
  const Linv = inverse(chol.lowerTriangularMatrix);
  const S = Linv.mmul(N).mmul(Linv.transpose());
  const sym = S.add(S.transpose()).div(2);
  const e = new EigenvalueDecomposition(sym, { assumeSymmetric: true });
  const W = Linv.transpose().mmul(e.eigenvectorMatrix);
  return e.realEigenvalues.map((value, i) => ({ value, vector: W.getColumn(i) })).sort((x, y) => x.value - y.value);
}

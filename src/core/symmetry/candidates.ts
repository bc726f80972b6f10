/**
 * The quadratic quantities the data conserve best, by the readout's own drift
 * measure (readout/drift.ts), used to seed the search's generators.
 *
 * drift(C)² = Σ (C(x_t) − C̄_traj)² / Σ |∇C(x_t)|² |x_t − x̄_traj|² is a ratio
 * of two quadratic forms in C's coefficients c (C = Σ c_k m_k(x) over the
 * monomials m_k): cᵀNc / cᵀDc. Its minimisers are the generalised
 * eigenvectors of (N, D) with the smallest eigenvalues, and the eigenvalue is
 * the drift². So one float64 eigenproblem of size P = M(M+1)/2 + M lists every
 * quadratic the data conserve, best first — the same quantities the readout
 * would accept if the search had found them.
 *
 * Why seed with them: the search's gradient on a generator vanishes at zero
 * and is buried in Monte-Carlo noise while the generators are small; on data
 * with weak symmetry signal per point (the 3-body system) 2000–4000 steps
 * from a random start never reach the translations (docs/reproduction.md,
 * Table 3). Starting the search at the data's candidates changes where the
 * optimiser starts, not what it optimises: the ELBO still decides, every
 * generator stays learnable, and a candidate that does not help the model can
 * shrink away. Nothing about the truth is used.
 */
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix, inverse } from 'ml-matrix';
import type { Trajectory } from '../data/types';
import { DRIFT_THRESHOLD, conservedThreshold, measureDrift, nullDrift } from '../readout/drift';
import { fromCoefficients, monomials } from '../quantity/vectorize';
import { dataScale } from '../train/prepare';

/** A candidate's drift must be this many times below the next-best direction's (gapCut). */
export const CANDIDATE_GAP = 10;

export interface Candidate {
  /** C(x) = ½ xᵀ A x + bᵀ x in the data's units. */
  A: number[][];
  b: number[];
  /** The readout's drift of C on the data. */
  drift: number;
}

export interface CandidateOptions {
  /** At most this many (the number of learnable generators). */
  max: number;
  /** Keep only drift below this; default: the readout's conserved threshold on these data. */
  threshold?: number;
  /** Use at most about this many states (whole trajectories, evenly spaced) to bound the cost. */
  maxStates?: number;
}

/**
 * The quadratic quantities conserved on the trajectories (drift below the
 * readout's threshold), lowest drift first, at most opts.max of them.
 */
export function conservedCandidates(trajectories: readonly Trajectory[], opts: CandidateOptions): Candidate[] {
  const usable = trajectories.filter((t) => t.states.length >= 2);
  if (!usable.length || opts.max <= 0) return [];
  const total = usable.reduce((s, t) => s + t.states.length, 0);
  const stride = Math.max(1, Math.ceil(total / (opts.maxStates ?? 20000)));
  const subset = usable.filter((_, i) => i % stride === 0);
  const M = subset[0].states[0].length;
  // Unit-size coordinates keep the eigenproblem well conditioned; drift is unchanged by one global scale.
  const scale = dataScale({ trajectories: subset }, 'scale');
  const mons = monomials(M);
  const { N, D } = driftForms(subset, mons, M, 1 / scale);
  const eig = generalisedEigen(N, D);
  if (!eig) return [];
  const threshold = opts.threshold ?? conservedThreshold(DRIFT_THRESHOLD, nullDrift(trajectories));
  // The best directions below the threshold, and the first one above it (for the gap).
  const ranked: Candidate[] = [];
  for (const { vector } of eig) {
    // Back to the data's units: the coefficient of a degree-d monomial picks up scale^-d.
    const c = vector.map((v, k) => v / (mons[k].j < 0 ? scale : scale * scale));
    const big = Math.max(...c.map(Math.abs));
    if (!(big > 0)) continue;
    const { A, b } = fromCoefficients(c.map((v) => v / big), M);
    // Measured again with the readout's own function (the eigenvalue is the same ratio, in float64).
    const drift = measureDrift(A, b, trajectories).drift;
    ranked.push({ A, b, drift });
    if (!(drift < threshold)) break;
  }
  // The gap may lie beyond max (a 7-dimensional space of invariants, K = 3): then any max of them.
  return ranked.slice(0, Math.min(opts.max, gapCut(ranked.map((c) => c.drift), threshold)));
}

/**
 * How many of the ranked drifts to keep: those below the threshold, cut where
 * the next drift is at least CANDIDATE_GAP times larger (the largest such
 * ratio). The threshold alone is calibrated for a single quantity against
 * random ones (readout/drift.ts); the minimisers over the whole P-dimensional
 * space reach below it by selection (on 30 three-body trajectories the 8th
 * and 9th best drift 2.4e-3 and 2.8e-3 against a threshold of 3.7e-3, the 7
 * invariants 1e-14), so a candidate must also stand clear of the rest.
 */
export function gapCut(drifts: number[], threshold: number): number {
  const below = drifts.filter((d) => d < threshold).length;
  let best = 0;
  let bestRatio = CANDIDATE_GAP;
  for (let k = 1; k <= below; k++) {
    const next = drifts[k] ?? Infinity;
    const ratio = next / Math.max(drifts[k - 1], Number.MIN_VALUE);
    if (ratio >= bestRatio) {
      best = k;
      bestRatio = ratio;
    }
  }
  return best;
}

/** N and D of drift² = cᵀNc / cᵀDc, with the states multiplied by `k`. */
function driftForms(trajectories: readonly Trajectory[], mons: { i: number; j: number }[], M: number, k: number): { N: Float64Array; D: Float64Array } {
  const P = mons.length;
  const N = new Float64Array(P * P);
  const D = new Float64Array(P * P);
  // For each coordinate r, the monomials whose gradient has an r-component: (monomial, which factor).
  const byCoord: { m: number; other: number }[][] = Array.from({ length: M }, () => []);
  mons.forEach(({ i, j }, m) => {
    if (j < 0) byCoord[i].push({ m, other: -1 });
    else if (i === j) byCoord[i].push({ m, other: i });
    else {
      byCoord[i].push({ m, other: j });
      byCoord[j].push({ m, other: i });
    }
  });
  const f = new Float64Array(P);
  const g = new Float64Array(P);
  for (const tr of trajectories) {
    const T = tr.states.length;
    const xs = tr.states.map((x) => Array.from(x, (v) => v * k));
    const mean = new Float64Array(M);
    for (const x of xs) for (let i = 0; i < M; i++) mean[i] += x[i] / T;
    const feats = xs.map((x) => mons.map(({ i, j }) => (j < 0 ? x[i] : x[i] * x[j])));
    const fbar = new Float64Array(P);
    for (const row of feats) for (let a = 0; a < P; a++) fbar[a] += row[a] / T;
    xs.forEach((x, t) => {
      for (let a = 0; a < P; a++) f[a] = feats[t][a] - fbar[a];
      for (let a = 0; a < P; a++) {
        const fa = f[a];
        if (fa === 0) continue;
        const row = a * P;
        for (let b = 0; b < P; b++) N[row + b] += fa * f[b];
      }
      let d2 = 0;
      for (let i = 0; i < M; i++) d2 += (x[i] - mean[i]) ** 2;
      // |∇C|² = Σ_r (Σ_m c_m ∂_r m(x))²: coordinate r's gradient row has a few non-zeros.
      for (let r = 0; r < M; r++) {
        const list = byCoord[r];
        for (const { m, other } of list) g[m] = other < 0 ? 1 : other === r && mons[m].i === mons[m].j ? 2 * x[r] : x[other];
        for (const a of list) {
          const row = a.m * P;
          const ga = g[a.m] * d2;
          for (const b of list) D[row + b.m] += ga * g[b.m];
        }
      }
    });
  }
  return { N, D };
}

/** Generalised eigenpairs of (N, D), D positive definite, smallest eigenvalue first. */
function generalisedEigen(Nf: Float64Array, Df: Float64Array): { value: number; vector: number[] }[] | null {
  const P = Math.round(Math.sqrt(Nf.length));
  const N = new Matrix(P, P);
  const D = new Matrix(P, P);
  let trace = 0;
  for (let a = 0; a < P; a++) trace += Df[a * P + a];
  if (!(trace > 0)) return null;
  // A tiny ridge: a monomial that never varies on the data (a constant coordinate) would make D singular.
  const ridge = 1e-12 * (trace / P);
  for (let a = 0; a < P; a++) {
    for (let b = 0; b < P; b++) {
      N.set(a, b, 0.5 * (Nf[a * P + b] + Nf[b * P + a]));
      D.set(a, b, 0.5 * (Df[a * P + b] + Df[b * P + a]) + (a === b ? ridge : 0));
    }
  }
  const chol = new CholeskyDecomposition(D);
  if (!chol.isPositiveDefinite()) return null;
  const L = chol.lowerTriangularMatrix;
  // S = L⁻¹ N L⁻ᵀ (the triangular factor, better conditioned than D⁻¹).
  const Linv = inverse(L);
  const S = Linv.mmul(N).mmul(Linv.transpose());
  const sym = S.add(S.transpose()).div(2);
  const e = new EigenvalueDecomposition(sym, { assumeSymmetric: true });
  const V = Linv.transpose().mmul(e.eigenvectorMatrix);
  return e.realEigenvalues
    .map((value, i) => ({ value, vector: V.getColumn(i) }))
    .sort((x, y) => x.value - y.value);
}

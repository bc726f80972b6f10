/**
 * What a simulated system is (its vector field, energy, and ground truth of
 * conserved quadratics) and the helpers that build quadratic quantities.
 * The systems themselves: paperSystems.ts (the paper's benchmarks and the
 * damped oscillator) and validationSystems.ts (the validation suite's);
 * systems.ts is their registry.
 */
import type { Random } from '../util/random';
import type { IntegrateOptions, VectorField } from './integrate';

export type SystemName =
  | 'harmonic' | 'oscillators' | 'nbody' | 'damped'
  | 'pendulum' | 'frequencies' | 'coupled' | 'kepler' | 'rotation' | 'cross' | 'spring';

/**
 * A quadratic function on phase space, C(x) = ½ xᵀAx + bᵀx, x = (q..., p...)
 * in the system's own coordinates (the ground truth the validation suite
 * compares discovered quantities with).
 */
export interface Quadratic {
  A: number[][];
  b: number[];
  /** Plain-text name, e.g. "q^2 + p^2" or "L = x*py - y*px". */
  label: string;
}

export interface PhysicalSystem {
  name: SystemName;
  /** Number of (q, p) pairs; the phase-space dimension is 2n. */
  n: number;
  /** Column names in phase-space order: the n q names, then the n p names. */
  qNames: string[];
  pNames: string[];
  /** dx/dt = f(x). */
  field: VectorField;
  /** Energy: the Hamiltonian for conservative systems, ½q² + ½p² for the damped oscillator. */
  energy(x: ArrayLike<number>): number;
  /**
   * A positive size of the energy's terms, used as the denominator of the
   * relative energy drift (the total energy itself can be near zero for a
   * bound N-body system): Σ|terms| of the energy.
   */
  energyScale(x: ArrayLike<number>): number;
  /** True when the flow is Hamiltonian (dx/dt = J∇H) and conserves `energy`. */
  hamiltonian: boolean;
  /** True when the flow conserves `energy` (default: `hamiltonian`); a non-Hamiltonian flow can conserve it too. */
  energyConserved?: boolean;
  /**
   * A basis of the quadratic functions (½xᵀAx + bᵀx) the flow conserves
   * exactly, for every initial state (the ground truth of the validation
   * suite). Absent: not worked out for this system.
   */
  invariants?: Quadratic[];
  /** Quadratics that are only approximately conserved (small-angle energy, lightly damped energy, …). */
  approximateInvariants?: Quadratic[];
  /** Draw an initial state; absent: q ~ N(qShift, qScale²), p ~ N(0, pScale²) per coordinate. */
  initialState?(rng: Random): Float64Array;
  /** Integrator tolerances suited to the system's scale (default 1e-12). */
  integrator?: IntegrateOptions;
}

// ---------------------------------------------------------------- quadratic helpers

export function zeros(M: number): number[][] {
  return Array.from({ length: M }, () => new Array<number>(M).fill(0));
}

/** Quadratic with symmetric A given by entries [row, col, value] (both (r,c) and (c,r) set) and b by [index, value]. */
export function quadratic(M: number, aEntries: Array<[number, number, number]>, bEntries: Array<[number, number]>, label: string): Quadratic {
  const A = zeros(M);
  for (const [r, c, v] of aEntries) { A[r][c] = v; A[c][r] = v; }
  const b = new Array<number>(M).fill(0);
  for (const [i, v] of bEntries) b[i] = v;
  return { A, b, label };
}

/** Quadratic from monomials: C = Σ coef·x_i·x_j over [i, j, coef] (A_ii = 2coef; A_ij = A_ji += coef). */
export function fromMonomials(M: number, terms: Array<[number, number, number]>, label: string): Quadratic {
  const A = zeros(M);
  for (const [i, j, c] of terms) {
    if (i === j) A[i][i] += 2 * c;
    else { A[i][j] += c; A[j][i] += c; }
  }
  return { A, b: new Array<number>(M).fill(0), label };
}

/**
 * Quadratic invariants of independent oscillators H = ½Σ(p_i² + ω_i²q_i²):
 * within every group of equal frequencies ω, ω²q_iq_j + p_ip_j (i ≤ j) and
 * q_ip_j − q_jp_i (i < j) — u(k) for a group of k, so n energies when all
 * frequencies differ and the n² generators of U(n) when all are equal.
 */
export function unitaryInvariants(omegas: number[]): Quadratic[] {
  const n = omegas.length;
  const M = 2 * n;
  const out: Quadratic[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      if (omegas[i] !== omegas[j]) continue;
      const w2 = Number((omegas[i] * omegas[i]).toPrecision(6));
      const s = n === 1 ? '' : String(i + 1);
      const t = n === 1 ? '' : String(j + 1);
      out.push(fromMonomials(M, [[i, j, w2], [n + i, n + j, 1]], i === j ? `${w2 === 1 ? '' : `${w2}*`}q${s}^2 + p${s}^2` : `${w2 === 1 ? '' : `${w2}*`}q${s}*q${t} + p${s}*p${t}`));
      if (i < j) out.push(fromMonomials(M, [[i, n + j, 1], [j, n + i, -1]], `q${s}*p${t} - q${t}*p${s}`));
    }
  }
  return out;
}

/** The U(n) generators that mix two different oscillators (i < j): q_iq_j + p_ip_j and q_ip_j − q_jp_i. */
export function mixingInvariants(n: number): Quadratic[] {
  const M = 2 * n;
  const out: Quadratic[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      out.push(fromMonomials(M, [[i, j, 1], [n + i, n + j, 1]], `q${i + 1}*q${j + 1} + p${i + 1}*p${j + 1}`));
      out.push(fromMonomials(M, [[i, n + j, 1], [j, n + i, -1]], `q${i + 1}*p${j + 1} - q${j + 1}*p${i + 1}`));
    }
  }
  return out;
}

/** Refuse a count below `min` with a message naming it. */
export function checkCount(what: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${what}: count must be an integer ≥ ${min}, got ${v}`);
}

/**
 * Turning a canonical basis vector into the coefficients a person reads:
 * small terms cleaned to zero, user units, a "nice" overall factor and simple
 * ratios recognised.
 *
 *  - Cleaning happens in the model's coordinates, where the data have unit
 *    scale, so a quadratic and a linear coefficient are comparable there: a
 *    coefficient below CLEAN_TOLERANCE × the largest one is set to 0.
 *  - The overall factor (C is defined up to a factor and a constant) makes
 *    the largest quadratic coefficient (the largest linear one if there are
 *    no quadratic terms) equal to ±1, with the first term positive.
 *  - A coefficient within SNAP_TOLERANCE (relative, at least 0.01 absolute) of
 *    k/d with d ≤ 4 is set to it exactly; when every coefficient snapped, the
 *    quantity is multiplied by the common denominator so all are integers
 *    (½q² + p² becomes q² + 2p²).
 */
import { fromCoefficients, monomials, toCoefficients } from '../quantity/vectorize';

export const CLEAN_TOLERANCE = 0.02;
export const SNAP_TOLERANCE = 0.01;
const DENOMINATORS = [1, 2, 3, 4];

export interface NiceQuantity {
  A: number[][];
  b: number[];
  /** Coefficients in monomials(M) order (squares: A_ii/2, products: A_ij, linear: b_i). */
  coefficients: number[];
  /** True when every nonzero coefficient was recognised as a simple ratio. */
  exact: boolean;
}

export function niceQuantity(
  modelA: number[][],
  modelB: ArrayLike<number>,
  scale: number,
  opts: { cleanTolerance?: number; snapTolerance?: number } = {},
): NiceQuantity {
  const clean = opts.cleanTolerance ?? CLEAN_TOLERANCE;
  const snapTol = opts.snapTolerance ?? SNAP_TOLERANCE;
  const M = modelA.length;
  const mons = monomials(M);
  const c = toCoefficients(modelA, modelB);
  const biggest = Math.max(...c.map(Math.abs));
  if (!(biggest > 0)) return { A: fromCoefficients(c, M).A, b: fromCoefficients(c, M).b, coefficients: c.map(() => 0), exact: true };
  // Clean in model units, then convert: x_model = x_user / scale.
  const user = c.map((v, k) => (Math.abs(v) < clean * biggest ? 0 : mons[k].j >= 0 ? v / (scale * scale) : v / scale));
  const quadratic = user.filter((_, k) => mons[k].j >= 0);
  const leadPool = quadratic.some((v) => v !== 0) ? quadratic : user;
  const lead = Math.max(...leadPool.map(Math.abs));
  const first = user.find((v) => v !== 0) ?? 1;
  const sign = first < 0 ? -1 : 1;
  let out = user.map((v) => (v === 0 ? 0 : (sign * v) / lead));
  let exact = true;
  const dens: number[] = [];
  out = out.map((v) => {
    if (v === 0) return 0;
    const hit = simpleRatio(v, snapTol);
    if (!hit) {
      exact = false;
      return v;
    }
    dens.push(hit.d);
    return hit.k / hit.d;
  });
  if (exact) {
    const l = dens.reduce(lcm, 1);
    if (l > 1) out = out.map((v) => Math.round(v * l));
  }
  const { A, b } = fromCoefficients(out, M);
  return { A, b, coefficients: out.map((v) => (Object.is(v, -0) ? 0 : v)), exact };
}

/** k/d (d ≤ 4, k ≠ 0) within tol·max(1, |v|) of v, smallest d first. */
export function simpleRatio(v: number, tol = SNAP_TOLERANCE): { k: number; d: number } | null {
  for (const d of DENOMINATORS) {
    const k = Math.round(v * d);
    if (k !== 0 && Math.abs(v - k / d) <= tol * Math.max(1, Math.abs(v))) return { k, d };
  }
  return null;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

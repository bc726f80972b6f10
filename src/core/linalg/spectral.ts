/**
 * Spectral radius and largest real part of a small real matrix (a flow's
 * J·A), without a general eigensolver: ml-matrix's non-symmetric
 * EigenvalueDecomposition (JAMA's hqr2) has no iteration limit and loops
 * forever on some exactly structured matrices — the centre-of-mass angular
 * momentum of 3 bodies, (Σx)(Σp_y) − (Σy)(Σp_x), is one.
 *
 * Nilpotency is decided from the characteristic polynomial (traces of powers
 * and Newton's identities): all its coefficients vanish. Otherwise Gelfand's
 * formula ρ = lim ‖Xᵏ‖^(1/k) by normalised repeated squaring, which is stable
 * once a non-zero eigenvalue dominates (the nilpotent parts die out).
 */
import { expm } from './expm';
import { matmul, type Mat } from './matrix';

/** Coefficients below this (X scaled to unit Frobenius norm) count as zero: ρ below ~1e-5 ‖X‖ is nilpotent. */
const NILPOTENT_COEFFICIENT = 1e-10;
/** Squarings in Gelfand's formula: k = 2^40, so a Jordan block's polynomial factor k^s contributes (k^s)^(1/k) ≈ 1. */
const SQUARINGS = 40;

function frobenius(X: Mat): number {
  let s = 0;
  for (const row of X) for (const v of row) s += v * v;
  return Math.sqrt(s);
}

/** Whether X is nilpotent (all eigenvalues 0), to the tolerance above. */
export function isNilpotent(X: Mat): boolean {
  const norm = frobenius(X);
  if (norm === 0) return true;
  const n = X.length;
  const Y = X.map((r) => r.map((v) => v / norm));
  // p_k = tr(Yᵏ); e_k, the characteristic polynomial's coefficients, by Newton's identities.
  const p: number[] = [0];
  let P = Y;
  for (let k = 1; k <= n; k++) {
    if (k > 1) P = matmul(P, Y);
    let t = 0;
    for (let i = 0; i < n; i++) t += P[i][i];
    p.push(t);
  }
  const e = [1];
  for (let k = 1; k <= n; k++) {
    let s = 0;
    for (let i = 1; i <= k; i++) s += (i % 2 === 1 ? 1 : -1) * e[k - i] * p[i];
    e.push(s / k);
    if (Math.abs(e[k]) > NILPOTENT_COEFFICIENT) return false;
  }
  return true;
}

/** ρ(X) = max |λ|; 0 for a nilpotent X. */
export function spectralRadius(X: Mat): number {
  if (isNilpotent(X)) return 0;
  return gelfand(X);
}

/** max Re λ over the eigenvalues of X: log ρ(expm(X)), scaled so that expm stays well conditioned. */
export function maxRealPart(X: Mat): number {
  const rho = spectralRadius(X);
  if (rho === 0) return 0;
  const Y = X.map((r) => r.map((v) => v / rho));
  return rho * Math.log(gelfand(expm(Y)));
}

function gelfand(X: Mat): number {
  const norm = frobenius(X);
  if (norm === 0) return 0;
  let Y = X.map((r) => r.map((v) => v / norm));
  let logRho = 0;
  for (let i = 1; i <= SQUARINGS; i++) {
    Y = matmul(Y, Y);
    const n = frobenius(Y);
    if (n === 0) return 0;
    Y = Y.map((r) => r.map((v) => v / n));
    logRho += Math.log(n) / 2 ** i;
  }
  return norm * Math.exp(logRho);
}

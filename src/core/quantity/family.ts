/**
 * A family of conserved quantities C_θ(x) on phase space x = (q, p): what
 * the readout, the drift check and the seeds need from a quantity, whatever
 * its form. The quadratic family (quadratic.ts) is the one the model learns
 * today; a non-quadratic family (e.g. polynomials of higher degree, or
 * trigonometric features for a pendulum) would implement the same interface
 * and sit beside it.
 */
export interface QuantityFamily<Q> {
  /** A short name ('quadratic'). */
  readonly name: string;
  /** Number of coefficients of a member on a phase space of dimension M. */
  size(M: number): number;
  /** The member's coefficients as a vector (an isometry, so spans can use ordinary linear algebra). */
  coefficients(q: Q): number[];
  /** The member with these coefficients. */
  fromCoefficients(v: ArrayLike<number>, M: number): Q;
  /** C(x). */
  value(q: Q, x: ArrayLike<number>): number;
  /** ∇C(x). */
  gradient(q: Q, x: ArrayLike<number>): number[];
  /** The member in the user's units, from model units x_model = x_user / scale. */
  toUserUnits(q: Q, scale: number): Q;
  /** The member in model units, from user units. */
  toModelUnits(q: Q, scale: number): Q;
}

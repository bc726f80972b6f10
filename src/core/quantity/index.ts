/** The conserved quantity: its family interface and the quadratic family. */
export type { QuantityFamily } from './family';
export * from './quadratic';
export { devectorize, fromCoefficients, monomials, toCoefficients, vectorLength, vectorize, type Monomial } from './vectorize';

/**
 * Conservation on the data: the measurement noise, the quantities of a family
 * the data conserve, identifiability, and the calibrated test of any one
 * quantity. No network is involved: this is the "conserved on the data"
 * verdict, separate from the razor's "symmetry of H" (docs/method.md,
 * "Verdicts").
 */
export { analyseQuadratics, testQuadratic, nullDrift, type ConservationAnalysis, type QuadraticFinding } from './analysis';
export { judgeQuantity, projectOntoConserved, REFINE_MAX_DEGREES, type Judgement, type Quad } from './judge';
export { estimateNoise, type NoiseEstimate } from './noise';
export { conservedSpace, type ConservedSpace, type Direction, type Identifiability } from './space';
export { testConservation, quadraticQuantity, CONSERVATION_ALPHA, type ConservationTest, type TestedQuantity } from './test';
export { QuadraticFamily, standardisation, quadraticToData, quadraticToStandard, type LinearFamily, type Standardisation } from './family';
export { fSurvival, chi2Survival, fCritical, incompleteBeta, logGamma } from './stats';

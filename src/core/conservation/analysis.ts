/**
 * The quadratic family's conservation analysis: noise, conserved space,
 * identifiability, and each conserved direction tested on its own.
 */
import type { Trajectory } from '../data/types';
import { QuadraticFamily, quadraticToData, standardisation } from './family';
import { estimateNoise, type NoiseEstimate } from './noise';
import { conservedSpace, type ConservedSpace, type SpaceOptions } from './space';
import { quadraticQuantity, testConservation, type ConservationTest, type TestOptions } from './test';

export interface QuadraticFinding {
  /** C = ½ xᵀAx + bᵀx in the data's units (largest |coefficient| 1). */
  A: number[][];
  b: number[];
  test: ConservationTest;
}

export interface ConservationAnalysis {
  noise: NoiseEstimate;
  space: ConservedSpace;
  /** The conserved space's basis in the data's units, each tested on its own. */
  quantities: QuadraticFinding[];
  /** Drift of generic quantities on these data (the scale of "not conserved"). */
  nullDrift: number;
}

/** The quadratic quantities the data conserve, with the noise and identifiability behind the verdict. */
export function analyseQuadratics(trajectories: readonly Trajectory[], opts: SpaceOptions = {}): ConservationAnalysis {
  const noise = estimateNoise(trajectories);
  const space = conservedSpace(trajectories, noise, (M) => new QuadraticFamily(M), opts);
  const M = noise.sigma.length;
  const family = new QuadraticFamily(M);
  const nullRef = nullDrift(trajectories, noise);
  const fitted = space.identifiability.familySize - space.conserved.length;
  const quantities = space.conserved.map((d) => {
    const q = normalise(quadraticToData(family.toQuadratic(d.coefficients), space.standardisation));
    const test = testQuadratic(q.A, q.b, trajectories, noise, { fitted, nullDrift: nullRef });
    return { ...q, test: space.identifiability.identifiable ? test : { ...test, verdict: 'not identifiable' as const, reason: space.identifiability.reason } };
  });
  return { noise, space, quantities, nullDrift: nullRef };
}

/** The calibrated test of C = ½ xᵀAx + bᵀx (data units). */
export function testQuadratic(A: number[][], b: ArrayLike<number>, trajectories: readonly Trajectory[], noise: NoiseEstimate, opts: TestOptions = {}): ConservationTest {
  return testConservation(quadraticQuantity(A, b), trajectories, noise, opts);
}

/**
 * Median relative drift of generic quadratics on these data: coefficients
 * from a fixed Weyl sequence in standardised coordinates (deterministic, and
 * every coordinate counts whatever its units).
 */
export function nullDrift(trajectories: readonly Trajectory[], noise: NoiseEstimate, samples = 32): number {
  const usable = trajectories.filter((t) => t.states.length >= 2);
  if (!usable.length) return 0;
  const M = usable[0].states[0].length;
  const family = new QuadraticFamily(M);
  const st = standardisation(usable.flatMap((t) => t.states), M);
  const drifts: number[] = [];
  const golden = (Math.sqrt(5) - 1) / 2;
  for (let k = 0; k < samples; k++) {
    const c = Array.from({ length: family.size }, (_, j) => ((((k * family.size + j + 1) * golden) % 1) - 0.5) * 2);
    const q = quadraticToData(family.toQuadratic(c), st);
    const d = testConservation(quadraticQuantity(q.A, q.b), usable, noise).relativeDrift;
    if (Number.isFinite(d)) drifts.push(d);
  }
  drifts.sort((a, b) => a - b);
  return drifts.length ? drifts[Math.floor(drifts.length / 2)] : 0;
}

/** Scale so that the largest |coefficient| of ½xᵀAx + bᵀx is 1, positive. */
function normalise(q: { A: number[][]; b: number[] }): { A: number[][]; b: number[] } {
  const coeffs = [...q.A.flatMap((r, i) => r.filter((_, j) => j >= i).map((v, jj) => (jj === 0 ? v / 2 : v))), ...q.b];
  let big = 0;
  for (const v of coeffs) if (Math.abs(v) > Math.abs(big)) big = v;
  if (!big) return q;
  return { A: q.A.map((r) => r.map((v) => v / big)), b: q.b.map((v) => v / big) };
}

/**
 * Where the search's generators start (ModelConfig.generatorInit): with
 * 'data', the basis of the quadratic quantities the training data conserve
 * (conservation/: the calibrated test, not a threshold), as an orthonormal basis of their span in the
 * readout's coordinates (model units, vectorize.ts), each of norm SEED_NORM,
 * so that no seed dominates the readout's spectrum. A degenerate set of
 * candidates (the 3-body system conserves a 7-dimensional space of
 * quadratics) comes out of the eigensolver as arbitrary mixtures; the
 * orthonormal basis keeps the span and drops their arbitrary scales.
 */
import type { RunConfig } from '../util/config';
import { toModelUnits, type Quadratic } from '../quantity/quadratic';
import { orthonormalSpan } from '../readout/parallelness';
import { devectorize, vectorize } from '../quantity/vectorize';
import type { SeedInfo } from '../results/types';
import type { ConservationAnalysis } from '../conservation';

/**
 * Norm of each seed. Adam moves every parameter by about its learning rate a
 * step whatever the gradient's size, so a seed must be large against
 * lr × steps (≈ 1 at 1e-3 over 2000 cosine-decayed steps) or the early noisy
 * steps scatter it: on Table 3's data smaller seeds drifted away from P_x,
 * P_y, L within a few hundred steps and norm-10 seeds stayed put
 * (docs/reproduction.md, Table 3, "Seed norm").
 * In model units (data RMS 1) norm 10 is a reach of several radians or data
 * widths over ε ∈ [−1, 1]: a full orbit, as the refit's.
 */
export const SEED_NORM = 10;

export interface SearchSeeds {
  /** Model coordinates (x_user / scale), at most K. */
  seeds: Quadratic[];
  info: SeedInfo;
}

/** The seeds of a learned run with generatorInit 'data'; undefined otherwise. */
export function searchSeeds(config: RunConfig, analysis: ConservationAnalysis, scale: number): SearchSeeds | undefined {
  if (config.model.kind !== 'learned' || config.model.generatorInit !== 'data') return undefined;
  const t0 = Date.now();
  // The basis of the data's conserved space, when the data identify it (conservation/); the rest start at random.
  const candidates = analysis.space.identifiability.identifiable ? analysis.quantities.slice(0, config.model.K) : [];
  const rows = candidates.map((c) => {
    const m = toModelUnits(c.A, c.b, scale);
    return vectorize(m.A, m.b);
  });
  const M = candidates[0]?.b.length ?? 0;
  const seeds = orthonormalSpan(rows).map((v) => devectorize(v.map((x) => x * SEED_NORM), M));
  return {
    seeds,
    info: {
      count: seeds.length,
      drifts: candidates.map((c) => c.test.relativeDrift),
      lrGenerators: seeds.length ? config.train.lrGeneratorsSeeded : config.train.lrGenerators,
      seconds: (Date.now() - t0) / 1000,
    },
  };
}

/** The training settings of a seeded search: its generators learn at lrGeneratorsSeeded. */
export function seededTrainConfig(config: RunConfig, seeds: SearchSeeds | undefined): RunConfig['train'] {
  return seeds && seeds.seeds.length ? { ...config.train, lrGenerators: config.train.lrGeneratorsSeeded } : config.train;
}

/** One log line: what the search starts from. */
export function seedMessage(s: SearchSeeds): string {
  if (!s.seeds.length) return 'search starts at random: no quadratic quantity is conserved on the training data (or the data do not identify them)';
  return `search starts from ${s.seeds.length} quadratic quantit${s.seeds.length === 1 ? 'y' : 'ies'} the training data conserve (a proposal: the razor's comparison decides; generator lr ${s.info.lrGenerators}), the rest at random`;
}

/**
 * What each `noether reproduce` target trains on: the simulated data sets
 * (paper section 5, docs/method.md §8), the models compared and the known truth.
 * Pure specifications; nothing is simulated or trained here.
 *
 * Seeds. Every data set gets its own 32-bit seed derived from the run's seed
 * and a fixed stream number (dataSeed), so train and test initial states are
 * independent (docs/method.md §9.4: the authors' code shares one seed).
 */
import { UsageError } from '../util/errors';
import { Random } from '../util/random';
import type { SimulateSpec } from '../sim/simulate';
import type { ModelConfig, TrainConfig } from '../util/config';

export const TARGET_NAMES = ['table1', 'table2', 'table3', 'figure2', 'figure3'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** Which models a table compares (all with the same preset, seed and data). */
export type ModelRole = 'vanilla' | 'learned' | 'oracle';

export interface DataPlan {
  /** 'train', or the test set's name: 'test', 'wider', 'shifted'. */
  name: string;
  spec: SimulateSpec;
}

export interface ExperimentPlan {
  /** Short name, used in file names: 'harmonic', 'oscillators3', 'nbody3', 'n1'..'n5'. */
  name: string;
  /** Human-readable system, e.g. 'simple harmonic oscillator'. */
  title: string;
  train: DataPlan;
  /** The first test set is "test MSE" in the tables. */
  tests: DataPlan[];
  models: ModelRole[];
  /** Oracle symmetry of the system: 'so2' | 'u<n>' | 'se2' (also the truth for parallelness). */
  oracle: string;
  /** Fixed number of learnable quantities (figure3); else the preset's. */
  K?: number;
  /** This experiment's own `fast` settings, over the preset's and under the user's (not with --quick or --preset paper). */
  fast?: { model?: Partial<ModelConfig>; train?: Partial<TrainConfig> };
  /** The paper's training-set size when ours differs (recorded in the JSON). */
  paperTrain?: { trajectories: number; steps: number };
}

export interface TargetPlan {
  target: TargetName;
  /** The run's seed: model seed and root of the data seeds. */
  seed: number;
  quick: boolean;
  experiments: ExperimentPlan[];
}

/**
 * Table 1's `fast` settings. Its 28 training points carry a weak signal, and
 * the search needs more steps than the preset's 2000 (the paper trains this
 * experiment 5000); fewer symmetry samples make each step cheaper, since at
 * 28 points per-kernel overhead dominates. Which steps and S found q² + p²,
 * and what S = 16 saves, are in docs/reproduction.md (Table 1). All three
 * models use these settings, so they compare at equal settings.
 */
export const TABLE1_FAST = { model: { symmetrySamples: 16 }, train: { steps: 3000 } } as const;

/**
 * Table 2's training set. The paper uses 200 trajectories × 50 steps; we use
 * 100 × 20 by default so that the three models train in minutes on a laptop
 * (docs/reproduction.md, deviations). The JSON records the sizes used.
 */
export const TABLE2_TRAIN = { trajectories: 100, steps: 20 } as const;

/**
 * Figure 3's fixed number of learnable quantities. The issue asks for K ≥ 25;
 * we use the paper's 30 because at n = 5 (25 true generators) K = 25 would
 * leave no 26th singular value to show the gap against.
 */
export const FIGURE3_K = 30;
export const FIGURE3_OSCILLATORS = [1, 2, 3, 4, 5] as const;

/** Test sets of the paper: 100 trajectories × 20 steps, q ~ N(0, 1), p ~ N(0, 0.2²). */
const TEST = { trajectories: 100, steps: 20, qScale: 1, pScale: 0.2, qShift: 0 } as const;
/** --quick: data small enough that a target trains in seconds (tests, CI). */
const QUICK_TRAIN = { trajectories: 8, steps: 5 } as const;
const QUICK_TEST = { trajectories: 10, steps: 5 } as const;

/** Independent 32-bit data seed for stream `stream` of run seed `seed`. */
export function dataSeed(seed: number, stream: number): number {
  return new Random(seed).fork(stream).key;
}

export function parseTarget(name: string | undefined): TargetName {
  if (name && (TARGET_NAMES as readonly string[]).includes(name)) return name as TargetName;
  throw new UsageError(
    name ? `unknown reproduce target '${name}'` : 'which target? Give one of ' + TARGET_NAMES.join(', '),
    `Use one of ${TARGET_NAMES.join(', ')}, e.g. noether reproduce table1`,
  );
}

export function planTarget(target: TargetName, opts: { seed: number; quick?: boolean }): TargetPlan {
  const quick = opts.quick ?? false;
  const seed = opts.seed;
  const experiments: ExperimentPlan[] = [];
  const size = (full: { trajectories: number; steps: number }, small: { trajectories: number; steps: number }) => (quick ? small : full);
  const three: ModelRole[] = ['vanilla', 'learned', 'oracle'];

  if (target === 'table1' || target === 'figure2') {
    // The paper's tiny single-oscillator set: 7 trajectories × 4 steps (kept even with --quick).
    const base = { system: 'harmonic' as const, dt: 0.2 };
    experiments.push({
      name: 'harmonic',
      title: 'simple harmonic oscillator',
      train: { name: 'train', spec: { ...base, trajectories: 7, steps: 4, qScale: 1, pScale: 0.5, qShift: 0, seed: dataSeed(seed, 1) } },
      tests: [{ name: 'test', spec: { ...base, ...TEST, ...size(TEST, QUICK_TEST), seed: dataSeed(seed, 2) } }],
      models: three,
      oracle: 'so2',
      fast: TABLE1_FAST,
    });
  } else if (target === 'table2') {
    const base = { system: 'oscillators' as const, n: 3, dt: 0.2 };
    experiments.push({
      name: 'oscillators3',
      title: '3 independent oscillators',
      train: { name: 'train', spec: { ...base, ...size(TABLE2_TRAIN, QUICK_TRAIN), qScale: 1, pScale: 0.5, qShift: 0, seed: dataSeed(seed, 1) } },
      tests: [{ name: 'test', spec: { ...base, ...TEST, ...size(TEST, QUICK_TEST), seed: dataSeed(seed, 2) } }],
      models: three,
      oracle: 'u3',
      paperTrain: { trajectories: 200, steps: 50 },
    });
  } else if (target === 'table3') {
    const base = { system: 'nbody' as const, bodies: 3, dt: 1.0 };
    const test = { ...base, ...TEST, ...size(TEST, QUICK_TEST) };
    experiments.push({
      name: 'nbody3',
      title: '2-d 3-body system',
      train: { name: 'train', spec: { ...base, ...size({ trajectories: 200, steps: 50 }, QUICK_TRAIN), qScale: 1, pScale: 0.5, qShift: 0, seed: dataSeed(seed, 1) } },
      tests: [
        { name: 'test', spec: { ...test, seed: dataSeed(seed, 2) } },
        { name: 'wider', spec: { ...test, qScale: 3, seed: dataSeed(seed, 3) } },
        { name: 'shifted', spec: { ...test, qShift: 1, seed: dataSeed(seed, 4) } },
      ],
      models: three,
      oracle: 'se2',
    });
  } else {
    for (const n of FIGURE3_OSCILLATORS) {
      const base = { system: 'oscillators' as const, n, dt: 0.2 };
      experiments.push({
        name: `n${n}`,
        title: `${n} independent oscillator${n === 1 ? '' : 's'}`,
        train: { name: 'train', spec: { ...base, ...size(TABLE2_TRAIN, QUICK_TRAIN), qScale: 1, pScale: 0.5, qShift: 0, seed: dataSeed(seed, 10 * n + 1) } },
        tests: [{ name: 'test', spec: { ...base, ...TEST, ...size(TEST, QUICK_TEST), seed: dataSeed(seed, 10 * n + 2) } }],
        models: ['learned'],
        oracle: `u${n}`,
        K: FIGURE3_K,
        paperTrain: { trajectories: 200, steps: 50 },
      });
    }
  }
  return { target, seed, quick, experiments };
}

/** 'vanilla' | 'learned' | 'oracle:<name>' for the model settings. */
export function modelSpec(role: ModelRole, oracle: string): string {
  return role === 'oracle' ? `oracle:${oracle}` : role;
}

/**
 * Simulated trajectory datasets for the paper's systems: random initial
 * states, integrated accurately (DOP853, tolerance 1e-12) and sampled every
 * Δt. Trajectory k draws its initial state from its own random stream
 * (seed, k), so a larger dataset with the same seed extends a smaller one.
 */
import type { ColumnRoles, Dataset, Trajectory } from '../data/types';
import { Random } from '../util/random';
import { integrate, type IntegrateOptions } from './integrate';
import { makeSystem, type PhysicalSystem, type SystemName, type SystemParams } from './systems';

/** What to simulate: the system and its parameters (systems.ts SystemParams), the sampling, and the seed. */
export interface SimulateSpec extends SystemParams {
  system: SystemName;
  /**
   * Multiply column j of every sampled state by scales[j] (a change of units;
   * length 2n). A conserved ½xᵀAx + bᵀx becomes ½x'ᵀD⁻¹AD⁻¹x' + (D⁻¹b)ᵀx'.
   */
  scales?: number[];
  /**
   * Measurement noise: Gaussian of this standard deviation (one number, or one
   * per column) added to every sampled state after `scales`, in the CSV's
   * units. Drawn from its own stream (seed, k, 1), so the states themselves do
   * not change with it.
   */
  noise?: number | number[];
  /** Number of trajectories. */
  trajectories: number;
  /** Transitions per trajectory: each trajectory has steps + 1 samples. */
  steps: number;
  /** Time between samples. */
  dt: number;
  /** 32-bit integer seed of the initial states. */
  seed: number;
  /** Standard deviation of each initial q coordinate (paper: 1). */
  qScale?: number;
  /** Standard deviation of each initial p coordinate (paper: 0.5 train, 0.2 test). */
  pScale?: number;
  /** Mean of each initial q coordinate (paper's shifted 3-body test set: 1). */
  qShift?: number;
  /** Integrator tolerances (default 1e-12 relative and absolute). */
  integrator?: IntegrateOptions;
}

export interface SimulationResult {
  columns: ColumnRoles;
  trajectories: Trajectory[];
  /** Phase-space dimension 2n. */
  dim: number;
  /** The system that was integrated (its energy function etc.). */
  system: PhysicalSystem;
  /**
   * Largest relative change of the energy along any trajectory,
   * max |E(t) − E(0)| / energyScale(x(0)). For conservative systems this is
   * the integration error; for the damped oscillator it is the physical decay.
   */
  maxEnergyDrift: number;
}

export const SIMULATE_DEFAULTS = { qScale: 1, pScale: 0.5, qShift: 0 } as const;

/** Largest trajectories × (steps + 1) × dim we generate in one call (about 1 GB of float64). */
const MAX_VALUES = 1.25e8;

export function simulate(spec: SimulateSpec): SimulationResult {
  const system = makeSystem(spec.system, {
    n: spec.n, bodies: spec.bodies, gamma: spec.gamma, omegas: spec.omegas, rotation: spec.rotation,
    amplitude: spec.amplitude, eMax: spec.eMax, modulation: spec.modulation, c: spec.c, k: spec.k, m: spec.m,
  });
  const qScale = spec.qScale ?? SIMULATE_DEFAULTS.qScale;
  const pScale = spec.pScale ?? SIMULATE_DEFAULTS.pScale;
  const qShift = spec.qShift ?? SIMULATE_DEFAULTS.qShift;
  checkSpec(spec, qScale, pScale, qShift);
  const n = system.n;
  const dim = 2 * n;
  if (spec.trajectories * (spec.steps + 1) * dim > MAX_VALUES) {
    throw new RangeError(`simulate: ${spec.trajectories} × ${spec.steps + 1} samples × ${dim} values is too large`);
  }

  // Nominal sample times k·Δt, rounded to 15 significant digits so that 3 × 0.2 is written as 0.6.
  const t = new Float64Array(spec.steps + 1);
  for (let k = 0; k <= spec.steps; k++) t[k] = Number((k * spec.dt).toPrecision(15));

  const scales = spec.scales;
  if (scales !== undefined && (scales.length !== dim || !scales.every((v) => Number.isFinite(v) && v !== 0))) {
    throw new RangeError(`simulate: scales must be ${dim} finite nonzero numbers, got ${scales.join(',')}`);
  }
  const noise = spec.noise === undefined ? undefined : typeof spec.noise === 'number' ? new Array<number>(dim).fill(spec.noise) : spec.noise;
  if (noise !== undefined && (noise.length !== dim || !noise.every((v) => Number.isFinite(v) && v >= 0))) {
    throw new RangeError(`simulate: noise must be one or ${dim} numbers ≥ 0`);
  }

  const root = new Random(spec.seed);
  const trajectories: Trajectory[] = [];
  let maxEnergyDrift = 0;
  for (let k = 0; k < spec.trajectories; k++) {
    const rng = root.fork(k);
    let x0: Float64Array;
    if (system.initialState) {
      x0 = system.initialState(rng);
    } else {
      x0 = new Float64Array(dim);
      for (let i = 0; i < n; i++) x0[i] = rng.gaussian(qShift, qScale);
      for (let i = 0; i < n; i++) x0[n + i] = rng.gaussian(0, pScale);
    }
    const states = integrate(system.field, x0, 0, t, spec.integrator ?? system.integrator);
    const e0 = system.energy(x0);
    const scale = system.energyScale(x0);
    for (const x of states) {
      const drift = scale > 0 ? Math.abs(system.energy(x) - e0) / scale : 0;
      if (drift > maxEnergyDrift) maxEnergyDrift = drift;
    }
    if (scales) for (const x of states) for (let j = 0; j < dim; j++) x[j] *= scales[j];
    if (noise) {
      const nrng = rng.fork(1);
      for (const x of states) for (let j = 0; j < dim; j++) if (noise[j] > 0) x[j] += nrng.gaussian(0, noise[j]);
    }
    trajectories.push({ id: String(k), t: t.slice(), states });
  }
  return {
    columns: { q: system.qNames.slice(), p: system.pNames.slice(), time: 't', trajectory: 'trajectory' },
    trajectories,
    dim,
    system,
    maxEnergyDrift,
  };
}

/** The simulation as an in-memory Dataset (file "<memory>"), as the loader would return it. */
export function simulateDataset(spec: SimulateSpec): Dataset {
  const sim = simulate(spec);
  return {
    file: '<memory>',
    sha256: '',
    columns: sim.columns,
    dim: sim.dim,
    trajectories: sim.trajectories,
    transitions: sim.trajectories.reduce((s, tr) => s + tr.states.length - 1, 0),
  };
}

function checkSpec(spec: SimulateSpec, qScale: number, pScale: number, qShift: number): void {
  const bad = (what: string, v: unknown, need: string) => new RangeError(`simulate: ${what} must be ${need}, got ${v}`);
  if (!Number.isInteger(spec.trajectories) || spec.trajectories < 1) throw bad('trajectories', spec.trajectories, 'an integer ≥ 1');
  if (!Number.isInteger(spec.steps) || spec.steps < 1) throw bad('steps', spec.steps, 'an integer ≥ 1');
  if (!(Number.isFinite(spec.dt) && spec.dt > 0)) throw bad('dt', spec.dt, 'a positive number');
  if (!Number.isInteger(spec.seed) || spec.seed < 0 || spec.seed > 0xffffffff) throw bad('seed', spec.seed, 'an integer in [0, 2^32)');
  if (!(Number.isFinite(qScale) && qScale >= 0)) throw bad('qScale', qScale, 'a number ≥ 0');
  if (!(Number.isFinite(pScale) && pScale >= 0)) throw bad('pScale', pScale, 'a number ≥ 0');
  if (!Number.isFinite(qShift)) throw bad('qShift', qShift, 'a finite number');
}

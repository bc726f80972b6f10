/**
 * `noether simulate <system> [options] --out file.csv`: write simulated
 * trajectories of one of the paper's systems as a CSV the loader reads back
 * (columns trajectory, t, q..., p...).
 */
import { writeFileSync } from 'node:fs';
import { parseCommand } from '../args';
import { formatCsv } from '../../core/data/write';
import { InputError, UsageError } from '../../core/util/errors';
import { IntegrationError } from '../../core/sim/integrate';
import { simulate, SIMULATE_DEFAULTS, type SimulateSpec } from '../../core/sim/simulate';
import { DEFAULT_GAMMA, randomRotation, SYSTEM_NAMES, type SystemName } from '../../core/sim/systems';
import { Random } from '../../core/util/random';
import type { Trajectory } from '../../core/data/types';
import { parseNumber, parsePositiveInt, parsePositiveNumber } from '../options';

const USAGE = `Usage: noether simulate <system> [options] --out FILE.csv

Systems (docs/method.md §8):
  harmonic                 H = ½q² + ½p²                      columns q, p
  oscillators [--n N]      N independent oscillators (N = 2)  columns q1..qN, p1..pN
  nbody [--bodies N]       2-d N bodies, softened gravity (3)  columns x1,y1,..,px1,py1,..
  damped [--gamma G]       dq/dt = p, dp/dt = −q − G·p (0.3)   columns q, p (not Hamiltonian)
  pendulum [--omegas W] [--amplitude A]   H = p²/2 − W²cos q, swings up to A rad (1, 1.2)
  frequencies --omegas W1,W2,..   H = ½Σ(p_i² + W_i²q_i²) (1,1.3)   columns q1..qn, p1..pn
  coupled --omegas W1,.. [--mix-seed S]   H = ½|p|² + ½qᵀKq, K = R diag(W²) Rᵀ, R random (seed S)
  kepler [--e-max E]       H = |p|²/2 − 1/r, bound orbits a∈[1,2], e ≤ E (0.5)   columns x, y, px, py
  rotation [--modulation A]  dq/dt = w·p, dp/dt = −w·q, w = 1 + A·cos θ (0.5): not Hamiltonian, conserves q² + p²
  cross [--c C]            H = ½(q² + C·q·p + p²) (0.08)
  spring [--k K] [--m M] [--amplitude A]   H = K·x²/2 + p²/2M in SI units (1000 N/m, 1e-3 kg, 1e-3 m)

Options:
  --trajectories T   number of trajectories (default 100)
  --steps S          transitions per trajectory; S + 1 samples each (default 20)
  --dt DT            time between samples (default 0.2; 1.0 for nbody)
  --seed SEED        integer seed in [0, 2^32) of the random initial states (default 0)
  --q-scale A        initial q ~ N(C, A²) per coordinate (default ${SIMULATE_DEFAULTS.qScale})
  --p-scale B        initial p ~ N(0, B²) per coordinate (default ${SIMULATE_DEFAULTS.pScale})
  --q-shift C        mean of the initial q (default ${SIMULATE_DEFAULTS.qShift})
  --scales S1,..,S2n multiply each column by its factor (change of units, e.g. 1e3,1e-3)
  --noise SD[,..]    add Gaussian measurement noise of this std (per column) to the samples
  --digits D         significant digits written per value, 1-17 (default: all, exact float64 round trip)
  --out FILE         CSV to write ('-' for standard output)
  -h, --help         show this help

Trajectories are integrated with an adaptive 8th-order Runge-Kutta scheme
(DOP853, tolerance 1e-12); the summary line gives the largest relative energy
drift along any trajectory.`;

export async function run(argv: string[]): Promise<number> {
  const parsed = parseCommand('simulate', joinNegativeNumbers(argv), USAGE, {
    n: { type: 'string' },
    bodies: { type: 'string' },
    gamma: { type: 'string' },
    omegas: { type: 'string' },
    'mix-seed': { type: 'string' },
    amplitude: { type: 'string' },
    'e-max': { type: 'string' },
    modulation: { type: 'string' },
    c: { type: 'string' },
    k: { type: 'string' },
    m: { type: 'string' },
    scales: { type: 'string' },
    noise: { type: 'string' },
    trajectories: { type: 'string' },
    steps: { type: 'string' },
    dt: { type: 'string' },
    seed: { type: 'string' },
    'q-scale': { type: 'string' },
    'p-scale': { type: 'string' },
    'q-shift': { type: 'string' },
    digits: { type: 'string' },
    out: { type: 'string' },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;

  const spec = specFromArgs(positionals, values);
  const digits = values.digits === undefined ? undefined : parseDigits(values.digits);
  if (values.out === undefined || values.out.trim() === '') {
    throw new UsageError('--out FILE.csv is required', "Give a file name, or '-' for standard output");
  }
  const out = values.out;

  let sim;
  try {
    sim = simulate(spec);
  } catch (e) {
    if (e instanceof IntegrationError) {
      throw new UsageError(`the simulation could not be integrated: ${e.message}`, 'Use a smaller --dt, fewer --steps or smaller --p-scale');
    }
    if (e instanceof RangeError) throw new UsageError(e.message, 'See noether simulate --help');
    throw e;
  }

  const trajectories = digits === undefined ? sim.trajectories : sim.trajectories.map((tr) => roundTrajectory(tr, digits));
  const csv = formatCsv(sim.columns, trajectories);
  if (out === '-') {
    process.stdout.write(csv);
  } else {
    try {
      writeFileSync(out, csv);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new InputError(`cannot write the CSV: ${err.code ?? err.message}`, { file: out }, 'Check that the folder exists and is writable');
    }
  }
  const log = out === '-' ? console.error : console.log;
  log(summary(spec, sim.maxEnergyDrift, sim.system.energyConserved ?? sim.system.hamiltonian, out));
  return 0;
}

/**
 * parseArgs refuses `--q-shift -1` (a value that starts with a dash looks like
 * an option); rewrite `--opt -1.5` as `--opt=-1.5` when the value is a number.
 */
function joinNegativeNumbers(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = argv[i + 1];
    if (/^--[a-z-]+$/.test(a) && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

interface SimulateArgValues {
  n?: string;
  bodies?: string;
  gamma?: string;
  omegas?: string;
  'mix-seed'?: string;
  amplitude?: string;
  'e-max'?: string;
  modulation?: string;
  c?: string;
  k?: string;
  m?: string;
  scales?: string;
  noise?: string;
  trajectories?: string;
  steps?: string;
  dt?: string;
  seed?: string;
  'q-scale'?: string;
  'p-scale'?: string;
  'q-shift'?: string;
}

/** Positionals and option strings → a validated SimulateSpec (UsageError otherwise). */
export function specFromArgs(positionals: string[], values: SimulateArgValues): SimulateSpec {
  if (positionals.length === 0) {
    throw new UsageError('which system? Give one of ' + SYSTEM_NAMES.join(', '), 'e.g. noether simulate harmonic --out harmonic.csv');
  }
  if (positionals.length > 1) {
    throw new UsageError(`one system at a time, got '${positionals.join(' ')}'`, 'See noether simulate --help');
  }
  const system = positionals[0].toLowerCase() as SystemName;
  if (!SYSTEM_NAMES.includes(system)) {
    throw new UsageError(`unknown system '${positionals[0]}'`, `Use one of ${SYSTEM_NAMES.join(', ')}`);
  }
  // Options that only make sense for one system: refuse them elsewhere rather than ignore them.
  const only: Array<[keyof SimulateArgValues, SystemName[]]> = [
    ['n', ['oscillators']], ['bodies', ['nbody']], ['gamma', ['damped']], ['omegas', ['pendulum', 'frequencies', 'coupled']],
    ['mix-seed', ['coupled']], ['amplitude', ['pendulum', 'spring']], ['e-max', ['kepler']], ['modulation', ['rotation']],
    ['c', ['cross']], ['k', ['spring']], ['m', ['spring']],
  ];
  for (const [opt, sys] of only) {
    if (values[opt] !== undefined && !sys.includes(system)) throw new UsageError(`--${opt} applies only to '${sys.join("', '")}', not '${system}'`);
  }
  const spec: SimulateSpec = {
    system,
    trajectories: parsePositiveInt('--trajectories', values.trajectories, 100),
    steps: parsePositiveInt('--steps', values.steps, 20),
    dt: parsePositiveNumber('--dt', values.dt, system === 'nbody' ? 1.0 : system === 'kepler' ? 0.5 : system === 'spring' ? 1e-4 : 0.2),
    seed: parseSeed(values.seed),
    qScale: parseNonNegative('--q-scale', values['q-scale'], SIMULATE_DEFAULTS.qScale),
    pScale: parseNonNegative('--p-scale', values['p-scale'], SIMULATE_DEFAULTS.pScale),
    qShift: parseNumber('--q-shift', values['q-shift'], SIMULATE_DEFAULTS.qShift),
  };
  if (system === 'oscillators') spec.n = parsePositiveInt('--n', values.n, 2);
  if (system === 'nbody') {
    spec.bodies = parsePositiveInt('--bodies', values.bodies, 3);
    if (spec.bodies < 2) throw new UsageError('--bodies must be at least 2');
  }
  if (values.omegas !== undefined) spec.omegas = parseList('--omegas', values.omegas);
  if (system === 'frequencies' || system === 'coupled') spec.omegas ??= [1, 1.3];
  if (system === 'coupled') {
    const mix = parseSeed(values['mix-seed']);
    spec.rotation = randomRotation(spec.omegas!.length, new Random(mix));
  }
  if (values.amplitude !== undefined) spec.amplitude = parsePositiveNumber('--amplitude', values.amplitude);
  if (values['e-max'] !== undefined) spec.eMax = parseNonNegative('--e-max', values['e-max'], 0.5);
  if (values.modulation !== undefined) spec.modulation = parseNumber('--modulation', values.modulation, 0.5);
  if (values.c !== undefined) spec.c = parseNumber('--c', values.c, 0.08);
  if (values.k !== undefined) spec.k = parsePositiveNumber('--k', values.k);
  if (values.m !== undefined) spec.m = parsePositiveNumber('--m', values.m);
  if (values.scales !== undefined) spec.scales = parseList('--scales', values.scales);
  if (values.noise !== undefined) {
    const sd = parseList('--noise', values.noise);
    if (sd.some((v) => v < 0)) throw new UsageError(`--noise must be ≥ 0, got '${values.noise}'`);
    spec.noise = sd.length === 1 ? sd[0] : sd;
  }
  if (system === 'damped') {
    spec.gamma = parseNumber('--gamma', values.gamma, DEFAULT_GAMMA);
    if (spec.gamma < 0) throw new UsageError(`--gamma must be ≥ 0, got '${values.gamma}'`);
  }
  return spec;
}

function parseList(name: string, value: string): number[] {
  const xs = value.split(',').map((v) => v.trim()).filter((v) => v !== '').map((v) => parseNumber(name, v, NaN));
  if (xs.length === 0) throw new UsageError(`${name} needs a comma-separated list of numbers, got '${value}'`);
  return xs;
}

function parseSeed(value: string | undefined): number {
  if (value === undefined) return 0;
  const v = value.trim();
  const x = /^\+?\d+$/.test(v) ? Number(v) : NaN;
  if (!(Number.isSafeInteger(x) && x <= 0xffffffff)) {
    throw new UsageError(`--seed must be a whole number from 0 to 4294967295, got '${value}'`);
  }
  return x;
}

function parseNonNegative(name: string, value: string | undefined, fallback: number): number {
  const x = parseNumber(name, value, fallback);
  if (x < 0) throw new UsageError(`${name} must be ≥ 0, got '${value}'`);
  return x;
}

function parseDigits(value: string): number {
  const d = parsePositiveInt('--digits', value);
  if (d > 17) throw new UsageError(`--digits must be from 1 to 17, got '${value}'`, '17 digits already round-trip every float64');
  return d;
}

/** Copy of a trajectory with every state value rounded to `digits` significant digits. */
function roundTrajectory(tr: Trajectory, digits: number): Trajectory {
  return {
    ...tr,
    states: tr.states.map((s) => s.map((v) => Number(v.toPrecision(digits)))),
  };
}

function summary(spec: SimulateSpec, drift: number, energyConserved: boolean, out: string): string {
  const what =
    spec.system === 'oscillators' ? `oscillators (n = ${spec.n})`
    : spec.system === 'nbody' ? `nbody (${spec.bodies} bodies, 2-d)`
    : spec.system === 'damped' ? `damped (γ = ${spec.gamma})`
    : spec.omegas ? `${spec.system} (ω = ${spec.omegas.join(', ')})`
    : spec.system;
  const energy = energyConserved
    ? `max relative energy drift ${drift.toExponential(1)}`
    : `energy decays by up to ${(100 * drift).toFixed(1)}% (not conserved)`;
  return `${what}: ${spec.trajectories} trajectories × ${spec.steps} steps (Δt ${spec.dt}, seed ${spec.seed}), ${energy} → ${out === '-' ? 'stdout' : out}`;
}

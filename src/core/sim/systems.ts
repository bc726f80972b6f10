/**
 * The registry of simulated systems: every system by name, with its
 * parameters. The systems live in paperSystems.ts and validationSystems.ts,
 * their common types in system.ts (all re-exported here).
 */
import { damped, DEFAULT_GAMMA, harmonic, nbody, oscillators } from './paperSystems';
import {
  coupled, cross, CROSS_DEFAULTS, frequencies, kepler, KEPLER_DEFAULTS, pendulum, PENDULUM_DEFAULTS, rotation, ROTATION_DEFAULTS, spring, SPRING_DEFAULTS,
} from './validationSystems';
import type { PhysicalSystem, SystemName } from './system';

export * from './system';
export * from './paperSystems';
export * from './validationSystems';


export interface SystemParams {
  /** Number of oscillators (system 'oscillators'). */
  n?: number;
  /** Number of bodies (system 'nbody'). */
  bodies?: number;
  /** Damping rate (system 'damped'). */
  gamma?: number;
  /** Frequencies ω_i (systems 'frequencies' and 'coupled'); 'pendulum': omegas[0] is ω. */
  omegas?: number[];
  /** Normal modes as the columns of an orthogonal matrix (system 'coupled'; default: identity). */
  rotation?: number[][];
  /** Largest angular amplitude in rad (system 'pendulum'); spring: amplitude in m. */
  amplitude?: number;
  /** Largest eccentricity (system 'kepler'). */
  eMax?: number;
  /** Speed modulation of 'rotation'. */
  modulation?: number;
  /** Cross term c (system 'cross'). */
  c?: number;
  /** Spring constant (N/m) and mass (kg) of 'spring'. */
  k?: number;
  m?: number;
}

/** Build a system by name; defaults: n = 2 oscillators, 3 bodies, γ = 0.3. */
export function makeSystem(name: SystemName, params: SystemParams = {}): PhysicalSystem {
  switch (name) {
    case 'harmonic':
      return harmonic();
    case 'oscillators':
      return oscillators(params.n ?? 2);
    case 'nbody':
      return nbody(params.bodies ?? 3);
    case 'damped':
      return damped(params.gamma ?? DEFAULT_GAMMA);
    case 'pendulum':
      return pendulum(params.omegas?.[0] ?? PENDULUM_DEFAULTS.omega, params.amplitude ?? PENDULUM_DEFAULTS.amplitude);
    case 'frequencies':
      return frequencies(params.omegas ?? [1, 1.3]);
    case 'coupled': {
      const omegas = params.omegas ?? [1, 1.5];
      return coupled(omegas, params.rotation ?? omegas.map((_w, i) => omegas.map((_v, j) => (i === j ? 1 : 0))));
    }
    case 'kepler':
      return kepler(params.eMax ?? KEPLER_DEFAULTS.eMax);
    case 'rotation':
      return rotation(params.modulation ?? ROTATION_DEFAULTS.modulation);
    case 'cross':
      return cross(params.c ?? CROSS_DEFAULTS.c);
    case 'spring':
      return spring(params.k ?? SPRING_DEFAULTS.k, params.m ?? SPRING_DEFAULTS.m, params.amplitude ?? SPRING_DEFAULTS.amplitude);
    default:
      throw new RangeError(`unknown system '${name as string}'`);
  }
}

export const SYSTEM_NAMES: readonly SystemName[] = ['harmonic', 'oscillators', 'nbody', 'damped', 'pendulum', 'frequencies', 'coupled', 'kepler', 'rotation', 'cross', 'spring'];

/**
 * "Generate Example Dataset…": simulates one of the paper's systems and writes
 * it as a CSV the extension can discover on straight away.
 */
import type { SimulateSpec } from '../core/sim/simulate';
import type { SystemName } from '../core/sim/systems';

export interface ExampleChoice {
  system: SystemName;
  label: string;
  detail: string;
  fileName: string;
  spec: SimulateSpec;
}

/** Small datasets (seconds to simulate, a minute or two to discover with the fast preset). */
export const EXAMPLES: ExampleChoice[] = [
  { system: 'harmonic', label: 'Harmonic oscillator', fileName: 'harmonic.csv',
    detail: '1-d oscillator, 20 trajectories × 20 steps, Δt 0.2 — expect the energy q² + p²',
    spec: { system: 'harmonic', trajectories: 20, steps: 20, dt: 0.2, seed: 1 } },
  { system: 'oscillators', label: 'Two independent oscillators', fileName: 'oscillators2.csv',
    detail: '2 oscillators, 50 trajectories × 20 steps, Δt 0.2 — expect the 4 U(2) quantities',
    spec: { system: 'oscillators', n: 2, trajectories: 50, steps: 20, dt: 0.2, seed: 1 } },
  { system: 'nbody', label: '3-body problem (2-d gravity)', fileName: 'nbody3.csv',
    detail: '3 bodies, 30 trajectories × 20 steps, Δt 0.05 — expect momentum and angular momentum',
    spec: { system: 'nbody', bodies: 3, trajectories: 30, steps: 20, dt: 0.05, seed: 1 } },
  { system: 'damped', label: 'Damped oscillator (nothing conserved)', fileName: 'damped.csv',
    detail: 'dq/dt = p, dp/dt = −q − 0.3p, 20 trajectories × 20 steps — expect no conserved quantity',
    spec: { system: 'damped', gamma: 0.3, trajectories: 20, steps: 20, dt: 0.2, seed: 1 } },
];

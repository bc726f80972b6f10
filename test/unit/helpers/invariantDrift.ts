/**
 * How much a quadratic C = ½xᵀAx + bᵀx changes along simulated trajectories:
 * the largest change along any trajectory over C's std across all samples
 * (0 for an invariant), for the simulator's and the validation suite's tests.
 */
import { quadraticValue } from '../../../src/core/quantity/quadratic';
import type { Quadratic } from '../../../src/core/sim/systems';
import type { SimulationResult } from '../../../src/core/sim/simulate';

export function maxRelativeDrift(c: Quadratic, data: Pick<SimulationResult, 'trajectories'>): number {
  const all: number[] = [];
  let worst = 0;
  for (const tr of data.trajectories) {
    const v = tr.states.map((x) => quadraticValue(c.A, c.b, x));
    all.push(...v);
    worst = Math.max(worst, Math.max(...v) - Math.min(...v));
  }
  const mean = all.reduce((a, b) => a + b, 0) / all.length;
  const sd = Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / all.length);
  return worst / sd;
}

/**
 * Pick the one-step integrator by accuracy per cost (issue #4): the
 * second-order midpoint rule costs two field evaluations per sub-step, RK4
 * four. The midpoint rule's local error is estimated from the data: along a
 * trajectory, the second difference of consecutive states over the first,
 * θ = |Δ²x| / |Δx|, is the angle the velocity turns per step (exactly the
 * rotation angle for a linear flow), and one midpoint step then errs by
 * ≈ θ² |Δx| / 6 (n sub-steps: 1/n² of that). Midpoint is chosen when the RMS
 * of that error over the data, per coordinate, is below a tenth of the noise
 * standard deviation σ (a ~1% change of the likelihood); otherwise RK4.
 * Noise in the data only inflates Δ²x, so the rule errs towards RK4.
 */
import type { ModelConfig } from '../util/config';
import type { ModelData } from './prepare';

export interface IntegratorChoice {
  integrator: ModelConfig['integrator'];
  substeps: number;
  /** One sentence on why, for the log and the results. */
  reason: string;
}

/** The integrator for cfg on these data (cfg's own when integratorChoice is 'fixed'). */
export function chooseIntegrator(cfg: ModelConfig, data: ModelData): IntegratorChoice {
  if (cfg.integratorChoice !== 'auto') return { integrator: cfg.integrator, substeps: cfg.substeps, reason: 'set explicitly' };
  const n = cfg.substeps;
  const error = midpointStepError(data) / (n * n); // n sub-steps of h = Δt/n: n · (1/n³) of one step's error
  const limit = 0.1 * Math.sqrt(cfg.sigma2);
  const fmt = (v: number) => v.toPrecision(2);
  if (error <= limit) {
    return {
      integrator: 'midpoint',
      substeps: n,
      reason: `midpoint × ${n}: its error on these data ≈ ${fmt(error)} per coordinate ≤ 0.1 σ = ${fmt(limit)}, at half RK4's cost`,
    };
  }
  const est = Number.isFinite(error) ? `≈ ${fmt(error)}` : 'unknown: no trajectory has 3 consecutive states';
  return { integrator: 'rk4', substeps: n, reason: `RK4 × ${n}: the midpoint rule's error on these data (${est}) would exceed 0.1 σ = ${fmt(limit)}` };
}

/**
 * RMS over chained transitions (x_{t-1} → x_t → x_{t+1}) of θ²|Δx|/6 per
 * coordinate, in model units; Infinity when no two transitions chain.
 */
export function midpointStepError(data: ModelData): number {
  const M = data.dim;
  let sum = 0;
  let count = 0;
  for (let i = 0; i + 1 < data.count; i++) {
    const a = i * M;
    const b = (i + 1) * M;
    let chained = true;
    for (let c = 0; c < M && chained; c++) chained = data.x1[a + c] === data.x0[b + c];
    if (!chained) continue;
    let d1 = 0;
    let d2 = 0;
    for (let c = 0; c < M; c++) {
      const s1 = data.x1[a + c] - data.x0[a + c];
      const s2 = data.x1[b + c] - data.x0[b + c];
      d1 += s1 * s1;
      d2 += (s2 - s1) ** 2;
    }
    // θ²|Δx|/6 with θ = |Δ²x|/|Δx| is |Δ²x|² / (6 |Δx|).
    const e = d1 > 0 ? d2 / (6 * Math.sqrt(d1)) : 0;
    sum += (e * e) / M;
    count++;
  }
  return count ? Math.sqrt(sum / count) : Infinity;
}

/** cfg with the integrator chosen for these data. */
export function withIntegrator(cfg: ModelConfig, data: ModelData): { model: ModelConfig; reason: string } {
  const c = chooseIntegrator(cfg, data);
  return { model: { ...cfg, integrator: c.integrator, substeps: c.substeps }, reason: c.reason };
}

/** Shared helpers for the readout tests: deterministic randomness and hand-made learned spans. */
import type { Trajectory } from '../../../src/core/data/types';
import { Random } from '../../../src/core/util/random';

/** Uniform [0, 1) draws from the project's seeded generator, so failures reproduce. */
export function rng(seed: number): () => number {
  const r = new Random(seed);
  return () => r.next();
}

export function randn(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

export interface Q {
  A: number[][];
  b: number[];
}

/**
 * K learned (W, b) in model coordinates whose span is that of `truth`
 * (given in model coordinates): truth mixed by a random well-conditioned
 * K×K matrix, `extra` near-zero quantities appended, all plus uniform noise
 * of amplitude `noise`. W is an arbitrary non-symmetric split of A
 * (W + Wᵀ = A), as training would produce.
 */
export function learnedSpan(truth: Q[], opts: { seed: number; extra?: number; noise?: number }): { W: number[][]; b: number[] }[] {
  const r = rng(opts.seed);
  const K = truth.length;
  const M = truth[0].b.length;
  const noise = opts.noise ?? 1e-6;
  // Mixing: diagonally dominant with random signs and off-diagonal entries, so it is well conditioned.
  const mix = Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, j) => (i === j ? (r() < 0.5 ? -1 : 1) * (1 + r()) : 0.4 * (2 * r() - 1))));
  const out: { W: number[][]; b: number[] }[] = [];
  for (let k = 0; k < K + (opts.extra ?? 0); k++) {
    const A = Array.from({ length: M }, () => new Array<number>(M).fill(0));
    const b = new Array<number>(M).fill(0);
    if (k < K)
      for (let j = 0; j < K; j++) {
        const c = mix[k][j];
        for (let a = 0; a < M; a++) {
          b[a] += c * truth[j].b[a];
          for (let d = 0; d < M; d++) A[a][d] += c * truth[j].A[a][d];
        }
      }
    // Split A = W + Wᵀ with a random antisymmetric part, then add noise.
    const W = A.map((row) => row.map((v) => v / 2));
    for (let a = 0; a < M; a++)
      for (let d = a + 1; d < M; d++) {
        const s = 0.3 * (r() - 0.5);
        W[a][d] += s;
        W[d][a] -= s;
      }
    out.push({ W: W.map((row) => row.map((v) => v + noise * (2 * r() - 1))), b: b.map((v) => v + noise * (2 * r() - 1)) });
  }
  return out;
}

/** Scale a quantity given in user units to model units x_model = x_user / s. */
export function toModel(q: Q, s: number): Q {
  return { A: q.A.map((row) => row.map((v) => v * s * s)), b: q.b.map((v) => v * s) };
}

/** Exact harmonic-oscillator trajectories H = ½Σ(q_i² + p_i²): q(t) = q0 cos t + p0 sin t, p(t) = −q0 sin t + p0 cos t. */
export function harmonicTrajectories(n: number, count: number, steps: number, dt: number, seed: number, scale = 1): Trajectory[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, c) => {
    const q0 = Array.from({ length: n }, () => randn(r));
    const p0 = Array.from({ length: n }, () => 0.5 * randn(r));
    const t = Float64Array.from({ length: steps }, (_, k) => k * dt);
    const states = Array.from(t, (tk) => {
      const x = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        x[i] = scale * (q0[i] * Math.cos(tk) + p0[i] * Math.sin(tk));
        x[n + i] = scale * (-q0[i] * Math.sin(tk) + p0[i] * Math.cos(tk));
      }
      return x;
    });
    return { id: String(c), t, states };
  });
}

/** Exact damped oscillator dq/dt = p, dp/dt = −q − γp (underdamped closed form). */
export function dampedTrajectories(count: number, steps: number, dt: number, gamma: number, seed: number): Trajectory[] {
  const r = rng(seed);
  const w = Math.sqrt(1 - (gamma * gamma) / 4);
  return Array.from({ length: count }, (_, c) => {
    const q0 = randn(r);
    const p0 = 0.5 * randn(r);
    // q(t) = e^{-γt/2}(a cos wt + b sin wt), with a = q0, b = (p0 + γ q0 / 2) / w.
    const a = q0;
    const b = (p0 + (gamma * q0) / 2) / w;
    const t = Float64Array.from({ length: steps }, (_, k) => k * dt);
    const states = Array.from(t, (tk) => {
      const e = Math.exp((-gamma * tk) / 2);
      const q = e * (a * Math.cos(w * tk) + b * Math.sin(w * tk));
      const p = e * (-(gamma / 2) * (a * Math.cos(w * tk) + b * Math.sin(w * tk)) + (-a * w * Math.sin(w * tk) + b * w * Math.cos(w * tk)));
      return Float64Array.of(q, p);
    });
    return { id: String(c), t, states };
  });
}

/**
 * The learned H on a 41 × 41 grid (2-d phase spaces only), for the panel's
 * contour plot and reproduce's figure 2: H_user(x) = s² H_model(x / s).
 */
import type { Dataset } from '../data/types';
import type { HamiltonianModel } from '../model/model';
import { Random } from '../util/random';

export interface HamiltonianGrid {
  q: number[];
  p: number[];
  H: number[][];
  trajectories: { q: number[]; p: number[] }[];
}

export function hamiltonianGrid(
  model: HamiltonianModel,
  /** x_model = x_user / scale. */
  scale: number,
  /** The run's seed: the symmetry samples of the average over the group are fixed by it. */
  seed: number,
  ds: Dataset,
  /** Plot this box (before padding) instead of the data's range (reproduce figure2: a square). */
  box?: { q: [number, number]; p: [number, number] },
): HamiltonianGrid {
  let [q0, q1, p0, p1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const tr of ds.trajectories) {
    for (const [q, p] of tr.states) {
      q0 = Math.min(q0, q); q1 = Math.max(q1, q); p0 = Math.min(p0, p); p1 = Math.max(p1, p);
    }
  }
  if (box) [q0, q1, p0, p1] = [box.q[0], box.q[1], box.p[0], box.p[1]];
  const pad = 0.1 * Math.max(q1 - q0, p1 - p0, 1e-9);
  const n = 41;
  const axis = (a: number, b: number) => Array.from({ length: n }, (_, i) => a - pad + ((b - a + 2 * pad) * i) / (n - 1));
  const qs = axis(q0, q1);
  const ps = axis(p0, p1);
  const s = scale;
  const points = ps.flatMap((p) => qs.map((q) => [q / s, p / s]));
  const H = model.hamiltonianValues(points, new Random(seed).fork(424242)).map((h) => h * s * s);
  return {
    q: qs,
    p: ps,
    H: ps.map((_, j) => H.slice(j * n, (j + 1) * n)),
    trajectories: ds.trajectories.slice(0, 30).map((tr) => ({ q: tr.states.map((x) => x[0]), p: tr.states.map((x) => x[1]) })),
  };
}

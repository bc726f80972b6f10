/**
 * Training data in model coordinates. One global scale factor keeps the data
 * near unit size (float32) and is canonical: x' = x / s keeps the system
 * Hamiltonian with H' = H / s^2 (docs/method.md §2), so results map back exactly.
 */
import * as tf from '@tensorflow/tfjs-core';
import { toTransitions, type Dataset, type Transitions } from '../data/types';

export interface ModelData {
  count: number;
  dim: number;
  /** x_model = x_user / scale. */
  scale: number;
  x0: Float32Array;
  x1: Float32Array;
  dt: Float32Array;
}

/** RMS of all state coordinates of the dataset (1 when normalisation is off or degenerate). */
export function dataScale(ds: Pick<Dataset, 'trajectories'>, normalize: 'scale' | 'none'): number {
  if (normalize === 'none') return 1;
  let s = 0;
  let n = 0;
  for (const tr of ds.trajectories) for (const x of tr.states) for (const v of x) { s += v * v; n++; }
  const rms = Math.sqrt(s / Math.max(1, n));
  return rms > 0 && Number.isFinite(rms) ? rms : 1;
}

export function toModelData(ds: Pick<Dataset, 'dim' | 'trajectories'>, scale: number): ModelData {
  const tr: Transitions = toTransitions(ds);
  const f = (a: Float64Array) => Float32Array.from(a, (v) => v / scale);
  return { count: tr.count, dim: tr.dim, scale, x0: f(tr.x0), x1: f(tr.x1), dt: Float32Array.from(tr.dt) };
}

/** Rows idx of the data as tensors. */
export function gatherBatch(d: ModelData, idx: ArrayLike<number>): { x0: tf.Tensor2D; y: tf.Tensor2D; dt: tf.Tensor2D } {
  const B = idx.length;
  const M = d.dim;
  const x0 = new Float32Array(B * M);
  const y = new Float32Array(B * M);
  const dt = new Float32Array(B);
  for (let i = 0; i < B; i++) {
    const j = idx[i];
    x0.set(d.x0.subarray(j * M, (j + 1) * M), i * M);
    y.set(d.x1.subarray(j * M, (j + 1) * M), i * M);
    dt[i] = d.dt[j];
  }
  return { x0: tf.tensor2d(x0, [B, M]), y: tf.tensor2d(y, [B, M]), dt: tf.tensor2d(dt, [B, 1]) };
}

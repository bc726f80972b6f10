/**
 * Group elements g(eps) = expm(scale * sum_k eps_k G_k) of the conserved
 * quantities' flows (docs/method.md §3-4), built from differentiable tensor ops so
 * that the loss reaches the generators' parameters W_k, b_k.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expm } from '../linalg/expm';
import type { Random } from '../util/random';

/**
 * Top M rows of each generator G_k = [[J A_k, J b_k], [0, 0]] with A_k = W_k + W_k^T:
 * K x M x (M+1). J = [[0, I], [-I, 0]] maps (dq, dp) rows to (dp, -dq).
 */
export function generatorTops(W: tf.Tensor3D, b: tf.Tensor2D): tf.Tensor3D {
  const [K, M] = W.shape;
  const n = M / 2;
  const A = tf.add(W, tf.transpose(W, [0, 2, 1]));
  const JA = tf.concat([tf.slice(A, [0, n, 0], [K, n, M]), tf.neg(tf.slice(A, [0, 0, 0], [K, n, M]))], 1);
  const Jb = tf.concat([tf.slice(b, [0, n], [K, n]), tf.neg(tf.slice(b, [0, 0], [K, n]))], 1);
  return tf.concat([JA, tf.expandDims(Jb, 2)], 2) as tf.Tensor3D;
}

/** The affine maps x -> A_s x + c_s of S group elements. */
export interface GroupSample {
  /** S x M x M */
  A: tf.Tensor3D;
  /** S x M */
  c: tf.Tensor2D;
}

/**
 * expm of each S x m x m matrix, as a differentiable op computed in float64
 * JS (Pade-13 scaling and squaring): the matrices are tiny, so one JS call
 * replaces dozens of tensor kernels. Its gradient uses the block identity
 * expm([[X^T, G], [0, X^T]]) = [[e^{X^T}, L], [0, e^{X^T}]], where L is the
 * gradient of <G, e^X> with respect to X (docs/method.md §4).
 */
export function expmBatch(X: tf.Tensor3D): tf.Tensor3D {
  const forward = (x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    const [S, m] = x.shape;
    const xs = x.dataSync();
    const out = new Float32Array(S * m * m);
    for (let s = 0; s < S; s++) out.set(flatten(expm(block(xs, s * m * m, m))), s * m * m);
    return {
      value: tf.tensor3d(out, [S, m, m]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const g = dy.dataSync();
        const xv = saved[0].dataSync();
        const grad = new Float32Array(S * m * m);
        for (let s = 0; s < S; s++) {
          const o = s * m * m;
          // B = [[X^T, G], [0, X^T]] (2m x 2m); the gradient is its top-right block's exponential part.
          const B: number[][] = Array.from({ length: 2 * m }, () => new Array(2 * m).fill(0));
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < m; j++) {
              B[i][j] = xv[o + j * m + i];
              B[m + i][m + j] = xv[o + j * m + i];
              B[i][m + j] = g[o + i * m + j];
            }
          }
          const E = expm(B);
          for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) grad[o + i * m + j] = E[i][m + j];
        }
        return [tf.tensor3d(grad, [S, m, m])];
      },
    };
  };
  const op = tf.customGrad(forward as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(X) as tf.Tensor3D;
}

function block(a: ArrayLike<number>, offset: number, m: number): number[][] {
  return Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => a[offset + i * m + j]));
}

function flatten(A: number[][]): number[] {
  return A.flat();
}

/** Group elements for a S x K matrix of eps draws. */
export function groupElements(tops: tf.Tensor3D, eps: Float32Array, S: number, scale: number): GroupSample {
  const [K, M, M1] = tops.shape;
  const epsT = tf.tensor2d(eps, [S, K]);
  const top = tf.reshape(tf.matMul(tf.mul(epsT, scale), tf.reshape(tops, [K, M * M1])), [S, M, M1]);
  // Row of zeros at the bottom: the affine part of the flow.
  const X = tf.concat([top, tf.zeros([S, 1, M1])], 1) as tf.Tensor3D;
  const g = expmBatch(X);
  return {
    A: tf.slice(g, [0, 0, 0], [S, M, M]) as tf.Tensor3D,
    c: tf.reshape(tf.slice(g, [0, 0, M], [S, M, 1]), [S, M]) as tf.Tensor2D,
  };
}

/**
 * S draws of eps in R^K from the uniform measure on the cube [-1,1]^K or the
 * unit ball. 'stratified' keeps every draw distributed by that measure on
 * average over the set (so the estimator stays an average over the same
 * measure) but spreads them out: Latin hypercube on the cube; radial
 * quantile strata with random directions in the ball.
 */
export function sampleEps(rng: Random, S: number, K: number, measure: 'cube' | 'ball', sampling: 'random' | 'stratified'): Float32Array {
  const out = new Float32Array(S * K);
  if (measure === 'cube') {
    for (let k = 0; k < K; k++) {
      const perm = sampling === 'stratified' ? rng.shuffle([...Array(S).keys()]) : null;
      for (let s = 0; s < S; s++) {
        const u = perm ? (perm[s] + rng.next()) / S : rng.next();
        out[s * K + k] = 2 * u - 1;
      }
    }
    return out;
  }
  const strata = sampling === 'stratified' ? rng.shuffle([...Array(S).keys()]) : null;
  const dir = new Float64Array(K);
  for (let s = 0; s < S; s++) {
    let norm = 0;
    do {
      norm = 0;
      for (let k = 0; k < K; k++) {
        dir[k] = rng.normal();
        norm += dir[k] * dir[k];
      }
    } while (norm === 0);
    norm = Math.sqrt(norm);
    const u = strata ? (strata[s] + rng.next()) / S : rng.next();
    const r = Math.pow(u, 1 / K); // P(|eps| <= r) = r^K in the unit ball
    for (let k = 0; k < K; k++) out[s * K + k] = (r * dir[k]) / norm;
  }
  return out;
}

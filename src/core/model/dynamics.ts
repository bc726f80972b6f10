/**
 * The learned dynamics dx/dt = J grad H(x) and the one-step prediction that
 * integrates them over each transition's own dt.
 */
import * as tf from '@tensorflow/tfjs-core';
import { inputGradient, type SampledMlp } from './mlp';
import type { GroupSample } from './symmetry';

export type VectorField = (x: tf.Tensor2D) => tf.Tensor2D;

/** Maps the S group elements into the two layouts the batched products need. */
interface Symmetrizer {
  S: number;
  /** M x (S*M): x (row) times this gives the S transformed points side by side. */
  Acat: tf.Tensor2D;
  /** (S*M) x M: sums A_s^T g_s over s for row-vector gradients g_s. */
  Astack: tf.Tensor2D;
  c: tf.Tensor2D;
}

function symmetrizer(g: GroupSample): Symmetrizer {
  const [S, M] = g.A.shape;
  return {
    S,
    // Acat[i, s*M + j] = A_s[j, i], so (x Acat)[s*M + j] = (A_s x)_j.
    Acat: tf.reshape(tf.transpose(g.A, [2, 0, 1]), [M, S * M]) as tf.Tensor2D,
    // (g_s as a row) A_s = (A_s^T g_s)^T, summed over s by one product.
    Astack: tf.reshape(g.A, [S * M, M]) as tf.Tensor2D,
    c: g.c,
  };
}

/**
 * grad H for H = F (group = null) or H(x) = (1/S) sum_s F(A_s x + c_s)
 * (method.md §4): grad H(x) = (1/S) sum_s A_s^T grad F(A_s x + c_s).
 */
export function hamiltonianGradient(net: SampledMlp, group: GroupSample | null): VectorField {
  if (!group) return (x) => inputGradient(net, x);
  const sym = symmetrizer(group);
  return (x) => {
    const [B, M] = x.shape;
    const xs = tf.reshape(tf.add(tf.reshape(tf.matMul(x, sym.Acat), [B, sym.S, M]), sym.c), [B * sym.S, M]);
    const gF = inputGradient(net, xs as tf.Tensor2D);
    return tf.div(tf.matMul(tf.reshape(gF, [B, sym.S * M]), sym.Astack), sym.S) as tf.Tensor2D;
  };
}

/** dx/dt = J grad H: (dH/dp, -dH/dq). */
export function hamiltonianField(gradH: VectorField): VectorField {
  return (x) => {
    const g = gradH(x);
    const [B, M] = g.shape;
    const n = M / 2;
    return tf.concat([tf.slice(g, [0, n], [B, n]), tf.neg(tf.slice(g, [0, 0], [B, n]))], 1) as tf.Tensor2D;
  };
}

/** Integrate dx/dt = f(x) from x0 over dt (B x 1, per row) in `substeps` equal steps. */
export function integrate(f: VectorField, x0: tf.Tensor2D, dt: tf.Tensor2D, substeps: number, method: 'euler' | 'rk4'): tf.Tensor2D {
  const h = tf.div(dt, substeps);
  let x = x0;
  for (let i = 0; i < substeps; i++) {
    if (method === 'euler') {
      x = tf.add(x, tf.mul(h, f(x)));
    } else {
      const half = tf.mul(h, 0.5);
      const k1 = f(x);
      const k2 = f(tf.add(x, tf.mul(half, k1)));
      const k3 = f(tf.add(x, tf.mul(half, k2)));
      const k4 = f(tf.add(x, tf.mul(h, k3)));
      const sum = tf.addN([k1, tf.mul(2, k2), tf.mul(2, k3), k4]);
      x = tf.add(x, tf.mul(tf.div(h, 6), sum));
    }
  }
  return x;
}

/** Vector-field evaluations per prediction (for cost accounting). */
export function fieldEvaluations(substeps: number, method: 'euler' | 'rk4'): number {
  return substeps * (method === 'euler' ? 1 : 4);
}

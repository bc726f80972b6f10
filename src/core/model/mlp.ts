/**
 * The network F: R^M -> R (ELU between layers, no bias on the last layer) and
 * its input gradient written out analytically, so training needs only
 * first-order autodiff (nested tf.grad through ELU is wrong in tfjs, #3252).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SampledLinear } from './bayesLinear';

export interface SampledMlp {
  /** Hidden layers, then the output layer (dOut = 1, no bias). */
  layers: SampledLinear[];
  eluAlpha: number;
}

/** ELU(alpha) and its derivative, both from one exp. */
function elu(z: tf.Tensor, alpha: number): { a: tf.Tensor; da: tf.Tensor } {
  const e1 = tf.elu(z); // alpha = 1
  if (alpha === 1) {
    // d/dz elu(z) = 1 for z > 0, e^z = elu(z) + 1 otherwise, i.e. 1 + min(a, 0)
    // written as 1 + a - relu(a): relu's gradient is far cheaper than minimum's
    // (which compares, casts and reduces the broadcast scalar).
    return { a: e1, da: tf.add(tf.sub(e1, tf.relu(e1)), 1) };
  }
  const neg = tf.minimum(e1, 0); // e^z - 1 where z <= 0, else 0
  const a = tf.add(tf.relu(e1), tf.mul(alpha, neg));
  // step() has a (zero) gradient, unlike a boolean mask from greater().
  const pos = tf.step(e1);
  const da = tf.add(pos, tf.mul(tf.sub(1, pos), tf.mul(alpha, tf.add(neg, 1))));
  return { a, da };
}

/** grad_x F(x) for each row of x (N x M). */
export function inputGradient(net: SampledMlp, x: tf.Tensor2D): tf.Tensor2D {
  const hidden = net.layers.slice(0, -1);
  const out = net.layers[net.layers.length - 1];
  const derivs: tf.Tensor[] = [];
  let h: tf.Tensor = x;
  for (const L of hidden) {
    let z = tf.matMul(h, L.Wt);
    if (L.b) z = tf.add(z, L.b);
    const { a, da } = elu(z, net.eluAlpha);
    derivs.push(da);
    h = a;
  }
  // Backward: delta_L = sigma'(z_L) * w_out, delta_{l-1} = sigma'(z_{l-1}) * (delta_l W_l).
  let delta: tf.Tensor = tf.mul(derivs[derivs.length - 1], out.W); // out.W is 1 x h_last
  for (let l = hidden.length - 1; l >= 1; l--) {
    delta = tf.mul(derivs[l - 1], tf.matMul(delta, hidden[l].W));
  }
  return tf.matMul(delta, hidden[0].W) as tf.Tensor2D;
}

/** F(x) for each row of x: N x 1. */
export function value(net: SampledMlp, x: tf.Tensor2D): tf.Tensor2D {
  let h: tf.Tensor = x;
  for (const L of net.layers.slice(0, -1)) {
    let z = tf.matMul(h, L.Wt);
    if (L.b) z = tf.add(z, L.b);
    h = elu(z, net.eluAlpha).a;
  }
  return tf.matMul(h, net.layers[net.layers.length - 1].Wt) as tf.Tensor2D;
}

/** Matmul FLOPs of one inputGradient call per row (forward + analytic backward). */
export function inputGradientFlopsPerRow(sizes: number[]): number {
  // sizes = [M, h1, ..., hL, 1]; forward through hidden layers and backward back to the input.
  let f = 0;
  for (let l = 0; l + 2 < sizes.length; l++) f += 2 * sizes[l] * sizes[l + 1]; // forward
  for (let l = 1; l + 2 < sizes.length; l++) f += 2 * sizes[l] * sizes[l + 1]; // backward through hidden W_l
  f += 2 * sizes[1] * sizes[0]; // back to the input
  return f;
}

/**
 * The network F: R^M -> R (ELU between layers, no bias on the last layer) and
 * its input gradient written out analytically, so training needs only
 * first-order autodiff (nested tf.grad through ELU is wrong in tfjs, #3252).
 *
 * The input gradient is the training's hot path (every field evaluation of
 * every symmetry and weight sample). It is one differentiable op whose
 * backward pass (a second-order product) is also written out: its forward
 * kernels are not recorded on the tape (no saved-tensor copies, no generic
 * gradients of a dozen element-wise ops), and every matmul keeps to the
 * untransposed fast path. `inputGradientReference` is the same function
 * built from plain ops and differentiated by tfjs; the tests hold the two equal.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SampledLinear } from './bayesLinear';

export interface SampledMlp {
  /** Hidden layers, then the output layer (dOut = 1, no bias). */
  layers: SampledLinear[];
  eluAlpha: number;
}

/**
 * ELU(alpha) at z, its first and second derivatives, from e1 = elu_1(z):
 * with n = min(e1, 0) = e1 - relu(e1) (e^z - 1 where z <= 0, else 0),
 *   a   = relu(e1) + alpha n
 *   a'  = alpha n + (1 if z > 0 else alpha)     (= 1, or alpha e^z)
 *   a'' = a' - [z > 0]                          (= 0, or alpha e^z)
 * relu/step/sub are cheap kernels; minimum() against a scalar is not (wasm).
 */
function eluParts(e1: tf.Tensor, alpha: number, needValue: boolean): { a?: tf.Tensor; d: tf.Tensor; dd: tf.Tensor } {
  const r = tf.relu(e1);
  const n = tf.sub(e1, r);
  const an = alpha === 1 ? n : tf.mul(n, alpha);
  const a = needValue ? (alpha === 1 ? e1 : tf.add(r, an)) : undefined;
  const d = alpha === 1 ? tf.add(n, 1) : tf.add(an, tf.step(e1, alpha));
  const dd = tf.sub(d, tf.step(e1));
  return { a, d, dd };
}

/** ELU(alpha) and its derivative from plain differentiable ops (value() and the reference). */
function elu(z: tf.Tensor, alpha: number): { a: tf.Tensor; da: tf.Tensor } {
  const e1 = tf.elu(z); // alpha = 1
  if (alpha === 1) {
    // d/dz elu(z) = 1 for z > 0, e^z = elu(z) + 1 otherwise, i.e. 1 + min(a, 0)
    // written as 1 + a - relu(a): relu's gradient is far cheaper than minimum's.
    return { a: e1, da: tf.add(tf.sub(e1, tf.relu(e1)), 1) };
  }
  const neg = tf.sub(e1, tf.relu(e1)); // e^z - 1 where z <= 0, else 0
  const a = tf.add(tf.relu(e1), tf.mul(alpha, neg));
  // step() has a (zero) gradient, unlike a boolean mask from greater().
  const pos = tf.step(e1);
  const da = tf.add(pos, tf.mul(tf.sub(1, pos), tf.mul(alpha, tf.add(neg, 1))));
  return { a, da };
}

/**
 * elu_1(h Wt + b) as one _FusedMatMul kernel. Called directly: tf.fused.matMul
 * falls back to three kernels inside a gradient scope, and this runs inside a
 * custom op's forward pass, which is never differentiated by the tape.
 */
function linearElu(h: tf.Tensor, Wt: tf.Tensor, b: tf.Tensor | undefined): tf.Tensor {
  const [N, K] = h.shape as [number, number];
  const H = Wt.shape[1] as number;
  const out = tf.engine().runKernel(
    '_FusedMatMul',
    { a: tf.reshape(h, [1, N, K]), b: tf.reshape(Wt, [1, K, H]), ...(b ? { bias: b } : {}) },
    { transposeA: false, transposeB: false, activation: 'elu', leakyreluAlpha: 0 } as unknown as tf.NamedAttrMap,
  ) as tf.Tensor;
  return tf.reshape(out, [N, H]);
}

/** Column sums kept as a 1 x h row. */
const colSumRow = (t: tf.Tensor) => tf.sum(t, 0, true);

/**
 * grad_x F(x) for each row of x (N x M). With z_l = h_{l-1} Wt_l + b_l,
 * h_l = sigma(z_l), d_l = sigma'(z_l) (h_0 = x, L hidden layers):
 *   delta_L = d_L * w_out,  delta_{l-1} = d_{l-1} * (delta_l W_l),  grad = delta_1 W_1.
 */
export function inputGradient(net: SampledMlp, x: tf.Tensor2D): tf.Tensor2D {
  const hidden = net.layers.slice(0, -1);
  const wOut = net.layers[net.layers.length - 1].W; // 1 x h_L
  const L = hidden.length;
  const hasBias = hidden.map((l) => l.b !== undefined);
  const inputs: tf.Tensor[] = [x];
  for (const l of hidden) inputs.push(l.Wt, l.W, ...(l.b ? [l.b] : []));
  inputs.push(wOut);
  const alpha = net.eluAlpha;

  const op = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const ins = args as tf.Tensor[];
    // Unpack: x, then (Wt, W, b?) per hidden layer, then w_out.
    let k = 1;
    const Wt: tf.Tensor[] = [], W: tf.Tensor[] = [], b: (tf.Tensor | undefined)[] = [];
    for (let l = 0; l < L; l++) {
      Wt.push(ins[k++]);
      W.push(ins[k++]);
      b.push(hasBias[l] ? ins[k++] : undefined);
    }
    const w = ins[k];
    const xin = ins[0];

    // Forward: activations h_l (inputs of each layer), d_l, dd_l = sigma''(z_l).
    const hs: tf.Tensor[] = [xin];
    const ds: tf.Tensor[] = [];
    const dds: tf.Tensor[] = [];
    for (let l = 0; l < L; l++) {
      const e1 = linearElu(hs[l], Wt[l], b[l]);
      const p = eluParts(e1, alpha, l < L - 1); // the last layer's value is not needed
      if (p.a) hs.push(p.a);
      ds.push(p.d);
      dds.push(p.dd);
    }
    // Analytic backward: deltas[l] = delta_{l+1} (0-based), us[l] = delta_{l+2} W_{l+2}.
    const deltas: tf.Tensor[] = new Array(L);
    const us: tf.Tensor[] = new Array(L);
    deltas[L - 1] = tf.mul(ds[L - 1], w);
    for (let l = L - 1; l >= 1; l--) {
      us[l - 1] = tf.matMul(deltas[l], W[l]);
      deltas[l - 1] = tf.mul(ds[l - 1], us[l - 1]);
    }
    const g = tf.matMul(deltas[0], W[0]);
    // Saved (rather than captured) so they outlive the caller's tidy scopes like any op's.
    save([...hs, ...ds, ...dds, ...deltas, ...us.slice(0, L - 1), ...Wt, ...W, w]);

    const gradFunc = (gbar: tf.Tensor, saved: tf.Tensor[]) => {
      let s = 0;
      const H = saved.slice(s, (s += L)); // h_0 .. h_{L-1}
      const D = saved.slice(s, (s += L));
      const DD = saved.slice(s, (s += L));
      const DEL = saved.slice(s, (s += L));
      const U = saved.slice(s, (s += L - 1));
      const Wt = saved.slice(s, (s += L));
      const W = saved.slice(s, (s += L));
      const w = saved[s];
      const T = (t: tf.Tensor) => tf.transpose(t);
      const gWt: tf.Tensor[] = new Array(L);
      const gW: tf.Tensor[] = new Array(L);
      const gb: tf.Tensor[] = new Array(L);
      // Through the analytic backward pass, first to last layer:
      // delta_bar_1 = gbar Wt_1; W_1 bar = delta_1^T gbar.
      let deltaBar = tf.matMul(gbar, Wt[0]);
      gW[0] = tf.matMul(T(DEL[0]), gbar);
      const dBar: tf.Tensor[] = new Array(L); // gradient reaching d_l through the deltas
      for (let l = 0; l < L - 1; l++) {
        const uBar = tf.mul(deltaBar, D[l]);
        dBar[l] = tf.mul(deltaBar, U[l]);
        gW[l + 1] = tf.matMul(T(DEL[l + 1]), uBar);
        deltaBar = tf.matMul(uBar, Wt[l + 1]);
      }
      dBar[L - 1] = tf.mul(deltaBar, w);
      const gw = colSumRow(tf.mul(deltaBar, D[L - 1]));
      // Through the forward pass, last to first layer: z_bar = a_bar d + d_bar d''.
      let aBar: tf.Tensor | null = null;
      let xBar: tf.Tensor = gbar; // replaced below
      for (let l = L - 1; l >= 0; l--) {
        const zBar: tf.Tensor = aBar ? tf.add(tf.mul(aBar, D[l]), tf.mul(dBar[l], DD[l])) : tf.mul(dBar[l], DD[l]);
        // Wt_l bar = h^T z_bar, computed as (z_bar^T h)^T so that XNNPACK packs h
        // (2 columns in the first layer) rather than z_bar, and the bias
        // gradient is a matrix-vector product instead of a transposing reduction.
        const zT = T(zBar);
        const [width, N] = zT.shape as [number, number];
        gWt[l] = T(tf.matMul(zT, H[l]));
        if (b[l]) gb[l] = tf.reshape(tf.matMul(zT, tf.ones([N, 1])), [width]);
        const back: tf.Tensor = tf.matMul(zBar, W[l]);
        if (l > 0) aBar = back;
        else xBar = back;
      }
      const out: tf.Tensor[] = [xBar];
      for (let l = 0; l < L; l++) out.push(gWt[l], gW[l], ...(b[l] ? [gb[l]] : []));
      out.push(gw);
      return out;
    };
    return { value: g, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(...inputs) as tf.Tensor2D;
}

/** inputGradient from plain ops, differentiated by tfjs's tape (for tests and comparison). */
export function inputGradientReference(net: SampledMlp, x: tf.Tensor2D): tf.Tensor2D {
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

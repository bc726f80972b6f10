/**
 * A linear layer with a matrix-normal variational posterior (docs/method.md §5):
 * W = M + L_s E L_a, E ~ N(0, I), L_s and L_a lower triangular with positive
 * diagonals, so Cov(vec W) = (L_a^T L_a) ⊗ (L_s L_s^T). Biases are point
 * estimates. We keep everything transposed (row-vector convention h' = h W^T),
 * so the forward pass needs no transposed matmul (slow on wasm).
 */
import * as tf from '@tensorflow/tfjs-core';

export interface BayesLinearInit {
  dIn: number;
  dOut: number;
  bias: boolean;
  /** Initial posterior std of every weight. */
  posteriorStd: number;
  /** Learn L_s (the authors freeze it at its initial value). */
  learnOutputFactor: boolean;
  /** Draws the initial mean (dIn x dOut, row-major). */
  initMean: (n: number, fanIn: number, fanOut: number) => Float32Array;
  /** For messages only: tf variable names must be globally unique, so variables stay unnamed. */
  name: string;
}

/** One weight sample, ready for the forward and the analytic backward pass. */
export interface SampledLinear {
  /** W^T, dIn x dOut: forward z = h Wt + b. */
  Wt: tf.Tensor2D;
  /** W, dOut x dIn: backward dh = dz W. */
  W: tf.Tensor2D;
  b?: tf.Tensor1D;
}

export class BayesLinear {
  readonly dIn: number;
  readonly dOut: number;
  /** Posterior mean, stored transposed: dIn x dOut. */
  readonly meanT: tf.Variable;
  readonly bias?: tf.Variable;
  /** L_s (dOut x dOut) = strictLower(offS) + diag(exp(logDiagS)). */
  readonly offS: tf.Variable;
  readonly logDiagS: tf.Variable;
  /** L_a (dIn x dIn) likewise. */
  readonly offA: tf.Variable;
  readonly logDiagA: tf.Variable;
  private readonly maskS: tf.Tensor2D;
  private readonly maskA: tf.Tensor2D;
  // tf.diag has no gradient: build diagonals as eye * row-broadcast vector.
  private readonly eyeS: tf.Tensor2D;
  private readonly eyeA: tf.Tensor2D;

  constructor(o: BayesLinearInit) {
    this.dIn = o.dIn;
    this.dOut = o.dOut;
    this.meanT = tf.variable(tf.tensor2d(o.initMean(o.dIn * o.dOut, o.dIn, o.dOut), [o.dIn, o.dOut]), true, undefined);
    if (o.bias) this.bias = tf.variable(tf.zeros([o.dOut]), true, undefined);
    // Var(W_ij) = (L_s L_s^T)_ii (L_a^T L_a)_jj: split the initial std evenly between the factors.
    const logDiag = 0.5 * Math.log(o.posteriorStd);
    this.offS = tf.variable(tf.zeros([o.dOut, o.dOut]), o.learnOutputFactor, undefined);
    this.logDiagS = tf.variable(tf.fill([o.dOut], logDiag), o.learnOutputFactor, undefined);
    this.offA = tf.variable(tf.zeros([o.dIn, o.dIn]), true, undefined);
    this.logDiagA = tf.variable(tf.fill([o.dIn], logDiag), true, undefined);
    this.maskS = strictLowerMask(o.dOut);
    this.maskA = strictLowerMask(o.dIn);
    this.eyeS = tf.eye(o.dOut);
    this.eyeA = tf.eye(o.dIn);
  }

  variables(): tf.Variable[] {
    const v = [this.meanT, this.offA, this.logDiagA];
    if (this.offS.trainable) v.push(this.offS, this.logDiagS);
    if (this.bias) v.push(this.bias);
    return v;
  }

  /** The trainable posterior scale parameters (L_a, and L_s when learned). */
  scaleVariables(): tf.Variable[] {
    return this.offS.trainable ? [this.offA, this.logDiagA, this.offS, this.logDiagS] : [this.offA, this.logDiagA];
  }

  allVariables(): tf.Variable[] {
    return [this.meanT, this.offS, this.logDiagS, this.offA, this.logDiagA, ...(this.bias ? [this.bias] : [])];
  }

  Ls(): tf.Tensor2D {
    return tf.add(tf.mul(this.offS, this.maskS), tf.mul(this.eyeS, tf.exp(this.logDiagS))) as tf.Tensor2D;
  }

  La(): tf.Tensor2D {
    return tf.add(tf.mul(this.offA, this.maskA), tf.mul(this.eyeA, tf.exp(this.logDiagA))) as tf.Tensor2D;
  }

  /** A posterior sample (noise = null: the posterior mean). noise is E^T, dIn x dOut. */
  sample(noise: tf.Tensor2D | null): SampledLinear {
    let Wt = this.meanT as unknown as tf.Tensor2D;
    if (noise) {
      // W^T = M^T + L_a^T E^T L_s^T
      const La = this.La();
      const Ls = this.Ls();
      Wt = tf.add(this.meanT, tf.matMul(tf.matMul(tf.transpose(La), noise), tf.transpose(Ls)));
    }
    return { Wt, W: tf.transpose(Wt), b: this.bias as tf.Tensor1D | undefined };
  }

  /**
   * Closed-form KL(q(W) || N(0, 1/lambda I)), docs/method.md §5:
   *   KL = 1/2 [lambda ||L_s||^2 ||L_a||^2 + lambda ||M||^2 - d - d log lambda
   *             - dIn log|L_s L_s^T| - dOut log|L_a L_a^T|].
   * One op with its gradient written out (the loss's second-largest kernel
   * count otherwise): with o = offS * mask and e = exp(2 logDiagS), so that
   * ||L_s||^2 = sum o^2 + sum e (strict lower part and diagonal are disjoint),
   *   dKL/dM = lambda M,  dKL/doffS = lambda ||L_a||^2 o,
   *   dKL/dlogDiagS = lambda ||L_a||^2 e - dIn,  and likewise for L_a.
   */
  kl(lambda: number): tf.Scalar {
    const d = this.dIn * this.dOut;
    const { dIn, dOut, maskS, maskA } = this;
    const op = tf.customGrad(((meanT: tf.Tensor, offS: tf.Tensor, logDiagS: tf.Tensor, offA: tf.Tensor, logDiagA: tf.Tensor, save: tf.GradSaveFunc) => {
      const oS = tf.mul(offS, maskS);
      const oA = tf.mul(offA, maskA);
      const eS = tf.exp(tf.mul(logDiagS, 2));
      const eA = tf.exp(tf.mul(logDiagA, 2));
      const nS = tf.add(tf.sum(tf.square(oS)), tf.sum(eS)); // ||L_s||^2
      const nA = tf.add(tf.sum(tf.square(oA)), tf.sum(eA));
      const t = tf.addN([
        tf.mul(lambda, tf.mul(nS, nA)),
        tf.mul(lambda, tf.sum(tf.square(meanT))),
        tf.scalar(-d - d * Math.log(lambda)),
        tf.mul(-2 * dIn, tf.sum(logDiagS)), // log|L_s L_s^T| = 2 sum logDiagS
        tf.mul(-2 * dOut, tf.sum(logDiagA)),
      ]);
      save([meanT, oS, eS, oA, eA, nS, nA]);
      return {
        value: tf.mul(0.5, t),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [M, oS_, eS_, oA_, eA_, nS_, nA_] = saved;
          const g = tf.mul(dy, lambda);
          const gA = tf.mul(g, nA_); // lambda ||L_a||^2 dy
          const gS = tf.mul(g, nS_);
          return [
            tf.mul(g, M),
            tf.mul(gA, oS_),
            tf.sub(tf.mul(gA, eS_), tf.mul(dy, dIn)),
            tf.mul(gS, oA_),
            tf.sub(tf.mul(gS, eA_), tf.mul(dy, dOut)),
          ];
        },
      };
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    return op(this.meanT, this.offS, this.logDiagS, this.offA, this.logDiagA) as tf.Scalar;
  }

  /** lambda* = d / (||L_s||^2 ||L_a||^2 + ||M||^2): the evidence-optimal prior precision. */
  optimalPrecision(): number {
    return tf.tidy(() => {
      const d = this.dIn * this.dOut;
      const s = tf.add(tf.mul(tf.sum(tf.square(this.Ls())), tf.sum(tf.square(this.La()))), tf.sum(tf.square(this.meanT)));
      return d / s.dataSync()[0];
    });
  }

  dispose(): void {
    for (const v of this.allVariables()) v.dispose();
    this.maskS.dispose();
    this.maskA.dispose();
    this.eyeS.dispose();
    this.eyeA.dispose();
  }
}

function strictLowerMask(n: number): tf.Tensor2D {
  const m = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) m[i * n + j] = 1;
  return tf.tensor2d(m, [n, n]);
}

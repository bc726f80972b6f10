/**
 * The Bayesian Hamiltonian model: the network F with its variational
 * posterior, the conserved quantities (learned, fixed oracle, or none), the
 * prior precisions and the noise variance. It owns every tf.Variable and
 * knows how to turn (weight sample, symmetry sample, batch) into a loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../util/config';
import { wFromA, type Quadratic } from '../quantity/quadratic';
import { Random } from '../util/random';
import { BayesLinear } from './bayesLinear';
import { fieldEvaluations, hamiltonianField, hamiltonianGradient, integrate } from './dynamics';
import { value, type SampledMlp } from './mlp';
import { generatorTops, groupElements, sampleEps, type GroupSample } from './symmetrise';


export class HamiltonianModel {
  readonly dim: number;
  readonly layers: BayesLinear[];
  /** Learned conserved quantities: K x M x M and K x M (kind 'learned'). */
  readonly genW?: tf.Variable;
  readonly genB?: tf.Variable;
  /** Fixed generator tops (kind 'oracle'). */
  private readonly oracleTops?: tf.Tensor3D;
  /** log sigma^2 of the observation noise. */
  readonly logSigma2: tf.Variable;
  /** Prior precision per layer (fixed, or moved towards lambda* by empirical Bayes). */
  readonly lambdas: number[];

  constructor(readonly cfg: ModelConfig, dim: number, seed: number, oracle?: readonly Quadratic[]) {
    this.dim = dim;
    const rng = new Random(seed).fork(1);
    const sizes = [dim, ...cfg.hidden, 1];
    this.layers = sizes.slice(1).map((dOut, l) =>
      new BayesLinear({
        dIn: sizes[l],
        dOut,
        bias: l < sizes.length - 2,
        posteriorStd: cfg.posteriorInitStd,
        learnOutputFactor: cfg.learnOutputFactor,
        // Glorot-normal means; a fixed seed makes the whole run reproducible.
        initMean: (n, fanIn, fanOut) => rng.fillNormal(new Float32Array(n), 0, Math.sqrt(2 / (fanIn + fanOut))),
        name: `layer${l}`,
      }),
    );
    this.lambdas = this.layers.map(() => cfg.priorPrecision);
    this.logSigma2 = tf.variable(tf.scalar(Math.log(cfg.sigma2)), cfg.noise === 'learned');
    if (cfg.kind === 'learned') {
      const K = cfg.K;
      const g = rng.fork(2);
      this.genW = tf.variable(tf.tensor3d(g.fillNormal(new Float32Array(K * dim * dim), 0, cfg.generatorInitStd), [K, dim, dim]));
      this.genB = tf.variable(tf.tensor2d(g.fillNormal(new Float32Array(K * dim), 0, cfg.generatorInitStd), [K, dim]));
    } else if (cfg.kind === 'oracle') {
      if (!oracle || oracle.length === 0) throw new Error('oracle model needs its quantities');
      const W = tf.tensor3d(oracle.map((q) => wFromA(q.A)));
      const b = tf.tensor2d(oracle.map((q) => q.b));
      this.oracleTops = tf.tidy(() => generatorTops(W, b));
      W.dispose();
      b.dispose();
    }
  }

  /**
   * Start the first generators at the given quantities (model coordinates;
   * the search's seeds, symmetry/candidates.ts). They stay learnable; the
   * rest keep their random initialisation.
   */
  seedGenerators(quantities: Quadratic[]): void {
    if (!this.genW || !this.genB) throw new Error('seedGenerators: only a learned model has generators');
    const K = this.genW.shape[0];
    if (quantities.length > K) throw new Error(`seedGenerators: ${quantities.length} quantities for ${K} generators`);
    const W = this.genW.arraySync() as number[][][];
    const b = this.genB.arraySync() as number[][];
    quantities.forEach((q, k) => {
      W[k] = wFromA(q.A);
      b[k] = q.b.slice();
    });
    tf.tidy(() => {
      this.genW!.assign(tf.tensor3d(W));
      this.genB!.assign(tf.tensor2d(b));
    });
  }

  /** Number of conserved quantities the H is symmetrised over (0 for vanilla). */
  get symmetryCount(): number {
    if (this.genW) return this.genW.shape[0];
    if (this.oracleTops) return this.oracleTops.shape[0];
    return 0;
  }

  /** Trainable variables of the network's posterior (learning rate cfg.lr). */
  netVariables(): tf.Variable[] {
    return this.layers.flatMap((l) => l.variables());
  }

  /** The trainable scale parameters of the network's posterior (a subset of netVariables). */
  posteriorScaleVariables(): tf.Variable[] {
    return this.layers.flatMap((l) => l.scaleVariables());
  }

  /**
   * The conserved quantities' parameters and the learned noise level: few
   * scalars without a prior, trained at the faster rate cfg.lrGenerators.
   */
  generatorVariables(): tf.Variable[] {
    const v = this.genW && this.genB ? [this.genW, this.genB] : [];
    if (this.logSigma2.trainable) v.push(this.logSigma2);
    return v;
  }

  /** A weight sample (rng) or the posterior mean (null). */
  sampleNet(rng: Random | null): SampledMlp {
    const layers = this.layers.map((L) => {
      const noise = rng ? tf.tensor2d(rng.fillNormal(new Float32Array(L.dIn * L.dOut)), [L.dIn, L.dOut]) : null;
      return L.sample(noise);
    });
    return { layers, eluAlpha: this.cfg.eluAlpha };
  }

  /** S group elements for this weight sample, or null for the vanilla model. */
  sampleGroup(rng: Random): GroupSample | null {
    const K = this.symmetryCount;
    if (K === 0) return null;
    const S = this.cfg.symmetrySamples;
    const eps = sampleEps(rng, S, K, this.cfg.epsMeasure, this.cfg.epsSampling);
    const tops = this.oracleTops ?? generatorTops(this.genW as tf.Tensor3D, this.genB as tf.Tensor2D);
    return groupElements(tops, eps, S, this.cfg.groupScale);
  }

  /** One-step prediction of x(t + dt) from x(t) for a weight and symmetry sample. */
  predict(net: SampledMlp, group: GroupSample | null, x0: tf.Tensor2D, dt: tf.Tensor2D, substeps = this.cfg.substeps): tf.Tensor2D {
    const f = hamiltonianField(hamiltonianGradient(net, group));
    return integrate(f, x0, dt, substeps, this.cfg.integrator);
  }

  /**
   * H at the given points (model coordinates) with the posterior-mean network:
   * F for the vanilla model, else the average of F over a fixed set of group elements.
   */
  hamiltonianValues(points: number[][], rng: Random): number[] {
    return tf.tidy(() => {
      const net = this.sampleNet(null);
      const group = this.sampleGroup(rng);
      const x = tf.tensor2d(points);
      if (!group) return Array.from(value(net, x).dataSync());
      const [S, M] = group.A.shape;
      const B = points.length;
      // Rows b*S + s hold A_s x_b + c_s.
      const Acat = tf.reshape(tf.transpose(group.A, [2, 0, 1]), [M, S * M]);
      const xs = tf.add(tf.reshape(tf.matMul(x, Acat), [B, S, M]), group.c);
      const F = value(net, tf.reshape(xs, [B * S, M]) as tf.Tensor2D);
      return Array.from(tf.mean(tf.reshape(F, [B, S]), 1).dataSync());
    });
  }

  /** Vector-field evaluations in one prediction (the integrator's cost). */
  evaluationsPerPrediction(): number {
    return fieldEvaluations(this.cfg.substeps, this.cfg.integrator);
  }

  /** Rows of F evaluations one prediction of B points costs. */
  rowsPerPoint(): number {
    return this.symmetryCount > 0 ? this.cfg.symmetrySamples : 1;
  }

  /** Gaussian negative log-likelihood of y under N(yhat, sigma^2 I), summed over coordinates: B x 1... mean over rows. */
  nll(yhat: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
    const M = this.dim;
    const sq = tf.sum(tf.square(tf.sub(y, yhat)), 1);
    const s2 = tf.exp(this.logSigma2);
    return tf.add(tf.mul(0.5, tf.div(tf.mean(sq), s2)), tf.mul(0.5 * M, tf.add(Math.log(2 * Math.PI), this.logSigma2))) as tf.Scalar;
  }

  /** Sum of the layers' KL divergences to their priors. */
  kl(): tf.Scalar {
    return tf.addN(this.layers.map((L, i) => L.kl(this.lambdas[i]))) as tf.Scalar;
  }

  /** Empirical Bayes: move each lambda `rate` of the way to its closed-form optimum. */
  updatePrior(rate: number): void {
    this.layers.forEach((L, i) => {
      this.lambdas[i] += rate * (L.optimalPrecision() - this.lambdas[i]);
    });
  }

  sigma2(): number {
    return Math.exp(this.logSigma2.dataSync()[0]);
  }

  /** The learned quantities' parameters in model coordinates. */
  learnedParameters(): { W: number[][]; b: number[] }[] {
    if (!this.genW || !this.genB) return [];
    const W = this.genW.arraySync() as number[][][];
    const b = this.genB.arraySync() as number[][];
    return W.map((w, k) => ({ W: w, b: b[k] }));
  }

  /**
   * Start from another model's network, noise level and prior precisions
   * (same layer sizes): the refit continues the first stage's training.
   */
  copyNetworkFrom(other: HamiltonianModel): void {
    const src = [...other.layers.flatMap((l) => l.allVariables()), other.logSigma2];
    const dst = [...this.layers.flatMap((l) => l.allVariables()), this.logSigma2];
    if (src.length !== dst.length || src.some((v, i) => v.shape.join() !== dst[i].shape.join())) {
      throw new Error('copyNetworkFrom: the two networks have different shapes');
    }
    dst.forEach((v, i) => v.assign(src[i]));
    this.lambdas.splice(0, this.lambdas.length, ...other.lambdas);
  }

  /** Every variable the model owns, each once (generatorVariables() also lists a learned logSigma2). */
  allVariables(): tf.Variable[] {
    const generators = this.genW && this.genB ? [this.genW, this.genB] : [];
    return [...this.layers.flatMap((l) => l.allVariables()), this.logSigma2, ...generators];
  }

  dispose(): void {
    this.layers.forEach((l) => l.dispose());
    this.genW?.dispose();
    this.genB?.dispose();
    this.oracleTops?.dispose();
    this.logSigma2.dispose();
  }
}

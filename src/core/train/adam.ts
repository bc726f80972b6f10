/**
 * Adam with a per-group learning rate and cosine decay to zero (docs/method.md §6).
 * Written out (rather than tf.train.adam) so the parameter groups share one
 * schedule and the state is explicit. The update runs in JS on Float32Arrays:
 * the variables are small (at most a few hundred thousand numbers) and ten
 * element-wise kernels per variable cost more in dispatch than the
 * arithmetic; one read of each gradient also checks that it is finite.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface ParamGroup {
  vars: tf.Variable[];
  lr: number;
}

export class Adam {
  private t = 0;
  private readonly m = new Map<tf.Variable, Float32Array>();
  private readonly v = new Map<tf.Variable, Float32Array>();

  constructor(
    readonly groups: ParamGroup[],
    readonly totalSteps: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly eps = 1e-8,
  ) {
    for (const g of groups) {
      for (const x of g.vars) {
        this.m.set(x, new Float32Array(x.size));
        this.v.set(x, new Float32Array(x.size));
      }
    }
  }

  /** Cosine decay factor at the current step. */
  schedule(): number {
    return 0.5 * (1 + Math.cos((Math.PI * Math.min(this.t, this.totalSteps)) / this.totalSteps));
  }

  /**
   * One update with grads keyed by variable (missing ones are skipped).
   * Returns false, and changes nothing, when a gradient is not finite.
   */
  apply(grads: Map<tf.Variable, tf.Tensor>): boolean {
    const read = new Map<tf.Variable, Float32Array>();
    for (const g of this.groups) {
      for (const x of g.vars) {
        const grad = grads.get(x);
        if (!grad) continue;
        const d = grad.dataSync() as Float32Array;
        for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return false;
        read.set(x, d);
      }
    }
    const factor = this.schedule();
    this.t++;
    const { beta1, beta2, eps } = this;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    for (const g of this.groups) {
      const lr = (g.lr * factor) / c1;
      for (const x of g.vars) {
        const d = read.get(x);
        if (!d) continue;
        const m = this.m.get(x)!;
        const v = this.v.get(x)!;
        const w = Float32Array.from(x.dataSync() as Float32Array);
        for (let i = 0; i < w.length; i++) {
          m[i] = beta1 * m[i] + (1 - beta1) * d[i];
          v[i] = beta2 * v[i] + (1 - beta2) * d[i] * d[i];
          w[i] -= (lr * m[i]) / (Math.sqrt(v[i] / c2) + eps);
        }
        const next = tf.tensor(w, x.shape);
        x.assign(next);
        next.dispose();
      }
    }
    return true;
  }

  get step(): number {
    return this.t;
  }

  dispose(): void {
    this.m.clear();
    this.v.clear();
  }
}

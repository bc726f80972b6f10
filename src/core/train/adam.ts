/**
 * Adam with a per-group learning rate and cosine decay to zero (method.md §6).
 * Written out (rather than tf.train.adam) so the two parameter groups can
 * share one schedule and the state is explicit.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface ParamGroup {
  vars: tf.Variable[];
  lr: number;
}

export class Adam {
  private t = 0;
  private readonly m = new Map<tf.Variable, tf.Tensor>();
  private readonly v = new Map<tf.Variable, tf.Tensor>();

  constructor(
    readonly groups: ParamGroup[],
    readonly totalSteps: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly eps = 1e-8,
  ) {
    for (const g of groups) {
      for (const x of g.vars) {
        this.m.set(x, tf.zerosLike(x));
        this.v.set(x, tf.zerosLike(x));
      }
    }
  }

  /** Cosine decay factor at the current step. */
  schedule(): number {
    return 0.5 * (1 + Math.cos((Math.PI * Math.min(this.t, this.totalSteps)) / this.totalSteps));
  }

  /** One update with grads keyed by variable (missing ones are skipped). */
  apply(grads: Map<tf.Variable, tf.Tensor>): void {
    const factor = this.schedule();
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    for (const g of this.groups) {
      const lr = g.lr * factor;
      for (const x of g.vars) {
        const grad = grads.get(x);
        if (!grad) continue;
        const [m, v] = tf.tidy(() => {
          const m = tf.add(tf.mul(this.beta1, this.m.get(x)!), tf.mul(1 - this.beta1, grad));
          const v = tf.add(tf.mul(this.beta2, this.v.get(x)!), tf.mul(1 - this.beta2, tf.square(grad)));
          const step = tf.div(tf.mul(lr / c1, m), tf.add(tf.sqrt(tf.div(v, c2)), this.eps));
          x.assign(tf.sub(x, step));
          return [m, v];
        });
        this.m.get(x)!.dispose();
        this.v.get(x)!.dispose();
        this.m.set(x, m);
        this.v.set(x, v);
      }
    }
  }

  get step(): number {
    return this.t;
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}

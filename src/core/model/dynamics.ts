/**
 * The learned dynamics dx/dt = J grad H(x) and the one-step prediction that
 * integrates them over each transition's own dt.
 */
import * as tf from '@tensorflow/tfjs-core';
import { inputGradient, type SampledMlp } from './mlp';
import type { GroupSample } from './symmetrise';

export type VectorField = (x: tf.Tensor2D) => tf.Tensor2D;

/** Maps the S group elements into the two layouts the batched products need. */
interface Symmetrizer {
  S: number;
  /** M x (S*M): x (row) times this gives the S transformed points side by side. */
  Acat: tf.Tensor2D;
  /** (S*M) x M, divided by S: averages A_s^T g_s over s for row-vector gradients g_s. */
  AstackMean: tf.Tensor2D;
  c: tf.Tensor2D;
}

function symmetrizer(g: GroupSample): Symmetrizer {
  const [S, M] = g.A.shape;
  return {
    S,
    // Acat[i, s*M + j] = A_s[j, i], so (x Acat)[s*M + j] = (A_s x)_j.
    Acat: tf.reshape(tf.transpose(g.A, [2, 0, 1]), [M, S * M]) as tf.Tensor2D,
    // (g_s as a row) A_s = (A_s^T g_s)^T, averaged over s by one product.
    AstackMean: tf.div(tf.reshape(g.A, [S * M, M]), S) as tf.Tensor2D,
    c: g.c,
  };
}

/**
 * A gradient field that can fold a fixed right factor (J^T) into its own
 * last matrix product, so dx/dt = J grad H costs no extra kernel per evaluation.
 */
type GradientField = VectorField & { timesRight?: (R: tf.Tensor2D) => { field: VectorField; made: tf.Tensor } };

/**
 * grad H for H = F (group = null) or H(x) = (1/S) sum_s F(A_s x + c_s)
 * (docs/method.md §4): grad H(x) = (1/S) sum_s A_s^T grad F(A_s x + c_s).
 */
export function hamiltonianGradient(net: SampledMlp, group: GroupSample | null): VectorField {
  if (!group) return (x) => inputGradient(net, x);
  const sym = symmetrizer(group);
  const transformed = (x: tf.Tensor2D) => {
    const [B, M] = x.shape;
    const xs = tf.reshape(tf.add(tf.reshape(tf.matMul(x, sym.Acat), [B, sym.S, M]), sym.c), [B * sym.S, M]);
    return tf.reshape(inputGradient(net, xs as tf.Tensor2D), [B, sym.S * M]);
  };
  const field: GradientField = (x) => tf.matMul(transformed(x), sym.AstackMean) as tf.Tensor2D;
  field.timesRight = (R) => {
    const AR = tf.matMul(sym.AstackMean, R);
    return { field: (x) => tf.matMul(transformed(x), AR) as tf.Tensor2D, made: AR };
  };
  return field;
}

/**
 * J^T for the row-vector convention: (J g)^T = g^T J^T with J = [[0, I], [-I, 0]],
 * i.e. (g_q, g_p) -> (g_p, -g_q) as one product instead of slices, a negation and a concat.
 */
function symplecticT(M: number): tf.Tensor2D {
  const n = M / 2;
  const Jt = new Float32Array(M * M);
  for (let i = 0; i < n; i++) {
    Jt[(n + i) * M + i] = 1; // row g_p -> column q
    Jt[i * M + n + i] = -1; // row g_q -> column p
  }
  return tf.tensor2d(Jt, [M, M]);
}

/** dx/dt = J grad H: (dH/dp, -dH/dq). */
export function hamiltonianField(gradH: VectorField): VectorField {
  // Built on first use (M is known from x) inside the caller's scope, and
  // rebuilt if a tf.tidy around an earlier call has disposed what it made.
  let f: VectorField | undefined;
  let made: tf.Tensor[] = [];
  return (x) => {
    if (!f || made.some((t) => t.isDisposed)) {
      const Jt = symplecticT(x.shape[1]);
      const g = gradH as GradientField;
      if (g.timesRight) {
        const r = g.timesRight(Jt);
        f = r.field;
        made = [Jt, r.made];
      } else {
        f = (y) => tf.matMul(gradH(y), Jt) as tf.Tensor2D;
        made = [Jt];
      }
    }
    return f(x);
  };
}

/** Explicit Runge-Kutta methods of order 1, 2 and 4 (1, 2 and 4 field evaluations per sub-step). */
export type { Integrator } from '../util/choices';
import type { Integrator } from '../util/choices';

/** Integrate dx/dt = f(x) from x0 over dt (B x 1, per row) in `substeps` equal steps. */
export function integrate(f: VectorField, x0: tf.Tensor2D, dt: tf.Tensor2D, substeps: number, method: Integrator): tf.Tensor2D {
  const h = tf.div(dt, substeps);
  // RK4's step fractions, once per prediction rather than per sub-step.
  const half = method === 'euler' ? h : tf.mul(h, 0.5);
  const sixth = method === 'rk4' ? tf.div(h, 6) : h;
  let x = x0;
  for (let i = 0; i < substeps; i++) {
    if (method === 'euler') {
      x = tf.add(x, tf.mul(h, f(x)));
    } else if (method === 'midpoint') {
      x = tf.add(x, tf.mul(h, f(tf.add(x, tf.mul(half, f(x))))));
    } else {
      const k1 = f(x);
      const k2 = f(tf.add(x, tf.mul(half, k1)));
      const k3 = f(tf.add(x, tf.mul(half, k2)));
      const k4 = f(tf.add(x, tf.mul(h, k3)));
      const sum = tf.addN([k1, tf.mul(2, k2), tf.mul(2, k3), k4]);
      x = tf.add(x, tf.mul(sixth, sum));
    }
  }
  return x;
}

/** Vector-field evaluations per prediction (for cost accounting). */
export function fieldEvaluations(substeps: number, method: Integrator): number {
  return substeps * { euler: 1, midpoint: 2, rk4: 4 }[method];
}

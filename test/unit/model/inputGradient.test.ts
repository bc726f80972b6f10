/**
 * The input gradient's hand-written backward pass (mlp.ts) against tfjs's own
 * reverse-mode differentiation of the same function built from plain ops:
 * value and every parameter's and the input's gradient, for ELU alpha 1 and 2
 * and one to three hidden layers, on wasm and on the pure-JS cpu backend.
 */
import { strict as assert } from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/core/backend/backend';
import { inputGradient, inputGradientReference, type SampledMlp } from '../../../src/core/model/mlp';
import { Random } from '../../../src/core/util/random';

function relErr(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] / Math.max(1e-6, tf.max(tf.abs(b)).dataSync()[0]));
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`inputGradient's written-out backward pass (${backend})`, function () {
    this.timeout(60000);
    before(async () => {
      await initBackend(backend);
    });
    after(async () => {
      await initBackend('wasm');
    });

    for (const alpha of [1, 2]) {
      for (const hidden of [[7], [6, 5], [5, 4, 3]]) {
        it(`matches tfjs autodiff: alpha ${alpha}, hidden ${hidden.join('x')}`, () => {
          const rng = new Random(alpha * 10 + hidden.length);
          const t = (shape: number[], std = 1) => tf.tensor(rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1)), 0, std), shape);
          const M = 4;
          const N = 11;
          const sizes = [M, ...hidden, 1];
          const Wts = sizes.slice(1).map((o, l) => tf.variable(t([sizes[l], o])));
          const bs = hidden.map((h) => tf.variable(t([h])));
          // Points on both sides of every ELU kink.
          const x = tf.variable(t([N, M], 1.5));
          const cotangent = t([N, M]);
          const net = (): SampledMlp => ({
            eluAlpha: alpha,
            layers: Wts.map((Wt, l) => ({ Wt: Wt as tf.Tensor2D, W: tf.transpose(Wt) as tf.Tensor2D, b: bs[l] as tf.Tensor1D | undefined })),
          });
          const vars = [...Wts, ...bs, x];
          const run = (f: typeof inputGradient) => tf.variableGrads(() => tf.sum(tf.mul(f(net(), x as tf.Tensor2D), cotangent)) as tf.Scalar, vars);
          const mine = run(inputGradient);
          const ref = run(inputGradientReference);
          assert.ok(Math.abs(mine.value.dataSync()[0] - ref.value.dataSync()[0]) < 1e-4 * Math.max(1, Math.abs(ref.value.dataSync()[0])));
          for (const v of vars) {
            const e = relErr(mine.grads[v.name], ref.grads[v.name]);
            assert.ok(e < 1e-4, `gradient of ${JSON.stringify(v.shape)} differs: relative error ${e}`);
          }
          tf.dispose([...vars, cotangent, mine.value, ref.value, ...Object.values(mine.grads), ...Object.values(ref.grads)]);
        });
      }
    }

    it('leaks no tensors and needs no gradient scope', () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const net: SampledMlp = {
          eluAlpha: 1,
          layers: [
            { Wt: tf.ones([2, 3]) as tf.Tensor2D, W: tf.ones([3, 2]) as tf.Tensor2D, b: tf.zeros([3]) as tf.Tensor1D },
            { Wt: tf.ones([3, 1]) as tf.Tensor2D, W: tf.ones([1, 3]) as tf.Tensor2D },
          ],
        };
        const g = inputGradient(net, tf.tensor2d([[0.5, -0.5]]));
        // F = sum_j elu(x1 + x2) w_j: with x1 + x2 = 0, dF/dx_i = 3 * elu'(0) = 3.
        assert.deepEqual(Array.from(g.dataSync()), [3, 3]);
      });
      assert.equal(tf.memory().numTensors, before);
    });
  });
}

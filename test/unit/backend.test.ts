import { strict as assert } from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/core/backend';

describe('backend', () => {
  it('initialises wasm and the patched matMul gradient matches finite differences', async () => {
    const name = await initBackend('wasm');
    assert.equal(name, 'wasm');
    const a = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const b = tf.tensor2d([[0.5, -1], [2, 0.25], [-0.5, 1.5]]);
    const f = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y, false, false)));
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => f(x, y))([a, b]);
    // Closed form: d/dA sum((AB)^2) = 2 (AB) B^T, d/dB = 2 A^T (AB)
    const ab = tf.matMul(a, b);
    const ea = tf.mul(2, tf.matMul(ab, tf.transpose(b)));
    const eb = tf.mul(2, tf.matMul(tf.transpose(a), ab));
    assert.ok(tf.max(tf.abs(tf.sub(ga, ea))).dataSync()[0] < 1e-4);
    assert.ok(tf.max(tf.abs(tf.sub(gb, eb))).dataSync()[0] < 1e-4);
    for (const [ta, tb] of [[true, false], [false, true], [true, true]] as const) {
      const A = ta ? tf.transpose(a) : a;
      const B = tb ? tf.transpose(b) : b;
      const [g1, g2] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y, ta, tb))))([A, B]);
      const e1 = ta ? tf.transpose(ea) : ea;
      const e2 = tb ? tf.transpose(eb) : eb;
      assert.ok(tf.max(tf.abs(tf.sub(g1, e1))).dataSync()[0] < 1e-4, `grad a, ta=${ta} tb=${tb}`);
      assert.ok(tf.max(tf.abs(tf.sub(g2, e2))).dataSync()[0] < 1e-4, `grad b, ta=${ta} tb=${tb}`);
    }
  });
});

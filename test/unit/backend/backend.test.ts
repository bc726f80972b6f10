import { strict as assert } from 'assert';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/core/backend/backend';

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

  // In a child process: the backend is process-wide, and this one must start without the threaded binary.
  it('asked for threads it cannot have, it runs one thread and says why', function () {
    this.timeout(60000);
    const dir = mkdtempSync(join(tmpdir(), 'noether-nothreads-'));
    const wasmDir = join(__dirname, '../../../node_modules/@tensorflow/tfjs-backend-wasm/dist');
    for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) copyFileSync(join(wasmDir, f), join(dir, f));
    const script = join(dir, 'probe.ts');
    writeFileSync(script, `import { backendLabel, backendThreads, initBackend } from ${JSON.stringify(join(__dirname, '../../../src/core/backend/backend'))};
initBackend('wasm', { wasmThreads: 2, wasmDir: ${JSON.stringify(dir)} }).then(() => console.log(JSON.stringify({ label: backendLabel(), ...backendThreads() })));`);
    const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 60000 }).trim().split('\n').pop()!);
    assert.equal(out.label, 'wasm');
    assert.equal(out.threads, 1);
    assert.match(out.note, /tfjs-backend-wasm-threaded-simd\.wasm not found/);
  });
});

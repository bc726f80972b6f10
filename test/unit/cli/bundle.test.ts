/**
 * The bundled CLI (dist/cli.js, built by `npm test` before the unit suite)
 * runs on every backend it ships: a bundler that drops the cpu backend's
 * registration (its package claims to be side-effect free) breaks --backend cpu.
 */
import { strict as assert } from 'assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(__dirname, '../../..');
const cli = join(repo, 'dist/cli.js');

describe('bundled CLI', function () {
  this.timeout(60000);
  for (const backend of ['wasm', 'cpu']) {
    it(`trains with --backend ${backend}`, () => {
      assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` first (npm test does)');
      const out = join(mkdtempSync(join(tmpdir(), 'noether-bundle-')), 'r.json');
      execFileSync('node', [cli, 'train', join(repo, 'examples/harmonic-train.csv'), '--backend', backend, '--steps', '3', '--hidden', '8,8', '--quiet', '--out', out], { stdio: 'pipe' });
      assert.equal(JSON.parse(readFileSync(out, 'utf8')).backend, backend);
    });
  }

  // The threads shim (src/core/wasmThreads.ts) patches tfjs-backend-wasm's bundle at run time: this is
  // where it must work. Two threads give the same numbers as one (XNNPACK splits the output, not the sums),
  // the results record the count, and the process exits (the pool's workers are unref'd).
  it('--threads 2 runs the wasm backend on two threads, with the same results as one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'noether-threads-'));
    const run = (threads: number) => {
      const out = join(dir, `t${threads}.json`);
      execFileSync('node', [cli, 'train', join(repo, 'examples/oscillators3-train.csv'), '--model', 'oracle:u3', '--backend', 'wasm', '--threads', String(threads),
        '--steps', '4', '--hidden', '96,96', '--batch', '256', '--quiet', '--out', out], { stdio: 'pipe', timeout: 60000 });
      return JSON.parse(readFileSync(out, 'utf8'));
    };
    const one = run(1);
    const two = run(2);
    assert.equal(one.threads, undefined);
    assert.equal(two.threads, 2);
    assert.deepEqual(two.metrics, one.metrics);
  });
});

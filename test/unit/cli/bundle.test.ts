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
});

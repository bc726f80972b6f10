// Extension integration tests inside a real VS Code extension host (test/extension/*.test.ts):
// bundles the tests, then runs them through @vscode/test-electron's runTests with the code-server
// shim as the "VS Code executable". Needs `npm run build` first (the extension's dist/).
// Writes { passed, failed, measurements } to $NOETHER_TEST_REPORT (default .e2e/ext-report.json).
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { REPO, ROOT, makeWorkspace } from './harness.mjs';

const require = createRequire(import.meta.url);
const { runTests } = require('@vscode/test-electron');
const out = path.join(ROOT, 'ext-tests');
fs.rmSync(out, { recursive: true, force: true });
const suites = fs.readdirSync(path.join(REPO, 'test/extension')).filter((f) => f.endsWith('.ts'));
await esbuild.build({ absWorkingDir: REPO, entryPoints: suites.map((f) => `test/extension/${f}`), outdir: out,
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'inline',
  external: ['vscode'], logLevel: 'warning',
  // mocha stays out of the bundle but is required by its absolute path: the bundle lives under
  // E2E_ROOT, which may be outside the repository (no node_modules above it to find 'mocha').
  plugins: [{ name: 'mocha-from-repo', setup(b) {
    b.onResolve({ filter: /^mocha$/ }, () => ({ path: require.resolve('mocha', { paths: [REPO] }), external: true }));
  } }] });

const ws = fs.mkdtempSync(path.join(ROOT, 'ws-ext-'));
makeWorkspace(ws);
const report = process.env.NOETHER_TEST_REPORT ?? path.join(ROOT, 'ext-report.json');
fs.rmSync(report, { force: true });
process.env.NOETHER_TEST_REPORT = report;
process.env.NOETHER_EXPORT_DIR = path.join(ws, 'exports');
process.env.NOETHER_TEST_WORKSPACE = ws;
process.env.NOETHER_REPO = REPO;
const t0 = Date.now();
let code = 0;
try {
  await runTests({
    vscodeExecutablePath: path.join(REPO, 'scripts/e2e/code-shim.mjs'),
    extensionDevelopmentPath: REPO,
    extensionTestsPath: path.join(out, 'index.js'),
    launchArgs: [ws],
  });
} catch (e) {
  console.error(`extension tests failed: ${e.message}`);
  code = 1;
}
console.log(`extension tests finished in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
if (!fs.existsSync(report)) {
  fs.writeFileSync(report, JSON.stringify({ passed: 0, failed: 1, error: 'the tests did not report (see the log above)' }));
  code = 1;
}
if (code === 0) fs.rmSync(ws, { recursive: true, force: true });
process.exit(code);

// One build for every bundle: the CLI, the benchmark, the extension host, the
// training worker and the webview. `node scripts/build.mjs [--watch] [--minify]`.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

// ignoreAnnotations: tfjs-backend-cpu's package.json calls its Node entry side-effect free,
// which would drop the bare import that registers the cpu backend.
// Node bundles keep their identifiers: the wasm threads shim (src/core/backend/wasmThreads.ts) finds
// tfjs-backend-wasm's bundle variables by name.
const node = { platform: 'node', target: 'node20', format: 'cjs', bundle: true, sourcemap: true, minifyWhitespace: minify, minifySyntax: minify, ignoreAnnotations: true,
  // tfjs-node is optional and native; vscode is provided by the host.
  external: ['vscode', '@tensorflow/tfjs-node', '*.wasm'], logLevel: 'warning' };
const entries = [
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' },
  // The library (package.json "exports"): src/core/index.ts.
  { ...node, entryPoints: ['src/core/index.ts'], outfile: 'dist/index.js' },
  { ...node, entryPoints: ['scripts/bench.ts'], outfile: 'dist/bench.js' },
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' },
  { ...node, entryPoints: ['src/extension/worker.ts'], outfile: 'dist/worker.js' },
  { platform: 'browser', target: 'es2020', format: 'iife', bundle: true, sourcemap: true, minify,
    entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', logLevel: 'warning',
    loader: { '.woff2': 'file', '.woff': 'empty', '.ttf': 'empty' } },
].filter((e) => fs.existsSync(path.join(root, e.entryPoints[0])));

fs.mkdirSync(dist, { recursive: true });
// The wasm backend loads its binaries from the bundle's folder at run time.
const wasmSrc = path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
for (const f of fs.readdirSync(wasmSrc).filter((f) => f.endsWith('.wasm'))) {
  fs.copyFileSync(path.join(wasmSrc, f), path.join(dist, f));
}
// The webview loads KaTeX's stylesheet and fonts from dist/katex/ (no remote
// resources under the panel's CSP). woff2 only: every webview engine reads it
// and the stylesheet lists it first. Chart.js and KaTeX's code are bundled.
const katexSrc = path.join(root, 'node_modules/katex/dist');
fs.mkdirSync(path.join(dist, 'katex/fonts'), { recursive: true });
fs.copyFileSync(path.join(katexSrc, 'katex.min.css'), path.join(dist, 'katex/katex.min.css'));
for (const f of fs.readdirSync(path.join(katexSrc, 'fonts')).filter((f) => f.endsWith('.woff2'))) {
  fs.copyFileSync(path.join(katexSrc, 'fonts', f), path.join(dist, 'katex/fonts', f));
}

if (watch) {
  for (const e of entries) await (await esbuild.context({ absWorkingDir: root, ...e })).watch();
  console.log(`watching ${entries.length} bundles`);
} else {
  await Promise.all(entries.map((e) => esbuild.build({ absWorkingDir: root, ...e })));
  console.log(`built ${entries.map((e) => e.outfile).join(', ')}`);
}

#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }):
// no VS Code build can be downloaded here, so this runs the tests in code-server's Node extension
// host instead, with headless chromium as the (required) workbench client. It accepts the arguments
// runTests passes (--extensionDevelopmentPath=, --extensionTestsPath=, [folder]); exit code = result.
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { ensureCodeServer, freshProfile, launchBrowser, startCodeServer } from './harness.mjs';

const args = process.argv.slice(2);
const opt = (name) => { const a = args.find((x) => x.startsWith(`--${name}=`)); return a && a.slice(name.length + 3); };
const devPaths = args.filter((a) => a.startsWith('--extensionDevelopmentPath=')).map((a) => a.split('=').slice(1).join('='));
const testsPath = opt('extensionTestsPath');
const folder = args.find((a) => !a.startsWith('-'));
if (!testsPath) { console.error('code-shim: only test runs (--extensionTestsPath=...) are supported'); process.exit(2); }

ensureCodeServer();
const profile = freshProfile('ext');
const server = await startCodeServer(profile);
let code = 1;
let browser;
try {
  browser = await launchBrowser();
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(p)}`;
  const payload = [...devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]), ['extensionTestsPath', remote(testsPath)]];
  const url = `${server.base}/?${folder ? `folder=${encodeURIComponent(path.resolve(folder))}` : 'ew=true'}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const page = browser.context.pages()[0] ?? await browser.context.newPage();
  let done;
  const exited = new Promise((r) => (done = r));
  // The hooks @vscode/test-web uses: the workbench calls them when the extension tests log / finish.
  await page.exposeFunction('codeAutomationExit', (c) => done(c));
  await page.exposeFunction('codeAutomationLog', (type, a) => {
    const line = format(...a);
    if (!/ENOTFOUND|ChatSessionStore|Creating a socket|connection token|builtin extensions cache|Service Worker/.test(line)) {
      (type === 'error' ? console.error : console.log)(line);
    }
  });
  await page.goto(url);
  const timeoutMs = Number(process.env.EXT_TEST_TIMEOUT_MS ?? 600_000);
  code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
  if (code === 'timeout') { console.error(`code-shim: tests did not finish in ${timeoutMs} ms`); code = 1; }
} catch (e) {
  console.error('code-shim:', e);
  code = 1;
} finally {
  await browser?.close();
  server.stop();
  if (code !== 0) fs.writeFileSync(path.join(profile.dir, 'code-server.log'), server.log());
  else fs.rmSync(profile.dir, { recursive: true, force: true });
}
process.exit(code);

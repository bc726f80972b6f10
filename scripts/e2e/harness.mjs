// Helpers shared by the extension integration tests and the UI end-to-end test:
// a real VS Code (code-server 4.100.3 = VS Code 1.100.3, installed by install-code-server.sh)
// driven by playwright-core with Debian's chromium. All scratch state lives under E2E_ROOT
// (default <repo>/.e2e, git-ignored). See ../../test/e2e/README.md.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ROOT = path.resolve(process.env.E2E_ROOT ?? path.join(REPO, '.e2e'));
export const CODE_SERVER = process.env.CODE_SERVER_BIN ?? path.join(ROOT, 'cs/node_modules/.bin/code-server');
export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const HOME = path.join(ROOT, 'home');

/** Environment for code-server and chromium: everything they write stays under ROOT. */
export function sandboxEnv(extra = {}) {
  for (const d of ['tmp', 'home/.config', 'home/.cache', 'home/.local/share']) fs.mkdirSync(path.join(ROOT, d), { recursive: true });
  return { ...process.env, TMPDIR: path.join(ROOT, 'tmp'), HOME, XDG_CONFIG_HOME: `${HOME}/.config`,
    XDG_DATA_HOME: `${HOME}/.local/share`, XDG_CACHE_HOME: `${HOME}/.cache`, ...extra };
}

/** Install code-server into ROOT/cs if needed (cached between runs). */
export function ensureCodeServer() {
  if (fs.existsSync(CODE_SERVER)) return;
  execFileSync('bash', [path.join(REPO, 'scripts/e2e/install-code-server.sh')], { stdio: 'inherit', env: { ...process.env, E2E_ROOT: ROOT } });
}

export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

/** A fresh profile: user-data dir with our settings, and an (existing) extensions dir. */
export function freshProfile(name) {
  fs.mkdirSync(path.join(ROOT, 'runs'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(ROOT, 'runs', `${name}-`));
  const userData = path.join(dir, 'user');
  const extDir = path.join(dir, 'exts');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extDir, { recursive: true }); // must exist before --install-extension
  fs.copyFileSync(path.join(REPO, 'scripts/e2e/settings.json'), path.join(userData, 'User', 'settings.json'));
  return { dir, userData, extDir };
}

/** `code-server --install-extension vsix` into the profile. */
export function installVsix(profile, vsix) {
  execFileSync(CODE_SERVER, ['--user-data-dir', profile.userData, '--extensions-dir', profile.extDir, '--install-extension', vsix],
    { env: sandboxEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Start code-server on a free port in its own process group (its file watchers
 * outlive the main process otherwise); stop() kills the whole group.
 */
export async function startCodeServer(profile, { env = {}, args = [] } = {}) {
  const port = await freePort();
  const cs = spawn(CODE_SERVER, ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--config', path.join(HOME, 'code-server-config.yaml'), '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened',
    '--user-data-dir', profile.userData, '--extensions-dir', profile.extDir, ...args],
  { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: sandboxEnv(env) });
  let log = '';
  cs.stdout.on('data', (d) => (log += d));
  cs.stderr.on('data', (d) => (log += d));
  const stop = () => { try { process.kill(-cs.pid, 'SIGTERM'); } catch { /* already gone */ } };
  process.on('exit', stop);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not yet */ }
    if (i > 600 || cs.exitCode !== null) { stop(); throw new Error(`code-server did not come up:\n${log}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, base, stop, log: () => log };
}

/** Headless chromium with a throw-away profile. */
export async function launchBrowser(opts = {}) {
  const { chromium } = await import('playwright-core');
  fs.mkdirSync(path.join(ROOT, 'chrome-profiles'), { recursive: true });
  const profile = fs.mkdtempSync(path.join(ROOT, 'chrome-profiles', 'p-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true,
    // chromium writes ~/.config/chromium/Crash Reports even with a user-data-dir: keep it out of the real $HOME
    env: sandboxEnv(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    ...opts,
  });
  const close = async () => { await context.close().catch(() => {}); fs.rmSync(profile, { recursive: true, force: true }); };
  return { context, close };
}

/** A workspace folder with a copy of the bundled harmonic-oscillator data and small, fast training settings. */
export function makeWorkspace(dir, settings = {}) {
  fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  fs.copyFileSync(path.join(REPO, 'examples/harmonic-train.csv'), path.join(dir, 'data.csv'));
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a data file\n');
  fs.writeFileSync(path.join(dir, '.vscode/settings.json'), JSON.stringify({
    'noether.steps': 100, 'noether.hiddenSizes': [16, 16], 'noether.symmetrySamples': 8, 'noether.K': 2, ...settings,
  }, null, 2));
  return dir;
}

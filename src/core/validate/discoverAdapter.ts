/**
 * The one place the validation suite touches the discovery job: it runs
 * `node dist/cli.js discover FILE.csv --out R.json` in a child process (so
 * cases run in parallel, isolated from each other, and the suite does not
 * depend on where the job function lives inside src/core). Change the
 * command here if the CLI's options change.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface DiscoverRun {
  /** Exit code of the child (null when killed). */
  code: number | null;
  /** Wall time in seconds. */
  seconds: number;
  /** The results JSON (undefined when none was written). */
  results?: unknown;
  /** Last lines of stderr when the run failed. */
  error?: string;
}

/** dist/cli.js: next to this bundle when running from dist/, else the repository's dist/. */
export function defaultCliPath(): string {
  const here = path.join(__dirname, 'cli.js');
  if (fs.existsSync(here)) return here;
  return path.resolve(__dirname, '../../../dist/cli.js');
}

/** Run discover on one CSV; resolves when the child exits (or is killed after timeoutSeconds). */
export function runDiscoverChild(
  csv: string,
  out: string,
  extraArgs: string[],
  opts: { cliPath?: string; timeoutSeconds?: number; signal?: AbortSignal } = {},
): Promise<DiscoverRun> {
  const cli = opts.cliPath ?? defaultCliPath();
  const args = [cli, 'discover', csv, '--out', out, '--quiet', ...extraArgs];
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    const kill = () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    };
    const timer = opts.timeoutSeconds ? setTimeout(kill, opts.timeoutSeconds * 1000) : undefined;
    opts.signal?.addEventListener('abort', kill, { once: true });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', kill);
      const seconds = (Date.now() - t0) / 1000;
      let results: unknown;
      try {
        results = JSON.parse(fs.readFileSync(out, 'utf8'));
      } catch {
        results = undefined;
      }
      const error = code === 0 && results ? undefined : (stderr.trim().split('\n').slice(-3).join(' | ') || `exit code ${code}`);
      resolve({ code, seconds, results, error });
    });
  });
}

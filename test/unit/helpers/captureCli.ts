/** Run the CLI's main() in-process and capture what it prints (stdout lines, stderr incl. progress). */
import { main } from '../../../src/cli/main';

export async function captureCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const log = console.log, error = console.error, write = process.stderr.write;
  let out = '', err = '';
  console.log = (...a: unknown[]) => { out += a.join(' ') + '\n'; };
  console.error = (...a: unknown[]) => { err += a.join(' ') + '\n'; };
  process.stderr.write = ((s: string) => { err += s; return true; }) as typeof process.stderr.write;
  try {
    return { code: await main(argv), out, err };
  } finally {
    console.log = log; console.error = error; process.stderr.write = write;
  }
}

/**
 * `noether <command> ...`. Each command lives in ./commands/<name>.ts and
 * exports `run(argv): Promise<number>` (the exit code). User errors
 * (InputError) print one line and exit 2; anything else is a bug and exits 1.
 */
import { isInputError } from '../core/util/errors';

type Command = { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

const COMMANDS: Record<string, Command> = {
  discover: { summary: 'learn the conserved quantities of a trajectory CSV', load: () => import('./commands/discover') },
  train: { summary: 'train one model (vanilla or oracle symmetry) and report its metrics', load: () => import('./commands/train') },
  simulate: { summary: 'write a CSV of simulated trajectories (harmonic, oscillators, nbody, damped, pendulum, kepler, …)', load: () => import('./commands/simulate') },
  reproduce: { summary: "reproduce the paper's tables and figures (table1-3, figure2, figure3)", load: () => import('./commands/reproduce') },
  validate: { summary: 'score discover on simulated systems with known conserved quantities (confusion table)', load: () => import('./commands/validate') },
};

function usage(): string {
  const rows = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`);
  return ['Usage: noether <command> [options]   (noether <command> --help for its options)', '', ...rows].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    console.log(require('../../package.json').version);
    return 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    console.error(`noether: unknown command '${name}'.\n${usage()}`);
    return 2;
  }
  try {
    return await (await cmd.load()).run(rest);
  } catch (e) {
    if (isInputError(e)) {
      console.error(`noether: ${e.format()}`);
      return 2;
    }
    console.error(`noether: internal error: ${(e as Error)?.stack ?? e}`);
    return 1;
  }
}

// `node dist/cli.js ...` runs directly; bin/noether.js calls main() itself.
if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}

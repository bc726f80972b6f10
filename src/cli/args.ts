/**
 * The one argument parser of the CLI's commands: node's util.parseArgs with
 * strict options and positionals, `-h`/`--help` printing the command's usage,
 * and parse errors turned into a one-line UsageError pointing to --help.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../core/util/errors';

type Options = NonNullable<ParseArgsConfig['options']>;
const helpOption = { help: { type: 'boolean', short: 'h' } } as const;

/** Parse `argv` for `noether <command>`; undefined when --help was asked for (the usage is printed). */
export function parseCommand<const O extends Options>(command: string, argv: string[], usage: string, options: O) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...helpOption, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    // parseArgs explains over several lines; keep the first (the problem).
    throw new UsageError((e as Error).message.split('\n')[0], `See noether ${command} --help`);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    return undefined;
  }
  return parsed;
}

import { runCommand } from './discover';

export function run(argv: string[]): Promise<number> {
  return runCommand('train', argv);
}

/**
 * Before training: which columns play which role, from the file's header and
 * what the user chose last time for this file. No vscode import; the quick
 * pick that asks the user lives in columnQuickPick.ts.
 */
import * as fs from 'fs';
import Papa from 'papaparse';
import { detectColumns, suggestColumns, type ColumnSuggestion } from '../core/data/columns';
import { DEFAULT_MAX_BYTES, detectDelimiter, formatBytes } from '../core/data/load';
import { InputError, isInputError } from '../core/util/errors';
import type { FileChoices } from './settings';

/**
 * Refuse a file the loader would refuse, before a worker starts: the size and
 * the limit (one stat, the host never reads it).
 */
export function checkSize(file: string, maxBytes = DEFAULT_MAX_BYTES): number {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    throw new InputError(`cannot read the file: ${(e as Error).message}`, { file }, 'Check that it exists and is readable');
  }
  if (size > maxBytes) {
    throw new InputError(`the file is ${formatBytes(size)}, larger than the ${formatBytes(maxBytes)} limit`, { file },
      'Split it into smaller files or subsample it');
  }
  return size;
}

/** The header fields of a CSV/TSV file (reads only its first 64 KiB). */
export function readHeader(file: string): string[] {
  let text: string;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(64 * 1024);
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      text = buf.subarray(0, n).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    throw new InputError(`cannot read the file: ${(e as Error).message}`, { file }, 'Check that it exists and is readable');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.replace(/^\s*\n/, '');
  if (text.trim() === '') {
    throw new InputError('the file is empty', { file, line: 1 }, 'Write a header line such as "t,q,p" followed by one sample per line');
  }
  const firstLine = text.split(/\r?\n/)[0];
  const parsed = Papa.parse<string[]>(firstLine, { delimiter: detectDelimiter(text), preview: 1 });
  return (parsed.data[0] ?? []).map((h) => h.trim());
}

export type ColumnDecision =
  | { kind: 'ready'; choices: FileChoices; source: 'remembered' | 'detected' }
  /** Ask the user, pre-filled with what detection found; `reason` says why. */
  | { kind: 'ask'; suggestion: ColumnSuggestion; reason: string; needDt: boolean };

/**
 * Use the remembered choice while it still fits the header; otherwise the
 * detected roles when they are unambiguous and complete (a time column, or a
 * remembered dt); otherwise ask.
 */
export function decideColumns(file: string, header: string[], remembered?: FileChoices): ColumnDecision {
  const has = (c?: string) => c === undefined || header.includes(c);
  if (remembered) {
    const c = remembered.columns;
    if (c.q.length > 0 && c.q.every(has) && c.p.every(has) && has(c.time) && has(c.trajectory) &&
        (c.time !== undefined || remembered.dt !== undefined)) {
      return { kind: 'ready', choices: remembered, source: 'remembered' };
    }
  }
  const suggestion = suggestColumns(header);
  try {
    const roles = detectColumns(header, { file });
    if (roles.time === undefined) {
      return { kind: 'ask', suggestion, reason: 'There is no time column (t or time): choose it, or none and give the time step.', needDt: true };
    }
    return { kind: 'ready', choices: { columns: roles }, source: 'detected' };
  } catch (e) {
    if (!isInputError(e)) throw e;
    return { kind: 'ask', suggestion, reason: askReason(suggestion, e.message), needDt: suggestion.time === undefined };
  }
}

/** Why the quick pick asks, in the words of the quick pick (the loader's messages name CLI flags). */
function askReason(s: ColumnSuggestion, loaderMessage: string): string {
  const a = s.ambiguous[0];
  if (a) return `The file has more than one ${a.role} column: ${a.columns.join(', ')}. Choose one.`;
  if (s.unpaired.length) return `Column '${s.unpaired[0]}' has no partner. Choose the positions and the momenta, in matching order.`;
  if (s.q.length === 0) return 'The positions and momenta were not recognised (no (q, p) column pairs found). Choose them.';
  return `${loaderMessage.charAt(0).toUpperCase()}${loaderMessage.slice(1)}. Choose the columns.`;
}

/**
 * The column quick pick's pre-filled answer and reason after the loader found
 * that time restarts where `trajectoryColumn` changes (TrajectoryColumnError):
 * what detection makes of the header, with that column as the trajectory id.
 */
export function trajectoryOffer(file: string, header: string[], trajectoryColumn: string): { suggestion: ColumnSuggestion; reason: string } {
  const decision = decideColumns(file, header);
  const base = decision.kind === 'ready' ? { ...decision.choices.columns, unpaired: [], ambiguous: [] } : decision.suggestion;
  return {
    suggestion: { ...base, trajectory: trajectoryColumn },
    reason: `Time restarts in this file, and column '${trajectoryColumn}' is constant between the restarts: it looks like the trajectory id.`,
  };
}

/**
 * Loading progress in words, for files large enough to take a while: the
 * extension's worker posts these lines as log events (the host shows them in
 * its progress notification until training starts, the panel in its log).
 */
import * as path from 'node:path';
import { formatBytes } from './load';
import type { LoadProgress } from './types';

/** Files smaller than this load in well under a second: no progress lines for them. */
export const LOAD_PROGRESS_MIN_BYTES = 8 * 1024 * 1024;

/** "reading data.csv: 40 % of 150 MiB" (one line per 10 % of each phase, from the loader's onProgress). */
export function loadProgressText(p: LoadProgress): string {
  const pct = p.total > 0 ? Math.round((100 * p.done) / p.total) : 100;
  return `${p.phase} ${path.basename(p.file)}: ${pct} % of ${formatBytes(p.total)}`;
}

/** An onProgress for the loader that says `loadProgressText` of files of at least `minBytes`. */
export function loadProgress(say: (message: string) => void, minBytes = LOAD_PROGRESS_MIN_BYTES): (p: LoadProgress) => void {
  return (p) => { if (p.total >= minBytes) say(loadProgressText(p)); };
}

/** Whether a log line is one of loadProgressText's. */
export function isLoadProgressText(message: string): boolean {
  return /^(reading|parsing) .+: \d+ % of /.test(message);
}

/**
 * Read a trajectory CSV (or TSV / `;`-separated) into a Dataset. Every user
 * mistake becomes an InputError naming the file, line and column; see
 * docs/data-format.md for the rules.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Papa from 'papaparse';
import { InputError, UsageError } from '../util/errors';
import { detectColumns } from './columns';
import type { ColumnRoles, Dataset, LoadOptions, Trajectory } from './types';

export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

/**
 * Time restarts in a file without a trajectory column, and `trajectoryColumn`
 * is constant between the restarts and changes at each: it is most likely the
 * trajectory id (the extension offers it in its column quick pick).
 */
export class TrajectoryColumnError extends InputError {
  constructor(message: string, location: InputError['location'], hint: string, readonly trajectoryColumn: string) {
    super(message, location, hint);
  }
}
export const DELIMITERS = [',', '\t', ';'] as const;

/** Id given to the single trajectory of a file without a trajectory column. */
export const SINGLE_TRAJECTORY_ID = '1';

export function loadDataset(file: string, opts: LoadOptions = {}): Dataset {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  let size: number;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw new InputError('this is a directory, not a data file', { file }, 'Pass the path of a .csv or .tsv file');
    size = st.size;
  } catch (e) {
    throw fileError(file, e);
  }
  // Refuse before reading: the whole file is held in memory while parsing.
  if (size > maxBytes) {
    throw new InputError(`the file is ${formatBytes(size)}, larger than the ${formatBytes(maxBytes)} limit`, { file },
      'Split it into smaller files or subsample it');
  }
  let bytes: Buffer;
  const hash = createHash('sha256');
  try {
    bytes = readChunked(file, size, hash, opts.onProgress);
  } catch (e) {
    throw fileError(file, e);
  }
  const sha256 = hash.digest('hex');
  let text: string;
  try {
    text = bytes.toString('utf8');
  } catch {
    // V8 strings stop at about 512 Mi characters.
    throw new InputError(`the file (${formatBytes(size)}) is too large to read as text`, { file }, 'Split it into smaller files or subsample it');
  }
  return parseDataset(text, file, opts, sha256);
}

/** Bytes per read: a large file is read (and hashed) in pieces, with progress between them. */
export const READ_CHUNK_BYTES = 4 * 1024 * 1024;

/** Calls `report(done)` once each time `done` reaches another tenth of `total` (the last at done === total). */
function tenths(total: number, report: (done: number) => void): (done: number) => void {
  let next = 1; // the next tenth to report
  return (done) => {
    if (next > 10) return;
    const tenth = total > 0 ? Math.min(10, Math.floor((10 * done) / total)) : 10;
    if (tenth < next) return;
    next = tenth + 1;
    report(done);
  };
}

/**
 * Read the file's `size` bytes (its size when checked against the limit) in
 * chunks, hashing as it goes; a file that shrank meanwhile is read to its end.
 * The hash describes exactly the bytes returned.
 */
function readChunked(file: string, size: number, hash: ReturnType<typeof createHash>, onProgress?: LoadOptions['onProgress']): Buffer {
  const report = onProgress ? tenths(size, (done) => onProgress({ file, phase: 'reading', done, total: size })) : undefined;
  const bytes = Buffer.allocUnsafe(size);
  const fd = fs.openSync(file, 'r');
  let done = 0;
  try {
    while (done < size) {
      const n = fs.readSync(fd, bytes, done, Math.min(READ_CHUNK_BYTES, size - done), done);
      if (n === 0) break;
      hash.update(bytes.subarray(done, done + n));
      done += n;
      report?.(done);
    }
  } finally {
    fs.closeSync(fd);
  }
  if (done < size) report?.(size);
  return done < size ? bytes.subarray(0, done) : bytes;
}

/**
 * Parse CSV text. `file` is used in messages and recorded in the Dataset;
 * `sha256` defaults to the hash of the text's UTF-8 bytes.
 */
export function parseDataset(text: string, file: string, opts: LoadOptions = {}, sha256?: string): Dataset {
  if (opts.dt !== undefined && !(Number.isFinite(opts.dt) && opts.dt > 0)) {
    throw new UsageError(`--dt must be a positive finite number, got ${opts.dt}`,
      'Pass the constant time step between samples, e.g. --dt 0.1');
  }
  const hash = sha256 ?? createHash('sha256').update(text, 'utf8').digest('hex');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 byte order mark
  if (text.trim() === '') {
    throw new InputError('the file is empty', { file, line: 1 }, 'Write a header line such as "t,q,p" followed by one sample per line');
  }

  const delimiter = detectDelimiter(text);
  const reader = new RowReader(file, opts);
  let lineNo = 1; // line of `pos`
  let pos = 0;
  let rowStart = 0;
  const onProgress = opts.onProgress;
  const parsed = onProgress ? tenths(text.length, (done) => onProgress({ file, phase: 'parsing', done, total: text.length })) : undefined;
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    step: (r) => {
      // Papaparse gives the offset after each row; count newlines to get the
      // row's starting line (rows may span lines inside quoted fields).
      for (; pos < rowStart; pos++) if (text.charCodeAt(pos) === 10) lineNo++;
      const line = lineNo;
      rowStart = r.meta.cursor;
      if (r.errors.length > 0) {
        throw new InputError(`malformed quoted field: ${r.errors[0].message.toLowerCase()}`,
          { file, line, column: r.data.length }, 'Close the quote, or double a quote that is part of the text ("")');
      }
      reader.row(r.data, line);
      parsed?.(rowStart);
    },
  });
  parsed?.(text.length);
  const ds = reader.finish(hash);
  ds.delimiter = delimiter;
  return ds;
}

/** The candidate delimiter occurring most often (outside quotes) in the first non-blank line; ',' on a tie. */
export function detectDelimiter(text: string): string {
  const start = text.search(/\S/);
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = Math.max(start, 0); i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best: string = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

interface Accumulator {
  id: string;
  t: number[];
  values: number[];
  lines: number[];
}

/** Turns parsed rows into trajectories, checking each value as it arrives. */
class RowReader {
  private header?: string[];
  private headerLine = 0;
  private roles?: ColumnRoles;
  private valueIdx: number[] = []; // q's then p's
  private timeIdx = -1;
  private trajIdx = -1;
  private groups = new Map<string, Accumulator>();
  private rows = 0;
  /**
   * Time went back in a file without a trajectory column: the error to throw
   * once the remaining rows have been scanned for a column that is constant
   * between the restarts (`candidates`: column index -> value in the current segment).
   */
  private restart?: { error: InputError; line: number; lastT: number };
  private candidates = new Map<number, string>();

  constructor(private readonly file: string, private readonly opts: LoadOptions) {}

  row(fields: string[], line: number): void {
    fields = fields.map((f) => f.trim());
    if (fields.length === 1 && fields[0] === '') return; // blank line
    if (!this.header) return this.readHeader(fields, line);
    const header = this.header;
    if (fields.length !== header.length) {
      throw new InputError(`this row has ${fields.length} field(s) but the header has ${header.length}`,
        { file: this.file, line, column: Math.min(fields.length, header.length) + 1 },
        'Every row needs one value per header column (check for missing or extra delimiters)');
    }
    const id = this.trajIdx >= 0 ? fields[this.trajIdx] : SINGLE_TRAJECTORY_ID;
    if (id === '') {
      throw new InputError(`empty trajectory id in column '${header[this.trajIdx]}'`,
        { file: this.file, line, column: this.trajIdx + 1 }, 'Give every row the id of its trajectory');
    }
    if (this.restart) return this.scanForTrajectory(fields);
    let g = this.groups.get(id);
    if (!g) this.groups.set(id, (g = { id, t: [], values: [], lines: [] }));

    const k = g.t.length;
    let t: number;
    if (this.timeIdx >= 0) {
      t = this.number(fields, this.timeIdx, line);
      if (k > 0 && !(t > g.t[k - 1])) {
        const where = this.trajIdx >= 0 ? ` in trajectory '${id}'` : '';
        const error = new InputError(`time does not increase${where}: ${fields[this.timeIdx]} follows ${g.t[k - 1]} (line ${g.lines[k - 1]})`,
          { file: this.file, line, column: this.timeIdx + 1 },
          'Sort the samples of each trajectory by time and remove duplicate samples');
        if (this.trajIdx >= 0 || this.candidates.size === 0) throw error;
        // Perhaps several trajectories with an undetected id column: scan the rest of the file.
        this.restart = { error, line, lastT: g.t[k - 1] };
        return this.scanForTrajectory(fields);
      }
    } else {
      t = k * this.opts.dt!;
    }
    g.t.push(t);
    for (const j of this.valueIdx) g.values.push(this.number(fields, j, line));
    g.lines.push(line);
    this.rows++;
    // Columns without a role that have kept one value so far (trajectory-id candidates).
    for (const [j, v] of this.candidates) {
      if (this.rows === 1) this.candidates.set(j, fields[j]);
      else if (fields[j] !== v) this.candidates.delete(j);
    }
  }

  /** After time went back: keep the columns that are constant between restarts of time and change at each. */
  private scanForTrajectory(fields: string[]): void {
    const t = parseNumber(fields[this.timeIdx]);
    const restarted = t === undefined || !(t > this.restart!.lastT);
    for (const [j, v] of this.candidates) {
      if (restarted ? fields[j] === v : fields[j] !== v) this.candidates.delete(j);
      else this.candidates.set(j, fields[j]);
    }
    if (t !== undefined) this.restart!.lastT = t;
  }

  private readHeader(fields: string[], line: number): void {
    if (fields.every((f) => f !== '' && parseNumber(f) !== undefined)) {
      throw new InputError('the first line holds numbers, not column names', { file: this.file, line, column: 1 },
        'Add a header line naming the columns, e.g. "t,q,p" or "trajectory,t,x,y,px,py"');
    }
    this.header = fields;
    this.headerLine = line;
    const roles = detectColumns(fields, { ...this.opts, file: this.file, line });
    const where = { file: this.file, line };
    if (roles.time === undefined && this.opts.dt === undefined) {
      throw new InputError('there is no time column and no --dt', where,
        'Pass --dt STEP (the constant time between samples), or add a column named t or time, or name it with --time');
    }
    if (roles.time !== undefined && this.opts.dt !== undefined) {
      throw new InputError(`--dt was given but the file has a time column '${roles.time}'`, { ...where, column: fields.indexOf(roles.time) + 1 },
        'Drop --dt: each transition uses the time difference from the column');
    }
    this.roles = roles;
    this.valueIdx = [...roles.q, ...roles.p].map((n) => fields.indexOf(n));
    this.timeIdx = roles.time !== undefined ? fields.indexOf(roles.time) : -1;
    this.trajIdx = roles.trajectory !== undefined ? fields.indexOf(roles.trajectory) : -1;
    if (this.trajIdx < 0 && this.timeIdx >= 0) {
      const used = new Set([...roles.q, ...roles.p, roles.time]);
      fields.forEach((h, j) => { if (h !== '' && !used.has(h)) this.candidates.set(j, ''); });
    }
  }

  private number(fields: string[], j: number, line: number): number {
    const s = fields[j];
    const v = parseNumber(s);
    const name = this.header![j];
    const where = { file: this.file, line, column: j + 1 };
    if (v !== undefined && Number.isFinite(v)) {
      // Squares and products of squares (quadratic quantities, their noise variance) must stay within double precision.
      const a = Math.abs(v);
      if (this.opts.anyMagnitude !== true && j !== this.timeIdx && (a > MAX_MAGNITUDE || (a > 0 && a < 1 / MAX_MAGNITUDE))) {
        throw new InputError(`${s} in column '${name}' is outside the magnitudes this tool computes with (1e-100 to 1e100)`, where,
          'Change the column\'s unit (multiply it by a power of ten) so its values lie within that range');
      }
      return v;
    }
    if (s === '') throw new InputError(`empty value in column '${name}'`, where, 'Fill in the value or remove the row');
    if (v !== undefined) throw new InputError(`${s} in column '${name}' is out of range`, where, 'Rescale the column so its values fit in double precision');
    if (/^[+-]?(nan|inf|infinity)$/i.test(s)) {
      throw new InputError(`${s} in column '${name}' is not a finite number`, where,
        'Remove the row or fill in a measured value (NaN and Infinity are not allowed)');
    }
    throw new InputError(`'${s}' in column '${name}' is not a number`, where,
      'Use plain decimal numbers such as 1.5 or -2e-3 (decimal point, not comma)');
  }

  finish(sha256: string): Dataset {
    const file = this.file;
    if (this.restart) {
      const [j] = [...this.candidates.keys()];
      if (j === undefined) throw this.restart.error;
      const name = this.header![j];
      const e = this.restart.error;
      throw new TrajectoryColumnError(
        `${e.message}, and column '${name}' is constant between the restarts of time: it looks like the trajectory id`,
        { file, line: e.location.line, column: j + 1 },
        `Pass --trajectory ${/^[\w.-]+$/.test(name) ? name : JSON.stringify(name)} to use it (in VS Code: choose it as the trajectory column), or sort the samples by time`,
        name);
    }
    if (!this.header || !this.roles) {
      throw new InputError('the file is empty', { file, line: 1 }, 'Write a header line such as "t,q,p" followed by one sample per line');
    }
    if (this.rows === 0) {
      throw new InputError('the file has a header but no data rows', { file, line: this.headerLine },
        'Add at least 2 samples per trajectory below the header');
    }
    const dim = 2 * this.roles.q.length;
    const trajectories: Trajectory[] = [];
    let transitions = 0;
    for (const g of this.groups.values()) {
      if (g.t.length < 2) {
        const what = this.trajIdx >= 0 ? `trajectory '${g.id}' has` : 'the file has';
        throw new InputError(`${what} only 1 sample; at least 2 are needed to form a transition`,
          { file, line: g.lines[0], column: this.trajIdx >= 0 ? this.trajIdx + 1 : undefined },
          this.trajIdx >= 0 ? 'Remove it, or check that the trajectory column is right (--trajectory NAME)' : 'Add more samples');
      }
      const all = Float64Array.from(g.values);
      const states: Float64Array[] = [];
      for (let k = 0; k < g.t.length; k++) states.push(all.subarray(k * dim, (k + 1) * dim));
      trajectories.push({ id: g.id, t: Float64Array.from(g.t), states, lines: g.lines });
      transitions += g.t.length - 1;
    }
    const used = new Set<string>([...this.roles.q, ...this.roles.p]);
    if (this.roles.time !== undefined) used.add(this.roles.time);
    if (this.roles.trajectory !== undefined) used.add(this.roles.trajectory);
    const ignoredColumns = this.header.filter((h) => h !== '' && !used.has(h));
    return { file, sha256, columns: this.roles, dim, trajectories, transitions, ignoredColumns };
  }
}

/** Strict decimal number (no hex, no empty string, no "Infinity"); undefined otherwise. */
/** Largest |value| accepted (and 1/MAX_MAGNITUDE the smallest non-zero one): x⁴ must not overflow. */
const MAX_MAGNITUDE = 1e100;

function parseNumber(s: string): number | undefined {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : undefined;
}

function fileError(file: string, e: unknown): InputError {
  if (e instanceof InputError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new InputError('no such file', { file }, 'Check the path');
  if (code === 'EACCES' || code === 'EPERM') return new InputError('permission denied: cannot read the file', { file }, 'Check the file permissions');
  if (code === 'EISDIR') return new InputError('this is a directory, not a data file', { file }, 'Pass the path of a .csv or .tsv file');
  return new InputError(`cannot read the file (${(e as Error)?.message ?? e})`, { file }, 'Check the path and permissions');
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let u = 0;
  while (n >= 1024 && u < units.length - 1) { n /= 1024; u++; }
  return `${u === 0 ? n : Number(n.toFixed(1))} ${units[u]}`;
}

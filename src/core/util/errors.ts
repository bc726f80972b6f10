/**
 * Errors that are the user's to fix (bad input, bad options). The CLI prints
 * `format()` as one line and exits 2; the extension shows it as a notification.
 * Anything else that escapes is a bug in noether-razor.
 */
export interface SourceLocation {
  file?: string;
  /** 1-based line in the file. */
  line?: number;
  /** 1-based column (field index for delimited files). */
  column?: number;
}

export class InputError extends Error {
  constructor(
    message: string,
    readonly location: SourceLocation = {},
    /** What the user can do about it, e.g. "pass --dt SECONDS". */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }

  /** One line: `file:line:col: message. hint` */
  format(): string {
    const { file, line, column } = this.location;
    let where = file ?? '';
    if (line !== undefined) where += `${where ? ':' : 'line '}${line}`;
    if (column !== undefined) where += `:${column}`;
    const hint = this.hint ? ` ${/[.!?]$/.test(this.hint) ? this.hint : this.hint + '.'}` : '';
    const msg = /[.!?]$/.test(this.message) ? this.message : this.message + '.';
    return `${where ? where + ': ' : ''}${msg}${hint}`;
  }
}

/** A bad command-line or settings value (not tied to a file position). */
export class UsageError extends InputError {
  constructor(message: string, hint?: string) {
    super(message, {}, hint);
    this.name = 'UsageError';
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}

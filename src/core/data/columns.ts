/**
 * Column roles from a CSV header: which columns are the trajectory id, the
 * time, and the (q, p) pairs. Matching is case-insensitive; the returned
 * roles use the header's own spelling. Used by the loader and, on its own, by
 * the VS Code extension to pre-fill its column quick pick.
 */
import { InputError, type SourceLocation } from '../util/errors';
import type { ColumnRoles, LoadOptions } from './types';

export const TRAJECTORY_NAMES = ['trajectory', 'traj', 'run', 'episode', 'trial', 'id'];
export const TIME_NAMES = ['t', 'time'];
/** A lone position and a lone momentum or velocity, paired when they are the only two coordinate columns. */
const POSITION_NAMES = /^(q|x|y|z|r|s|pos|position|theta|θ|phi|φ|angle)$/;
const MOMENTUM_NAMES = /^(p|v|vel|velocity|mom|momentum|omega|ω|w|qdot|xdot|thetadot|dq|dx|dtheta)$/;

export interface DetectOptions extends Pick<LoadOptions, 'q' | 'p' | 'time' | 'trajectory'> {
  /** For error messages only. */
  file?: string;
  /** 1-based file line of the header (default 1), for error messages. */
  line?: number;
}

/** Best-effort detection that never throws (for pre-filling a UI). */
export interface ColumnSuggestion extends ColumnRoles {
  /** Columns that look like a q or p but have no partner. */
  unpaired: string[];
  /** Role names that matched more than one column (e.g. both `t` and `time`). */
  ambiguous: { role: 'time' | 'trajectory'; columns: string[] }[];
}

/**
 * Detect the column roles, honouring overrides in `opts`. Throws InputError
 * (located at the header line) when the header does not determine them.
 */
export function detectColumns(header: string[], opts: DetectOptions = {}): ColumnRoles {
  const where = (name?: string): SourceLocation => {
    const loc: SourceLocation = { file: opts.file, line: opts.line ?? 1 };
    if (name !== undefined) loc.column = header.indexOf(name) + 1;
    return loc;
  };
  const listed = `The header is: ${header.map((h) => h || '(empty)').join(', ')}`;

  // Duplicate names would make every role ambiguous.
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    const key = h.toLowerCase();
    if (key === '') return; // unnamed columns (e.g. a pandas index) are ignored
    if (seen.has(key)) {
      throw new InputError(`column name '${h}' appears twice (columns ${seen.get(key)! + 1} and ${i + 1})`,
        { ...where(), column: i + 1 }, 'Rename one of them');
    }
    seen.set(key, i);
  });
  const find = (name: string, option: string): string => {
    const i = header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
    if (i < 0) throw new InputError(`${option} ${name}: no such column`, where(), `${listed}`);
    return header[i];
  };

  // Explicit overrides first.
  if ((opts.q === undefined) !== (opts.p === undefined)) {
    const [given, missing] = opts.q === undefined ? ['--p', '--q'] : ['--q', '--p'];
    throw new InputError(`${given} was given without ${missing}`, where(),
      `Pass both --q and --p, the positions and momenta in matching order. ${listed}`);
  }
  let q: string[] = [];
  let p: string[] = [];
  if (opts.q && opts.p) {
    if (opts.q.length !== opts.p.length) {
      throw new InputError(`--q names ${opts.q.length} column(s) but --p names ${opts.p.length}`, where(),
        'Give one momentum column per position column, in the same order (q[i] pairs with p[i])');
    }
    if (opts.q.length === 0) throw new InputError('--q and --p name no columns', where(), `Name at least one pair. ${listed}`);
    q = opts.q.map((n) => find(n, '--q'));
    p = opts.p.map((n) => find(n, '--p'));
  }
  const time = opts.time !== undefined ? find(opts.time, '--time') : undefined;
  const trajectory = opts.trajectory !== undefined ? find(opts.trajectory, '--trajectory') : undefined;

  const s = suggest(header, {
    q: opts.q ? q : undefined, p: opts.p ? p : undefined, time, trajectory,
  });
  for (const a of s.ambiguous) {
    throw new InputError(`more than one ${a.role} column: ${a.columns.join(', ')}`, where(a.columns[1]),
      `Pass --${a.role} NAME to choose one`);
  }
  // A column may play one role only.
  const roles = [...s.q, ...s.p, ...(s.time ? [s.time] : []), ...(s.trajectory ? [s.trajectory] : [])];
  const dup = roles.find((r, i) => roles.indexOf(r) !== i);
  if (dup !== undefined) {
    throw new InputError(`column '${dup}' is given more than one role`, where(dup),
      'Each column can be a q, a p, the time or the trajectory id, not several');
  }
  if (!opts.q && s.unpaired.length > 0) {
    const u = s.unpaired[0];
    const isP = /^p(\d*|_.+)$/i.test(u);
    throw new InputError(`${isP ? 'momentum' : 'position'} column '${u}' has no ${isP ? 'position' : 'momentum'} partner`,
      where(u), `Name pairs like q1/p1, q_1/p_1, x/px or theta/p_theta, or pass --q and --p. ${listed}`);
  }
  if (s.q.length === 0) {
    throw new InputError('no (q, p) column pairs found', where(),
      `${listed}. Name the columns q/p, q1/p1, q_1/p_1, x/px or x/p_x, or pass --q NAMES --p NAMES (comma-separated)`);
  }
  const roles2: ColumnRoles = { q: s.q, p: s.p };
  if (s.time !== undefined) roles2.time = s.time;
  if (s.trajectory !== undefined) roles2.trajectory = s.trajectory;
  return roles2;
}

/** Detection without errors: whatever pairs and roles can be found. */
export function suggestColumns(header: string[]): ColumnSuggestion {
  return suggest(header, {});
}

function suggest(header: string[], fixed: Partial<ColumnRoles>): ColumnSuggestion {
  const lower = header.map((h) => h.toLowerCase());
  const ambiguous: ColumnSuggestion['ambiguous'] = [];
  const pickRole = (role: 'time' | 'trajectory', names: string[]): string | undefined => {
    // Columns the user named as q or p are not candidates for other roles.
    const hits = header.filter((h, i) => names.includes(lower[i]) && !fixed.q?.includes(h) && !fixed.p?.includes(h));
    if (hits.length > 1) ambiguous.push({ role, columns: hits });
    return hits[0];
  };
  const time = fixed.time ?? pickRole('time', TIME_NAMES);
  const trajectory = fixed.trajectory ?? pickRole('trajectory', TRAJECTORY_NAMES);
  if (fixed.q && fixed.p) {
    return { q: fixed.q, p: fixed.p, time, trajectory, unpaired: [], ambiguous };
  }

  // Pair the remaining columns. q-prefixed names pair by suffix (q1/p1, q_1/p_1,
  // q/p); any other name X pairs with pX or p_X.
  const free = new Set<number>();
  header.forEach((h, i) => { if (h !== '' && h !== time && h !== trajectory) free.add(i); });
  const index = (name: string) => { const i = lower.indexOf(name); return i >= 0 && free.has(i) ? i : -1; };
  const q: string[] = [];
  const p: string[] = [];
  const claimed = new Set<number>();
  for (const i of free) {
    if (claimed.has(i)) continue;
    const x = lower[i];
    const partners = x.startsWith('q') ? ['p' + x.slice(1), 'p' + x, 'p_' + x] : ['p' + x, 'p_' + x];
    const j = partners.map(index).find((k) => k >= 0 && k !== i && !claimed.has(k));
    if (j === undefined) continue;
    claimed.add(i).add(j);
    q.push(header[i]);
    p.push(header[j]);
  }
  // No named pair, and the only columns besides time and trajectory are an
  // obvious position and momentum/velocity (x, p; q, v; theta, omega): pair them.
  if (q.length === 0 && free.size === 2) {
    const [i, j] = [...free];
    const pos = (k: number) => POSITION_NAMES.test(lower[k]);
    const mom = (k: number) => MOMENTUM_NAMES.test(lower[k]);
    const pair = pos(i) && mom(j) ? [i, j] : pos(j) && mom(i) ? [j, i] : undefined;
    if (pair) return { q: [header[pair[0]]], p: [header[pair[1]]], time, trajectory, unpaired: [], ambiguous };
  }
  // Left-over columns that look like a position or momentum (q, q1, q_x, p,
  // p2, p_x) are mistakes; any other left-over column is extra data, ignored.
  const unpaired = [...free].filter((i) => !claimed.has(i) && /^[qp](\d*|_.+)$/.test(lower[i])).map((i) => header[i]);
  return { q, p, time, trajectory, unpaired, ambiguous };
}

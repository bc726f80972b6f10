import type { ColumnRoles, Trajectory } from './types';

/**
 * Serialise trajectories as CSV with header `trajectory,t,<q...>,<p...>`.
 * Numbers use JavaScript's shortest round-trip form (String(x)), so parsing
 * the output gives back exactly the same float64 values.
 */
export function formatCsv(columns: ColumnRoles, trajectories: Trajectory[]): string {
  const n = columns.q.length;
  if (columns.p.length !== n) {
    throw new Error(`formatCsv: ${n} q columns but ${columns.p.length} p columns`);
  }
  const header = ['trajectory', 't', ...columns.q, ...columns.p].map(quoteField);
  const out: string[] = [header.join(',')];
  for (const tr of trajectories) {
    const id = quoteField(tr.id);
    if (tr.t.length !== tr.states.length) {
      throw new Error(`formatCsv: trajectory ${tr.id} has ${tr.t.length} times but ${tr.states.length} states`);
    }
    for (let k = 0; k < tr.states.length; k++) {
      const s = tr.states[k];
      if (s.length !== 2 * n) {
        throw new Error(`formatCsv: trajectory ${tr.id} sample ${k} has ${s.length} values, expected ${2 * n}`);
      }
      const row = [id, num(tr.t[k])];
      for (let j = 0; j < 2 * n; j++) row.push(num(s[j]));
      out.push(row.join(','));
    }
  }
  return out.join('\n') + '\n';
}

/** Shortest round-trip decimal; keeps the sign of -0. Non-finite values would not load back. */
function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`formatCsv: non-finite value ${x}`);
  return Object.is(x, -0) ? '-0' : String(x);
}

/** RFC 4180 quoting, only when needed. (The loader trims fields, so surrounding spaces in ids do not survive.) */
function quoteField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * How many learned quantities are independent: the number of singular values
 * of the stacked quantities that stand clearly above the rest (docs/method.md §7).
 *
 * Rule (scale-free: multiplying every σ by a constant changes nothing, except
 * for the absolute floor that only catches an all-zero spectrum):
 *  1. Candidates are the σ_i with σ_i ≥ relThreshold · σ_1 and σ_i ≥ absFloor.
 *     None → rank 0.
 *  2. With m candidates, the gap after position r (1 ≤ r ≤ m) is
 *     g_r = σ_r / σ_{r+1}; past the last singular value (every learned
 *     quantity is a candidate) the threshold stands in for the missing next
 *     value: g = σ_r / (relThreshold · σ_1).
 *     (Only candidates can end the top group, so a gap between two noise
 *     values far below σ_1 never decides the rank.)
 *  3. rank = the r with the largest g_r (the smallest r on a tie).
 *  4. ambiguous when the chosen gap is weak (g < minGap) or another
 *     candidate position has a gap at least half as large (competing cut).
 */

export interface RankOptions {
  /** σ_i/σ_1 below this never counts (default 0.02). */
  relThreshold?: number;
  /** σ_1 below this means rank 0 (default 1e-6; σ in the model's unit-scale coordinates). */
  absFloor?: number;
  /** A gap weaker than this makes the rank ambiguous (default 3). */
  minGap?: number;
}

export const RANK_DEFAULTS: Required<RankOptions> = { relThreshold: 0.02, absFloor: 1e-6, minGap: 3 };

export interface RankDecision {
  rank: number;
  ambiguous: boolean;
  /** g_r for r = 1..m (the candidates). */
  gaps: number[];
  /** Ratio at the chosen cut (Infinity for rank 0 with a zero spectrum). */
  gap: number;
  /** Human-readable reason, for warnings. */
  reason: string;
}

export function decideRank(singularValues: readonly number[], options: RankOptions = {}): RankDecision {
  const { relThreshold, absFloor, minGap } = { ...RANK_DEFAULTS, ...options };
  const s = [...singularValues].map((v) => Math.abs(v)).sort((a, b) => b - a);
  if (s.some((v) => !Number.isFinite(v))) throw new Error('decideRank: singular values must be finite');
  const s1 = s[0] ?? 0;
  if (!(s1 >= absFloor)) {
    return { rank: 0, ambiguous: false, gaps: [], gap: Infinity, reason: `all singular values are below ${absFloor}: no conserved quantity was learned` };
  }
  const cut = relThreshold * s1;
  const m = s.filter((v) => v >= cut && v >= absFloor).length;
  const gaps: number[] = [];
  for (let r = 1; r <= m; r++) gaps.push(s[r - 1] / (r < s.length ? s[r] : cut));
  let best = 0;
  for (let r = 1; r < m; r++) if (gaps[r] > gaps[best]) best = r;
  const rank = best + 1;
  const gap = gaps[best];
  const rivals = gaps.filter((g, i) => i !== best && g >= 0.5 * gap);
  const ambiguous = gap < minGap || rivals.length > 0;
  let reason = `${rank} singular value${rank === 1 ? '' : 's'} stand${rank === 1 ? 's' : ''} above the rest by a factor ${gap.toPrecision(3)}`;
  if (gap < minGap) reason = `no clear gap in the singular values (best ratio ${gap.toPrecision(3)} < ${minGap} after position ${rank})`;
  else if (rivals.length > 0) {
    const other = gaps.findIndex((g, i) => i !== best && g >= 0.5 * gap) + 1;
    reason = `two competing gaps in the singular values: after position ${rank} (ratio ${gap.toPrecision(3)}) and after position ${other} (ratio ${gaps[other - 1].toPrecision(3)})`;
  }
  return { rank, ambiguous, gaps, gap, reason };
}

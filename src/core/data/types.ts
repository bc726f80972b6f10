/** Which CSV column plays which role. q[i] pairs with p[i]. */
export interface ColumnRoles {
  q: string[];
  p: string[];
  time?: string;
  trajectory?: string;
}

/** One trajectory: samples in time order. states[k] = (q_1..q_n, p_1..p_n). */
export interface Trajectory {
  id: string;
  t: Float64Array;
  states: Float64Array[];
  /** 1-based file line of each sample (for error messages); absent for simulated data. */
  lines?: number[];
}

export interface Dataset {
  /** Path as given by the user ("<memory>" for simulated data). */
  file: string;
  /** sha256 of the file's bytes (hex); "" for in-memory data. */
  sha256: string;
  columns: ColumnRoles;
  /** Phase-space dimension M = 2n. */
  dim: number;
  trajectories: Trajectory[];
  /** Number of consecutive-sample pairs over all trajectories. */
  transitions: number;
  /** Field delimiter detected in the file (`,` `\t` or `;`); absent for in-memory data. */
  delimiter?: string;
  /** Named header columns that play no role (extra data, ignored by the loader). */
  ignoredColumns?: string[];
}

/** Options that override column detection (CLI: --q --p --time --trajectory --dt). */
export interface LoadOptions {
  q?: string[];
  p?: string[];
  time?: string;
  trajectory?: string;
  /** Constant time step; required when there is no time column. */
  dt?: number;
  /** Refuse files larger than this many bytes (default 512 MiB). */
  maxBytes?: number;
  /** Accept coordinates of any finite magnitude (default: refuse |x| outside 1e-100…1e100, which the verdicts' squares cannot hold). */
  anyMagnitude?: boolean;
  /**
   * Called while a file is loaded: once per 10 % of its bytes read, then once
   * per 10 % of its text parsed (each phase ends with done === total).
   */
  onProgress?: (p: LoadProgress) => void;
}

/** How far the loader is: `done` of `total` bytes read, or characters parsed. */
export interface LoadProgress {
  file: string;
  phase: 'reading' | 'parsing';
  done: number;
  total: number;
}

/** Training pairs, flattened row-major: x0[i*dim + j]. */
export interface Transitions {
  dim: number;
  count: number;
  x0: Float64Array;
  x1: Float64Array;
  dt: Float64Array;
}

export function toTransitions(ds: Pick<Dataset, 'dim' | 'trajectories'>): Transitions {
  let count = 0;
  for (const tr of ds.trajectories) count += Math.max(0, tr.states.length - 1);
  const dim = ds.dim;
  const x0 = new Float64Array(count * dim);
  const x1 = new Float64Array(count * dim);
  const dt = new Float64Array(count);
  let i = 0;
  for (const tr of ds.trajectories) {
    for (let k = 0; k + 1 < tr.states.length; k++, i++) {
      x0.set(tr.states[k], i * dim);
      x1.set(tr.states[k + 1], i * dim);
      dt[i] = tr.t[k + 1] - tr.t[k];
    }
  }
  return { dim, count, x0, x1, dt };
}

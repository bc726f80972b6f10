/**
 * Accurate float64 integration of an autonomous ODE dx/dt = f(x): the
 * Dormand–Prince 8(5,3) pair "DOP853" (Hairer, Nørsett & Wanner, Solving
 * ODEs I, §II.10) with adaptive step-size control. Used to make reference
 * trajectories, so accuracy matters more than speed: the default tolerances
 * (1e-12) keep the relative energy drift of our test systems below 1e-10.
 *
 * We step to each requested sample time exactly (the last step before a
 * sample is shortened to land on it) instead of using dense output: simpler,
 * and it costs only a few extra steps per sample.
 */

/** Vector field: write f(x) into `out` (same length as x). Must not keep references. */
export type VectorField = (x: Float64Array, out: Float64Array) => void;

export interface IntegrateOptions {
  /** Relative tolerance (default 1e-12). */
  rtol?: number;
  /** Absolute tolerance (default 1e-12). */
  atol?: number;
  /** Give up after this many attempted steps in total (default 1e6). */
  maxSteps?: number;
  /** Upper bound on the step size (default: unbounded). */
  maxStep?: number;
}

export interface IntegrateStats {
  /** Accepted steps. */
  accepted: number;
  /** Rejected steps. */
  rejected: number;
  /** Vector-field evaluations. */
  evaluations: number;
}

/** The integrator could not reach the requested time (too many steps, step size underflow, NaN). */
export class IntegrationError extends Error {
  constructor(message: string, readonly t: number) {
    super(message);
    this.name = 'IntegrationError';
  }
}

// ---- DOP853 coefficients (Hairer's dop853.f; the same values as SciPy's dop853_coefficients.py) ----

export const C = [ // the nodes c_i, kept with the tableau (the stepper does not need them)
  0.0, 0.526001519587677318785587544488e-1, 0.789002279381515978178381316732e-1, 0.11835034190722739672675719751,
  0.28164965809277260327324280249, 0.333333333333333333333333333333, 0.25, 0.307692307692307692307692307692,
  0.651282051282051282051282051282, 0.6, 0.857142857142857142857142857142, 1.0,
];

/** A[i] holds the nonzero row i of the Butcher matrix as [column, value] pairs. */
const A: Array<Array<[number, number]>> = [
  [],
  [[0, 5.26001519587677318785587544488e-2]],
  [[0, 1.97250569845378994544595329183e-2], [1, 5.91751709536136983633785987549e-2]],
  [[0, 2.95875854768068491816892993775e-2], [2, 8.87627564304205475450678981324e-2]],
  [[0, 2.41365134159266685502369798665e-1], [2, -8.84549479328286085344864962717e-1], [3, 9.24834003261792003115737966543e-1]],
  [[0, 3.7037037037037037037037037037e-2], [3, 1.70828608729473871279604482173e-1], [4, 1.25467687566822425016691814123e-1]],
  [[0, 3.7109375e-2], [3, 1.70252211019544039314978060272e-1], [4, 6.02165389804559606850219397283e-2], [5, -1.7578125e-2]],
  [
    [0, 3.70920001185047927108779319836e-2], [3, 1.70383925712239993810214054705e-1], [4, 1.07262030446373284651809199168e-1],
    [5, -1.53194377486244017527936158236e-2], [6, 8.27378916381402288758473766002e-3],
  ],
  [
    [0, 6.24110958716075717114429577812e-1], [3, -3.36089262944694129406857109825], [4, -8.68219346841726006818189891453e-1],
    [5, 2.75920996994467083049415600797e1], [6, 2.01540675504778934086186788979e1], [7, -4.34898841810699588477366255144e1],
  ],
  [
    [0, 4.77662536438264365890433908527e-1], [3, -2.48811461997166764192642586468], [4, -5.90290826836842996371446475743e-1],
    [5, 2.12300514481811942347288949897e1], [6, 1.52792336328824235832596922938e1], [7, -3.32882109689848629194453265587e1],
    [8, -2.03312017085086261358222928593e-2],
  ],
  [
    [0, -9.3714243008598732571704021658e-1], [3, 5.18637242884406370830023853209], [4, 1.09143734899672957818500254654],
    [5, -8.14978701074692612513997267357], [6, -1.85200656599969598641566180701e1], [7, 2.27394870993505042818970056734e1],
    [8, 2.49360555267965238987089396762], [9, -3.0467644718982195003823669022],
  ],
  [
    [0, 2.27331014751653820792359768449], [3, -1.05344954667372501984066689879e1], [4, -2.00087205822486249909675718444],
    [5, -1.79589318631187989172765950534e1], [6, 2.79488845294199600508499808837e1], [7, -2.85899827713502369474065508674],
    [8, -8.87285693353062954433549289258], [9, 1.23605671757943030647266201528e1], [10, 6.43392746015763530355970484046e-1],
  ],
];

/** 8th-order weights (the FSAL row A[12] of the extended tableau). */
const B = [
  5.42937341165687622380535766363e-2, 0, 0, 0, 0, 4.45031289275240888144113950566, 1.89151789931450038304281599044,
  -5.8012039600105847814672114227, 3.1116436695781989440891606237e-1, -1.52160949662516078556178806805e-1,
  2.01365400804030348374776537501e-1, 4.47106157277725905176885569043e-2,
];

/** Error weights of the embedded 3rd-order estimate: B minus the 3rd-order weights. */
const E3 = B.slice();
E3[0] -= 0.244094488188976377952755905512;
E3[8] -= 0.733846688281611857341361741547;
E3[11] -= 0.220588235294117647058823529412e-1;

/** Error weights of the embedded 5th-order estimate. */
const E5 = [
  0.1312004499419488073250102996e-1, 0, 0, 0, 0, -0.1225156446376204440720569753e1, -0.4957589496572501915214079952,
  0.1664377182454986536961530415e1, -0.350328848749973681688648729, 0.3341791187130174790297318841,
  0.8192320648511571246570742613e-1, -0.2235530786388629525884427845e-1,
];

const STAGES = 12;
const SAFETY = 0.9;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 10;
/** Step-size exponent −1/(q+1) with q = 7, the order of the error estimate. */
const ERROR_EXPONENT = -1 / 8;

/**
 * Integrate dx/dt = f(x) from x(t0) = x0 and return x at each of `times`
 * (non-decreasing, all ≥ t0). Returns fresh arrays; x0 is not modified.
 */
export function integrate(
  f: VectorField,
  x0: Float64Array,
  t0: number,
  times: ArrayLike<number>,
  options: IntegrateOptions = {},
  stats?: IntegrateStats,
): Float64Array[] {
  const rtol = options.rtol ?? 1e-12;
  const atol = options.atol ?? 1e-12;
  const maxSteps = options.maxSteps ?? 1_000_000;
  const maxStep = options.maxStep ?? Infinity;
  if (!(rtol > 0) || !(atol > 0)) throw new RangeError('integrate: rtol and atol must be positive');
  const n = x0.length;
  const x = Float64Array.from(x0);
  const K: Float64Array[] = Array.from({ length: STAGES + 1 }, () => new Float64Array(n));
  const xStage = new Float64Array(n);
  const xNew = new Float64Array(n);
  const out: Float64Array[] = [];
  const st = stats ?? { accepted: 0, rejected: 0, evaluations: 0 };

  let t = t0;
  f(x, K[0]); // K[0] holds f(x) at the start of each step (first-same-as-last)
  st.evaluations++;
  let h = NaN; // proposed step size, chosen on the first interval of nonzero length
  let attempts = 0;

  for (let s = 0; s < times.length; s++) {
    const target = times[s];
    if (!(target >= t)) {
      throw new RangeError(`integrate: sample times must be non-decreasing and ≥ t0 (got ${target} after ${t})`);
    }
    while (t < target) {
      if (Number.isNaN(h)) {
        h = initialStep(f, x, K[0], target - t, rtol, atol);
        st.evaluations++;
      }
      h = Math.min(h, maxStep);
      let rejectedBefore = false;
      for (;;) {
        if (++attempts > maxSteps) {
          throw new IntegrationError(`integrator exceeded ${maxSteps} steps before t = ${target} (reached t = ${t})`, t);
        }
        const minStep = 10 * (nextUp(t) - t);
        if (!(h >= minStep)) throw new IntegrationError(`integrator step size underflow at t = ${t}`, t);
        // Land exactly on the sample time; remember the unclipped proposal.
        const clipped = t + h >= target;
        const hTry = clipped ? target - t : h;
        step(f, x, hTry, K, xStage, xNew);
        st.evaluations += STAGES - 1;
        const err = errorNorm(K, hTry, x, xNew, rtol, atol);
        if (err < 1) {
          let factor = err === 0 ? MAX_FACTOR : Math.min(MAX_FACTOR, SAFETY * err ** ERROR_EXPONENT);
          if (rejectedBefore) factor = Math.min(1, factor);
          t = clipped ? target : t + hTry;
          x.set(xNew);
          f(x, K[0]);
          st.evaluations++;
          st.accepted++;
          // A step shortened to hit a sample says nothing against the longer proposal.
          h = clipped ? Math.max(hTry * factor, h) : hTry * factor;
          break;
        }
        if (!Number.isFinite(err)) {
          // NaN/Inf in the stages: shrink hard; if the state itself is bad, stop.
          if (!x.every(Number.isFinite)) throw new IntegrationError(`state became non-finite at t = ${t}`, t);
          h = hTry * MIN_FACTOR;
        } else {
          h = hTry * Math.max(MIN_FACTOR, SAFETY * err ** ERROR_EXPONENT);
        }
        rejectedBefore = true;
        st.rejected++;
      }
    }
    out.push(Float64Array.from(x));
  }
  return out;
}

/** One DOP853 step of size h from x (with K[0] = f(x)); fills K[1..11] and xNew. */
function step(f: VectorField, x: Float64Array, h: number, K: Float64Array[], xStage: Float64Array, xNew: Float64Array): void {
  const n = x.length;
  for (let i = 1; i < STAGES; i++) {
    const row = A[i];
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (const [c, a] of row) acc += a * K[c][j];
      xStage[j] = x[j] + h * acc;
    }
    f(xStage, K[i]);
  }
  for (let j = 0; j < n; j++) {
    let acc = 0;
    for (let i = 0; i < STAGES; i++) if (B[i] !== 0) acc += B[i] * K[i][j];
    xNew[j] = x[j] + h * acc;
  }
}

/**
 * Scaled error norm of the step (Hairer's DOP853 estimate combining the
 * 5th- and 3rd-order embedded solutions); < 1 means accept.
 */
function errorNorm(K: Float64Array[], h: number, x: Float64Array, xNew: Float64Array, rtol: number, atol: number): number {
  const n = x.length;
  let e5 = 0;
  let e3 = 0;
  for (let j = 0; j < n; j++) {
    const scale = atol + rtol * Math.max(Math.abs(x[j]), Math.abs(xNew[j]));
    let s5 = 0;
    let s3 = 0;
    for (let i = 0; i < STAGES; i++) {
      s5 += E5[i] * K[i][j];
      s3 += E3[i] * K[i][j];
    }
    e5 += (s5 / scale) ** 2;
    e3 += (s3 / scale) ** 2;
  }
  if (e5 === 0 && e3 === 0) return 0;
  return (Math.abs(h) * e5) / Math.sqrt((e5 + 0.01 * e3) * n);
}

/** Hairer's starting step-size heuristic (Solving ODEs I, §II.4). */
function initialStep(f: VectorField, x: Float64Array, f0: Float64Array, interval: number, rtol: number, atol: number): number {
  const n = x.length;
  let d0 = 0;
  let d1 = 0;
  for (let j = 0; j < n; j++) {
    const scale = atol + rtol * Math.abs(x[j]);
    d0 += (x[j] / scale) ** 2;
    d1 += (f0[j] / scale) ** 2;
  }
  d0 = Math.sqrt(d0 / n);
  d1 = Math.sqrt(d1 / n);
  let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  h0 = Math.min(h0, interval);
  const x1 = new Float64Array(n);
  for (let j = 0; j < n; j++) x1[j] = x[j] + h0 * f0[j];
  const f1 = new Float64Array(n);
  f(x1, f1);
  let d2 = 0;
  for (let j = 0; j < n; j++) {
    const scale = atol + rtol * Math.abs(x[j]);
    d2 += ((f1[j] - f0[j]) / scale) ** 2;
  }
  d2 = Math.sqrt(d2 / n) / h0;
  const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / 8);
  return Math.min(100 * h0, h1);
}

/** The next float64 above t (for the step-size underflow guard). */
function nextUp(t: number): number {
  if (t === 0) return Number.MIN_VALUE;
  const buf = new Float64Array([t]);
  const bits = new BigInt64Array(buf.buffer);
  bits[0] += t > 0 ? 1n : -1n;
  return buf[0];
}

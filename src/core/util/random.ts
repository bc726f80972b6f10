/**
 * A small seeded pseudo-random generator: xoshiro128** (Blackman & Vigna),
 * its 128-bit state filled by splitmix32 from a 32-bit key. Everything is
 * 32-bit integer arithmetic (Math.imul, >>>), so the uniform stream is
 * bit-identical on every platform and run. Normals use the Marsaglia polar
 * method (Math.log/Math.sqrt: identical on every Node/V8 build we ship to).
 *
 * Independent streams: `fork(i)` derives a child generator from this
 * generator's key and the stream index alone (not from how many numbers
 * were drawn), so `new Random(seed).fork(3)` is always the same stream and
 * different indices give unrelated streams.
 */

/** splitmix32 step: returns [next state, output]. Good avalanche from any 32-bit input. */
function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  z = z ^ (z >>> 15);
  return [state, z >>> 0];
}

/** Hash two 32-bit integers into one (used to derive child keys). */
function mix2(a: number, b: number): number {
  const [, ha] = splitmix32(a | 0);
  const [, hb] = splitmix32((ha ^ Math.imul(b | 0, 0x85ebca6b)) | 0);
  return hb;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const TWO_POW_M53 = 1 / 9007199254740992; // 2^-53

export class Random {
  /** The 32-bit key this generator was seeded from (children are derived from it). */
  readonly key: number;
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /** Second normal from the last polar-method draw, or NaN when none is cached. */
  private spare = NaN;

  /**
   * @param seed any finite number; it is reduced to a 32-bit integer
   *   (non-integers are truncated), so seeds 0..2^32-1 give distinct streams.
   */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`Random: seed must be a finite number, got ${seed}`);
    this.key = Math.trunc(seed) >>> 0;
    let st = this.key;
    let out: number;
    [st, out] = splitmix32(st); this.s0 = out | 0;
    [st, out] = splitmix32(st); this.s1 = out | 0;
    [st, out] = splitmix32(st); this.s2 = out | 0;
    [st, out] = splitmix32(st); this.s3 = out | 0;
    // xoshiro's only bad state is all zeros; splitmix32 cannot produce four zeros in a row
    // from consecutive states, but guard anyway.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /**
   * Generator with an explicit xoshiro128** state (for checking against the
   * reference implementation's published outputs; not for normal use).
   */
  static fromState(s0: number, s1: number, s2: number, s3: number): Random {
    const r = new Random(0);
    r.s0 = s0 | 0; r.s1 = s1 | 0; r.s2 = s2 | 0; r.s3 = s3 | 0;
    return r;
  }

  /**
   * Child generator for stream `stream`; depends only on (key, stream). Streams
   * are taken modulo 2^32 (stream and stream + 2^32 are the same stream).
   */
  fork(stream: number): Random {
    if (!Number.isInteger(stream)) throw new RangeError(`Random.fork: stream must be an integer, got ${stream}`);
    return new Random(mix2(this.key, stream));
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** Uniform in [0, 1) with 53 random bits (every double of the form k·2^-53). */
  next(): number {
    const hi = this.nextUint32() >>> 6; // 26 bits
    const lo = this.nextUint32() >>> 5; // 27 bits
    return (hi * 134217728 + lo) * TWO_POW_M53;
  }

  /** Uniform in [a, b). */
  uniform(a = 0, b = 1): number {
    return a + (b - a) * this.next();
  }

  /** Uniform integer in [0, n). n must be a positive integer ≤ 2^32. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) throw new RangeError(`Random.int: bad bound ${n}`);
    return Math.floor(this.next() * n);
  }

  /** Standard normal N(0, 1) (Marsaglia polar method; the pair's second value is cached). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = NaN;
      return s;
    }
    let u: number, v: number, r2: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      r2 = u * u + v * v;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.spare = v * f;
    return u * f;
  }

  /** Normal with the given mean and standard deviation. */
  gaussian(mean = 0, std = 1): number {
    return mean + std * this.normal();
  }

  /** Fill `out` with N(mean, std²) draws and return it. */
  fillNormal<T extends Float64Array | Float32Array>(out: T, mean = 0, std = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** Fill `out` with uniform draws in [a, b) and return it. */
  fillUniform<T extends Float64Array | Float32Array>(out: T, a = 0, b = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = a + (b - a) * this.next();
    return out;
  }

  /** In-place Fisher–Yates shuffle. */
  shuffle<A extends { length: number; [i: number]: unknown }>(arr: A): A {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp;
    }
    return arr;
  }
}

/** Fresh generator for a (seed, stream) pair: the same as `new Random(seed).fork(stream)`. */
export function streamRandom(seed: number, stream: number): Random {
  return new Random(seed).fork(stream);
}

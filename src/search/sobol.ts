import type { Rng } from '../core/index.js';

/**
 * Primitive polynomials and initial direction numbers of Joe & Kuo (2008, "Constructing Sobol
 * sequences with better two-dimensional projections", new-joe-kuo-6.21201) for dimensions 2–16;
 * dimension 1 is the van der Corput sequence. Each row: degree s, coefficients a, m_1…m_s.
 */
const JOE_KUO: readonly (readonly [number, number, readonly number[]])[] = [
  [1, 0, [1]],
  [2, 1, [1, 3]],
  [3, 1, [1, 3, 1]],
  [3, 2, [1, 1, 1]],
  [4, 1, [1, 1, 3, 3]],
  [4, 4, [1, 3, 5, 13]],
  [5, 2, [1, 1, 5, 5, 17]],
  [5, 4, [1, 1, 5, 5, 5]],
  [5, 7, [1, 1, 7, 11, 19]],
  [5, 11, [1, 1, 5, 1, 1]],
  [5, 13, [1, 1, 1, 3, 11]],
  [5, 14, [1, 3, 5, 5, 31]],
  [6, 1, [1, 3, 3, 9, 7, 49]],
  [6, 13, [1, 1, 1, 15, 21, 21]],
  [6, 16, [1, 3, 1, 13, 27, 49]],
];

const BITS = 30;

/** Dimensions with true Sobol coordinates; later ones fall back to seeded uniform draws. */
export const SOBOL_MAX_DIMENSIONS = JOE_KUO.length + 1;

function directionNumbers(dimension: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dimension === 0) {
    for (let i = 0; i < BITS; i++) v[i] = 1 << (BITS - 1 - i);
    return v;
  }
  const [s, a, m] = JOE_KUO[dimension - 1] as (typeof JOE_KUO)[number];
  for (let i = 0; i < Math.min(s, BITS); i++) v[i] = ((m[i] as number) << (BITS - 1 - i)) >>> 0;
  for (let i = s; i < BITS; i++) {
    let x = (v[i - s] as number) ^ ((v[i - s] as number) >>> s);
    for (let k = 1; k < s; k++) if ((a >>> (s - 1 - k)) & 1) x ^= v[i - k] as number;
    v[i] = x >>> 0;
  }
  return v;
}

/**
 * A Sobol low-discrepancy sequence in [0, 1)^d (Gray-code construction, Antonov & Saleev 1979),
 * randomised by a seeded digital shift (XOR) so every seed sees a different, equally uniform
 * point set. Beyond `SOBOL_MAX_DIMENSIONS` the extra coordinates are plain seeded uniforms.
 */
export class SobolSequence {
  readonly dimensions: number;
  private readonly directions: Uint32Array[];
  private readonly shift: Uint32Array;
  private readonly state: Uint32Array;
  private readonly rng: Rng;
  private index = 0;

  constructor(dimensions: number, rng: Rng, scramble = true) {
    this.dimensions = dimensions;
    this.rng = rng;
    const sobolDims = Math.min(dimensions, SOBOL_MAX_DIMENSIONS);
    this.directions = Array.from({ length: sobolDims }, (_, d) => directionNumbers(d));
    this.shift = Uint32Array.from({ length: sobolDims }, () => (scramble ? rng.nextUint32() >>> (32 - BITS) : 0));
    this.state = new Uint32Array(sobolDims);
  }

  /** The next point (the first one is the shifted origin). */
  next(): number[] {
    const out = new Array<number>(this.dimensions);
    for (let d = 0; d < this.state.length; d++) out[d] = (((this.state[d] as number) ^ (this.shift[d] as number)) >>> 0) / 2 ** BITS;
    for (let d = this.state.length; d < this.dimensions; d++) out[d] = this.rng.next();
    // Gray code: point i+1 differs from point i by the direction number of i's lowest zero bit.
    let c = 0;
    for (let i = this.index; i & 1; i >>>= 1) c++;
    if (c < BITS) for (let d = 0; d < this.state.length; d++) this.state[d] = ((this.state[d] as number) ^ (this.directions[d] as Uint32Array)[c]!) >>> 0;
    this.index++;
    return out;
  }
}

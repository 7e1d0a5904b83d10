import { InvalidInputError } from '../core/index.js';

/**
 * Gaussian-process regression with an ARD Matérn-5/2 kernel and Gaussian noise (Rasmussen &
 * Williams 2006, ch. 2 and 5), on inputs in [0, 1] (the spaces' encodings) and standardised
 * targets. Hyperparameters (one length scale per input column, the signal and the noise variance)
 * maximise the log marginal likelihood: Adam on their logarithms from a few starts, inside bounds.
 *
 * Written on flat Float64Arrays rather than ml-matrix's Matrix: one hyperparameter fit factorises
 * the kernel matrix a few hundred times, and a search refits after every measurement.
 */
export interface GaussianProcessOptions {
  /** Adam steps per start of the hyperparameter fit. */
  readonly steps: number;
  readonly learningRate: number;
  /** Bounds of the log length scales, log signal variance and log noise variance. */
  readonly logLengthScale: readonly [number, number];
  readonly logSignal: readonly [number, number];
  readonly logNoise: readonly [number, number];
}

export const DEFAULT_GP_OPTIONS: GaussianProcessOptions = {
  steps: 120,
  learningRate: 0.08,
  logLengthScale: [Math.log(0.02), Math.log(20)],
  logSignal: [-3, 3],
  logNoise: [-9, 1],
};

const SQRT5 = Math.sqrt(5);
/** Added to the kernel's diagonal on top of the noise, for a stable factorisation. */
const JITTER = 1e-6;
/** Candidates per block of `predict`'s triangular solves. */
const PREDICT_BLOCK = 32;

/** log length scales (one per column), then log signal variance, then log noise variance. */
export type GpHyperparameters = readonly number[];

/** The hyperparameters a fit starts from when it has no earlier fit: length scale 0.5, unit signal, noise 0.1. */
export function defaultHyperparameters(columns: number): number[] {
  return [...new Array<number>(columns).fill(Math.log(0.5)), 0, Math.log(0.1)];
}

/** A fitted GP: the training inputs, the factorised kernel matrix and the weights it predicts with. */
export class GaussianProcess {
  readonly n: number;
  readonly columns: number;
  private readonly x: Float64Array;
  private readonly lengthScale: Float64Array;
  private readonly signal: number;
  private readonly chol: Float64Array;
  private readonly alpha: Float64Array;

  private constructor(x: Float64Array, n: number, columns: number, y: Float64Array, readonly theta: GpHyperparameters) {
    this.n = n;
    this.columns = columns;
    this.x = x;
    this.lengthScale = Float64Array.from(theta.slice(0, columns), Math.exp);
    this.signal = Math.exp(theta[columns] as number);
    const noise = Math.exp(theta[columns + 1] as number);
    const k = kernelMatrix(x, n, columns, this.lengthScale, this.signal, noise + JITTER);
    const chol = cholesky(k, n);
    if (!chol) throw new Error('Gaussian process: the kernel matrix is not positive definite');
    this.chol = chol;
    this.alpha = cholSolve(chol, n, y);
  }

  /**
   * Fits the hyperparameters on `rows` (n × columns, values in about [0, 1]) and standardised
   * `targets`, starting from each of `starts` (the defaults when empty), and keeps the best.
   */
  static fit(rows: readonly ArrayLike<number>[], targets: readonly number[], starts: readonly GpHyperparameters[] = [], options: GaussianProcessOptions = DEFAULT_GP_OPTIONS): GaussianProcess {
    const n = rows.length;
    if (n < 1 || targets.length !== n) throw new InvalidInputError(`Gaussian process fit needs one target per row, but got ${targets.length} targets for ${n} rows`);
    const columns = rows[0]?.length ?? 0;
    const x = flatten(rows, columns);
    const y = Float64Array.from(targets);
    const tried = starts.length > 0 ? starts : [defaultHyperparameters(columns)];
    let best: { theta: number[]; value: number } | undefined;
    for (const start of tried) {
      if (start.length !== columns + 2) throw new InvalidInputError(`Gaussian process start has ${start.length} hyperparameters, but ${columns} columns need ${columns + 2}`);
      const result = maximiseEvidence(x, n, columns, y, start, options);
      if (!best || result.value > best.value) best = result;
    }
    return new GaussianProcess(x, n, columns, y, (best as { theta: number[] }).theta);
  }

  /** The same hyperparameters on other data (no fit): e.g. with fantasised observations added. */
  static withHyperparameters(rows: readonly ArrayLike<number>[], targets: readonly number[], theta: GpHyperparameters): GaussianProcess {
    const columns = rows[0]?.length ?? 0;
    return new GaussianProcess(flatten(rows, columns), rows.length, columns, Float64Array.from(targets), theta);
  }

  /** Log marginal likelihood of `targets` under `theta` and its gradient in θ (for tests and diagnostics). */
  static logEvidence(rows: readonly ArrayLike<number>[], targets: readonly number[], theta: GpHyperparameters): { value: number; gradient: number[] } {
    const columns = rows[0]?.length ?? 0;
    return evidence(flatten(rows, columns), rows.length, columns, Float64Array.from(targets), theta, true);
  }

  /**
   * Posterior mean and standard deviation of the latent function (noise excluded) at each row.
   * The variance needs a triangular solve per row, O(n²) each, most of a long bo run's proposal
   * time. Rows are solved in blocks sharing each row of L while it is in cache; every row's sums run
   * in the same order as one row at a time, so the results are the same to the bit.
   */
  predict(rows: readonly ArrayLike<number>[]): { mean: number[]; std: number[] } {
    const mean: number[] = [];
    const std: number[] = [];
    const { n, columns, chol, alpha } = this;
    const block = Math.min(PREDICT_BLOCK, rows.length);
    const ks = new Float64Array(block * n);
    const z = new Float64Array(block * n);
    for (let start = 0; start < rows.length; start += block) {
      const m = Math.min(block, rows.length - start);
      for (let r = 0; r < m; r++) {
        const row = rows[start + r] as ArrayLike<number>;
        for (let i = 0; i < n; i++) ks[r * n + i] = matern(this.x, i * columns, row, 0, columns, this.lengthScale, this.signal);
      }
      // Forward substitution L z = k for the block. Each row's sum is one chain of dependent
      // subtractions, so four rows go side by side to keep the floating-point unit busy.
      for (let i = 0; i < n; i++) {
        const li = i * n;
        const diagonal = chol[li + i] as number;
        let r = 0;
        for (; r + 4 <= m; r += 4) {
          const z0 = r * n;
          const z1 = z0 + n;
          const z2 = z1 + n;
          const z3 = z2 + n;
          let s0 = ks[z0 + i] as number;
          let s1 = ks[z1 + i] as number;
          let s2 = ks[z2 + i] as number;
          let s3 = ks[z3 + i] as number;
          for (let k = 0; k < i; k++) {
            const l = chol[li + k] as number;
            s0 -= l * (z[z0 + k] as number);
            s1 -= l * (z[z1 + k] as number);
            s2 -= l * (z[z2 + k] as number);
            s3 -= l * (z[z3 + k] as number);
          }
          z[z0 + i] = s0 / diagonal;
          z[z1 + i] = s1 / diagonal;
          z[z2 + i] = s2 / diagonal;
          z[z3 + i] = s3 / diagonal;
        }
        for (; r < m; r++) {
          const zr = r * n;
          let s = ks[zr + i] as number;
          for (let k = 0; k < i; k++) s -= (chol[li + k] as number) * (z[zr + k] as number);
          z[zr + i] = s / diagonal;
        }
      }
      for (let r = 0; r < m; r++) {
        const zr = r * n;
        let mu = 0;
        for (let i = 0; i < n; i++) mu += (ks[zr + i] as number) * (alpha[i] as number);
        let vv = 0;
        for (let i = 0; i < n; i++) vv += (z[zr + i] as number) ** 2;
        mean.push(mu);
        std.push(Math.sqrt(Math.max(this.signal - vv, 1e-12)));
      }
    }
    return { mean, std };
  }
}

function flatten(rows: readonly ArrayLike<number>[], columns: number): Float64Array {
  const x = new Float64Array(rows.length * columns);
  rows.forEach((r, i) => {
    if (r.length !== columns) throw new InvalidInputError(`Gaussian process rows must all have ${columns} columns, but row ${i} has ${r.length}`);
    for (let j = 0; j < columns; j++) x[i * columns + j] = r[j] as number;
  });
  return x;
}

/** Matérn 5/2 between row a of `xa` (offset) and row b of `xb`. */
function matern(xa: ArrayLike<number>, a: number, xb: ArrayLike<number>, b: number, columns: number, lengthScale: Float64Array, signal: number): number {
  let d2 = 0;
  for (let j = 0; j < columns; j++) {
    const d = ((xa[a + j] as number) - (xb[b + j] as number)) / (lengthScale[j] as number);
    d2 += d * d;
  }
  const r = SQRT5 * Math.sqrt(d2);
  return signal * (1 + r + (r * r) / 3) * Math.exp(-r);
}

function kernelMatrix(x: Float64Array, n: number, columns: number, lengthScale: Float64Array, signal: number, diagonal: number): Float64Array {
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    k[i * n + i] = signal + diagonal;
    for (let j = 0; j < i; j++) {
      const v = matern(x, i * columns, x, j * columns, columns, lengthScale, signal);
      k[i * n + j] = v;
      k[j * n + i] = v;
    }
  }
  return k;
}

/** Lower Cholesky factor (row-major n × n), or undefined when `a` is not positive definite. */
export function cholesky(a: Float64Array, n: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * n + k] as number) * (l[j * n + k] as number);
      if (i === j) {
        if (!(s > 0)) return undefined;
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / (l[j * n + j] as number);
      }
    }
  }
  return l;
}

/** Solves L z = b. */
function forwardSolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * n + k] as number) * (z[k] as number);
    z[i] = s / (l[i * n + i] as number);
  }
  return z;
}

/** Solves Lᵀ z = b. */
function backSolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const z = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i] as number;
    for (let k = i + 1; k < n; k++) s -= (l[k * n + i] as number) * (z[k] as number);
    z[i] = s / (l[i * n + i] as number);
  }
  return z;
}

/** Solves (L Lᵀ) z = b. */
function cholSolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  return backSolve(l, n, forwardSolve(l, n, b));
}

/**
 * (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹, row-major, lower triangle only (the upper one is left 0): L⁻¹ by forward
 * substitution row by row, then the product accumulated row by row of L⁻¹, so both passes read
 * memory in order.
 */
function cholInverseLower(l: Float64Array, n: number): Float64Array {
  const m = new Float64Array(n * n); // L⁻¹, lower triangular
  for (let i = 0; i < n; i++) {
    const lii = l[i * n + i] as number;
    m[i * n + i] = 1 / lii;
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s += (l[i * n + k] as number) * (m[k * n + j] as number);
      m[i * n + j] = -s / lii;
    }
  }
  const inv = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const row = k * n;
    for (let i = 0; i <= k; i++) {
      const a = m[row + i] as number;
      if (a === 0) continue;
      const out = i * n;
      for (let j = 0; j <= i; j++) inv[out + j] = (inv[out + j] as number) + a * (m[row + j] as number);
    }
  }
  return inv;
}

/**
 * Log marginal likelihood −½ yᵀK⁻¹y − ½ log|K| − (n/2) log 2π and, with `withGradient`, its
 * gradient in the log hyperparameters: ½ tr((ααᵀ − K⁻¹) ∂K/∂θ) (Rasmussen & Williams eq. 5.9).
 * For the Matérn 5/2, ∂k/∂log ℓ_d = (5/3) σ² (1 + √5 r) e^{−√5 r} (Δ_d / ℓ_d)², finite at r = 0.
 */
function evidence(x: Float64Array, n: number, columns: number, y: Float64Array, theta: GpHyperparameters, withGradient: boolean): { value: number; gradient: number[] } {
  const lengthScale = Float64Array.from(theta.slice(0, columns), Math.exp);
  const signal = Math.exp(theta[columns] as number);
  const noise = Math.exp(theta[columns + 1] as number);
  const k = kernelMatrix(x, n, columns, lengthScale, signal, noise + JITTER);
  const l = cholesky(k, n);
  if (!l) return { value: Number.NEGATIVE_INFINITY, gradient: new Array<number>(columns + 2).fill(0) };
  const alpha = cholSolve(l, n, y);
  let value = -0.5 * n * Math.log(2 * Math.PI);
  for (let i = 0; i < n; i++) value -= 0.5 * (y[i] as number) * (alpha[i] as number) + Math.log(l[i * n + i] as number);
  if (!withGradient) return { value, gradient: [] };
  const inv = cholInverseLower(l, n);
  const gradient = new Array<number>(columns + 2).fill(0);
  const diff = new Float64Array(columns);
  for (let i = 0; i < n; i++) {
    const wii = (alpha[i] as number) ** 2 - (inv[i * n + i] as number);
    gradient[columns] = (gradient[columns] as number) + 0.5 * wii * signal;
    gradient[columns + 1] = (gradient[columns + 1] as number) + 0.5 * wii * noise;
    for (let j = 0; j < i; j++) {
      // Off-diagonal pairs count twice (the matrices are symmetric).
      const w = (alpha[i] as number) * (alpha[j] as number) - (inv[i * n + j] as number);
      let d2 = 0;
      for (let c = 0; c < columns; c++) {
        const d = ((x[i * columns + c] as number) - (x[j * columns + c] as number)) / (lengthScale[c] as number);
        diff[c] = d * d;
        d2 += d * d;
      }
      const r = SQRT5 * Math.sqrt(d2);
      const e = Math.exp(-r);
      const kij = signal * (1 + r + (r * r) / 3) * e;
      gradient[columns] = (gradient[columns] as number) + w * kij;
      const common = w * (5 / 3) * signal * (1 + r) * e;
      if (common === 0) continue;
      for (let c = 0; c < columns; c++) gradient[c] = (gradient[c] as number) + common * (diff[c] as number);
    }
  }
  return { value, gradient };
}

/** Adam ascent on the log marginal likelihood, clamped to the bounds; returns the best point visited. */
function maximiseEvidence(x: Float64Array, n: number, columns: number, y: Float64Array, start: GpHyperparameters, o: GaussianProcessOptions): { theta: number[]; value: number } {
  const lower = [...new Array<number>(columns).fill(o.logLengthScale[0]), o.logSignal[0], o.logNoise[0]];
  const upper = [...new Array<number>(columns).fill(o.logLengthScale[1]), o.logSignal[1], o.logNoise[1]];
  const clamp = (t: number[]) => t.map((v, i) => Math.min(upper[i] as number, Math.max(lower[i] as number, v)));
  let theta = clamp(start.slice());
  const m = new Array<number>(theta.length).fill(0);
  const v = new Array<number>(theta.length).fill(0);
  const [b1, b2] = [0.9, 0.999];
  let best = { theta, value: Number.NEGATIVE_INFINITY };
  for (let step = 1; step <= o.steps + 1; step++) {
    const { value, gradient } = evidence(x, n, columns, y, theta, step <= o.steps);
    if (value > best.value) best = { theta, value };
    if (step > o.steps || !Number.isFinite(value)) break;
    theta = clamp(
      theta.map((t, i) => {
        const g = gradient[i] as number;
        m[i] = b1 * (m[i] as number) + (1 - b1) * g;
        v[i] = b2 * (v[i] as number) + (1 - b2) * g * g;
        const mHat = (m[i] as number) / (1 - b1 ** step);
        const vHat = (v[i] as number) / (1 - b2 ** step);
        return t + (o.learningRate * mHat) / (Math.sqrt(vHat) + 1e-8);
      }),
    );
  }
  return best;
}

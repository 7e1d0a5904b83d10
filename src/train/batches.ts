import type { Rng } from '../core/index.js';
import type { Dataset } from '../data/index.js';
import { sampleSize } from '../data/index.js';
import type { Recipe } from '../space/index.js';

/** One training batch as flat arrays, ready for `tf.tensor`. */
export interface HostBatch {
  readonly x: Float32Array;
  /** Soft targets: one-hot, label-smoothed and mixed. */
  readonly targets: Float32Array;
  readonly size: number;
}

/**
 * Assembles batches on the host: gather by shuffled index, augment (crop with padding, h-flip,
 * cutout), label smoothing and mixup, all from the seeded Rng. Doing this in JS on the batch
 * keeps per-step tensor work identical to a plain model.fit.
 */
export class BatchMaker {
  private readonly size: number;
  private readonly image: boolean;
  private readonly h: number;
  private readonly w: number;
  private readonly c: number;

  constructor(private readonly data: Dataset, private readonly recipe: Recipe, private readonly rng: Rng) {
    this.size = sampleSize(data);
    this.image = data.sampleShape.length === 3;
    [this.h, this.w, this.c] = this.image ? (data.sampleShape as [number, number, number]) : [1, 1, 1];
  }

  make(indices: readonly number[]): HostBatch {
    const { recipe, rng, data, size } = this;
    const n = indices.length;
    const x = new Float32Array(n * size);
    const k = data.numClasses;
    const targets = new Float32Array(n * k);
    const off = recipe.labelSmoothing / k;
    const on = 1 - recipe.labelSmoothing + off;
    const augment = this.image && (recipe.cropPadding > 0 || recipe.flip || recipe.cutout > 0);
    indices.forEach((i, b) => {
      const src = data.x.subarray(i * size, (i + 1) * size);
      if (augment) this.augmentInto(src, x, b * size);
      else x.set(src, b * size);
      targets.fill(off, b * k, (b + 1) * k);
      targets[b * k + (data.y[i] as number)] = on;
    });
    if (recipe.mixupAlpha > 0 && n > 1) mixup(x, targets, n, size, k, sampleBeta(rng, recipe.mixupAlpha), rng);
    return { x, targets, size: n };
  }

  private augmentInto(src: Float32Array, out: Float32Array, at: number): void {
    const { h, w, c, recipe, rng } = this;
    const pad = recipe.cropPadding;
    const dy = pad > 0 ? rng.int(2 * pad + 1) - pad : 0;
    const dx = pad > 0 ? rng.int(2 * pad + 1) - pad : 0;
    const flip = recipe.flip && rng.bernoulli(0.5);
    for (let r = 0; r < h; r++) {
      const sr = r + dy;
      for (let col = 0; col < w; col++) {
        const sc0 = col + dx;
        const sc = flip ? w - 1 - sc0 : sc0;
        const o = at + (r * w + col) * c;
        if (sr < 0 || sr >= h || sc0 < 0 || sc0 >= w) {
          out.fill(0, o, o + c);
        } else {
          const s = (sr * w + sc) * c;
          for (let ch = 0; ch < c; ch++) out[o + ch] = src[s + ch] as number;
        }
      }
    }
    if (recipe.cutout > 0) {
      const cy = rng.int(h);
      const cx = rng.int(w);
      const half = Math.floor(recipe.cutout / 2);
      for (let r = Math.max(0, cy - half); r < Math.min(h, cy - half + recipe.cutout); r++) {
        const o = at + (r * w + Math.max(0, cx - half)) * c;
        out.fill(0, o, at + (r * w + Math.min(w, cx - half + recipe.cutout)) * c);
      }
    }
  }
}

/** x_b ← λ·x_b + (1−λ)·x_π(b), same for targets (Zhang et al. 2018). */
function mixup(x: Float32Array, t: Float32Array, n: number, size: number, k: number, lambda: number, rng: Rng): void {
  const perm = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const x0 = x.slice();
  const t0 = t.slice();
  for (let b = 0; b < n; b++) {
    const p = perm[b] as number;
    for (let j = 0; j < size; j++) x[b * size + j] = lambda * (x0[b * size + j] as number) + (1 - lambda) * (x0[p * size + j] as number);
    for (let j = 0; j < k; j++) t[b * k + j] = lambda * (t0[b * k + j] as number) + (1 - lambda) * (t0[p * k + j] as number);
  }
}

/** Beta(α, α) from two Gamma(α) draws (Marsaglia & Tsang 2000; α < 1 via the u^(1/α) boost). */
export function sampleBeta(rng: Rng, alpha: number): number {
  const a = sampleGamma(rng, alpha);
  const b = sampleGamma(rng, alpha);
  return a + b > 0 ? a / (a + b) : 0.5;
}

function sampleGamma(rng: Rng, alpha: number): number {
  if (alpha < 1) return sampleGamma(rng, alpha + 1) * Math.pow(Math.max(rng.next(), 1e-300), 1 / alpha);
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = rng.normal();
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * z ** 4 || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) return d * v;
  }
}

import { InvalidInputError, type Rng } from '../core/index.js';
import { checkReference, strictlyBetter } from './hypervolume.js';
import type { Point } from './points.js';

export interface HypervolumeEstimate {
  readonly estimate: number;
  /** Binomial standard error of `estimate`: box × √(q(1−q)/samples), q = fraction of hits. */
  readonly standardError: number;
  readonly samples: number;
}

/**
 * Monte-Carlo hypervolume: uniform samples in the box between the counted points' ideal corner
 * and `ref`, estimate = box volume × fraction of samples weakly dominated by some point. Slow
 * (samples × points × objectives) and approximate; it exists as an independent check of the
 * exact algorithms, which share no code with it. Same counting rules as `hypervolume`, except
 * that infinite volumes are not supported (finite points and reference only).
 */
export function hypervolumeMonteCarlo(points: readonly Point[], ref: Point, samples: number, rng: Rng): HypervolumeEstimate {
  const d = checkReference(points, ref);
  if (!Number.isInteger(samples) || samples <= 0) {
    throw new InvalidInputError(`samples must be a positive integer, but got ${samples}`);
  }
  const inside = points.filter((p) => strictlyBetter(p, ref));
  if (inside.length === 0) return { estimate: 0, standardError: 0, samples };
  const low = new Array<number>(d).fill(Number.POSITIVE_INFINITY);
  for (const p of inside) for (let j = 0; j < d; j++) low[j] = Math.min(low[j] as number, p[j] as number);
  let box = 1;
  for (let j = 0; j < d; j++) box *= (ref[j] as number) - (low[j] as number);
  if (!Number.isFinite(box)) {
    throw new InvalidInputError(`points and ref must be finite for a Monte-Carlo estimate, but the box volume is ${box}`);
  }
  const x = new Array<number>(d);
  let hits = 0;
  for (let s = 0; s < samples; s++) {
    for (let j = 0; j < d; j++) x[j] = rng.uniform(low[j] as number, ref[j] as number);
    if (inside.some((p) => coversSample(p, x))) hits++;
  }
  const q = hits / samples;
  return { estimate: box * q, standardError: box * Math.sqrt((q * (1 - q)) / samples), samples };
}

function coversSample(p: Point, x: readonly number[]): boolean {
  for (let j = 0; j < x.length; j++) if ((p[j] as number) > (x[j] as number)) return false;
  return true;
}

import { Staircase } from './staircase.js';
import type { Point } from './points.js';

/*
 * Exact hypervolume of points that are all finite and strictly better than `ref` in the first
 * `d` coordinates (callers filter; extra coordinates are ignored so that recursion can pass
 * points without copying). Dominated and repeated points are allowed.
 */
export function exactVolume(points: readonly Point[], d: number, ref: Point): number {
  if (points.length === 0) return 0;
  if (points.length === 1) return boxVolume(points[0] as Point, ref, d);
  if (d === 1) {
    let best = Number.POSITIVE_INFINITY;
    for (const p of points) best = Math.min(best, p[0] as number);
    return (ref[0] as number) - best;
  }
  if (d === 2) return volume2d(points, ref);
  if (d === 3) return volume3d(points, ref);
  return volumeWfg(nonDominatedDistinct(points, d), d, ref);
}

/** Volume of the box between `p` and `ref` in the first `d` coordinates. */
export function boxVolume(p: Point, ref: Point, d: number): number {
  let v = 1;
  for (let j = 0; j < d; j++) v *= (ref[j] as number) - (p[j] as number);
  return v;
}

/** Sweep along the first objective, adding the slab each new best second objective uncovers. */
function volume2d(points: readonly Point[], ref: Point): number {
  const sorted = points.slice().sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
  const refX = ref[0] as number;
  let bestY = ref[1] as number;
  let volume = 0;
  for (const p of sorted) {
    const y = p[1] as number;
    if (y < bestY) {
      volume += (refX - (p[0] as number)) * (bestY - y);
      bestY = y;
    }
  }
  return volume;
}

/**
 * Sweep along the third objective keeping the 2-D front of the points seen so far and its area
 * (Beume et al. 2009, IEEE TEVC 13(5)): volume = Σ area × slab height. O(n log n) searches plus
 * array splices.
 */
function volume3d(points: readonly Point[], ref: Point): number {
  const sorted = points.slice().sort((a, b) => (a[2] as number) - (b[2] as number));
  const stairs = new Staircase();
  const refX = ref[0] as number;
  const refY = ref[1] as number;
  let area = 0;
  let volume = 0;
  let z = (sorted[0] as Point)[2] as number;
  for (const p of sorted) {
    const pz = p[2] as number;
    volume += area * (pz - z);
    z = pz;
    const x = p[0] as number;
    const y = p[1] as number;
    if (!stairs.weaklyDominates(x, y)) area += stairs.insertMeasuringArea(x, y, refX, refY);
  }
  return volume + area * ((ref[2] as number) - z);
}

/**
 * WFG (While, Bradstreet & Barone 2012, IEEE TEVC 16(1)): with the points sorted worst-first on
 * the last objective, the volume is the sum of each point's exclusive volume with respect to the
 * points after it. Those later points are no worse on the last objective, so the part of point
 * k's box they cover is a prism: (ref_d − p_d) × the (d−1)-volume of their "limit set"
 * (componentwise max with p_k), computed recursively down to the 3-D sweep.
 */
function volumeWfg(points: readonly Point[], d: number, ref: Point): number {
  const last = d - 1;
  const sorted = points.slice().sort((a, b) => (b[last] as number) - (a[last] as number));
  let volume = 0;
  for (let k = 0; k < sorted.length; k++) {
    const p = sorted[k] as Point;
    let exclusive = boxVolume(p, ref, last);
    if (k + 1 < sorted.length) {
      const limits: number[][] = [];
      for (let m = k + 1; m < sorted.length; m++) limits.push(worse(p, sorted[m] as Point, last));
      exclusive -= exactVolume(limits, last, ref);
    }
    volume += ((ref[last] as number) - (p[last] as number)) * exclusive;
  }
  return volume;
}

/** Componentwise maximum of the first `d` coordinates: the corner where two boxes start to overlap. */
export function worse(a: Point, b: Point, d: number): number[] {
  const out = new Array<number>(d);
  for (let j = 0; j < d; j++) out[j] = Math.max(a[j] as number, b[j] as number);
  return out;
}

/**
 * The distinct non-dominated points (first `d` coordinates): a lexicographic sort, then each point
 * is kept unless a kept point weakly dominates it. Kept points come earlier in the sort, so they
 * never need removing.
 */
function nonDominatedDistinct(points: readonly Point[], d: number): Point[] {
  const sorted = points.slice().sort((a, b) => {
    for (let j = 0; j < d; j++) {
      const diff = (a[j] as number) - (b[j] as number);
      if (diff !== 0) return diff;
    }
    return 0;
  });
  const kept: Point[] = [];
  for (const p of sorted) {
    let covered = false;
    for (let m = kept.length - 1; m >= 0 && !covered; m--) {
      const q = kept[m] as Point;
      covered = true;
      for (let j = 0; j < d; j++) {
        if ((q[j] as number) > (p[j] as number)) {
          covered = false;
          break;
        }
      }
    }
    if (!covered) kept.push(p);
  }
  return kept;
}

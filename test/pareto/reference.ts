// Slow, obviously-correct reference implementations and random inputs for the pareto tests.
import { Rng } from '../../src/core/index.js';
import { dominates, type Point } from '../../src/pareto/index.js';

const sanitize = (p: Point): number[] => p.map((v) => (Number.isNaN(v) ? Infinity : v));
const orInfinity = (v: number): number => (Number.isNaN(v) ? Infinity : v);

/**
 * The relation the front functions document: feasible before infeasible, infeasible by smaller
 * violation, then succeeded before failed (+Infinity/NaN), then plain dominance.
 */
export function beats(points: readonly Point[], violations: readonly number[] | undefined, a: number, b: number): boolean {
  const va = orInfinity(violations?.[a] ?? 0);
  const vb = orInfinity(violations?.[b] ?? 0);
  const feasibleA = va <= 0;
  const feasibleB = vb <= 0;
  if (feasibleA !== feasibleB) return feasibleA;
  if (!feasibleA) return va < vb;
  const pa = sanitize(points[a] as Point);
  const pb = sanitize(points[b] as Point);
  const failedA = pa.includes(Infinity);
  const failedB = pb.includes(Infinity);
  if (failedA !== failedB) return !failedA;
  return dominates(pa, pb);
}

/** O(N²) front: the points nothing beats. */
export function bruteFront(points: readonly Point[], violations?: readonly number[]): number[] {
  const all = points.map((_, i) => i);
  return all.filter((i) => !all.some((j) => beats(points, violations, j, i)));
}

/** Peel fronts one at a time: O(N³) but unmistakable. */
export function bruteSort(points: readonly Point[], violations?: readonly number[]): number[][] {
  let remaining = points.map((_, i) => i);
  const fronts: number[][] = [];
  while (remaining.length > 0) {
    const front = remaining.filter((i) => !remaining.some((j) => beats(points, violations, j, i)));
    fronts.push(front);
    remaining = remaining.filter((i) => !front.includes(i));
  }
  return fronts;
}

/** Hypervolume by inclusion–exclusion over all subsets (n ≤ ~12): shares nothing with the fast code. */
export function inclusionExclusionVolume(points: readonly Point[], ref: Point): number {
  const inside = points.filter((p) => p.every((v, j) => v < (ref[j] as number)));
  const n = inside.length;
  let total = 0;
  for (let mask = 1; mask < 1 << n; mask++) {
    const corner = ref.map(() => -Infinity);
    let size = 0;
    for (let i = 0; i < n; i++) {
      if ((mask & (1 << i)) === 0) continue;
      size++;
      (inside[i] as Point).forEach((v, j) => (corner[j] = Math.max(corner[j] as number, v)));
    }
    const box = corner.reduce((acc, c, j) => acc * ((ref[j] as number) - c), 1);
    total += size % 2 === 1 ? box : -box;
  }
  return total;
}

/** Hypervolume of integer points by counting the unit cells they cover in [lo, ref)^d. */
export function cellCountVolume(points: readonly Point[], ref: Point, lo: number): number {
  const d = ref.length;
  const cell = new Array<number>(d).fill(lo);
  let count = 0;
  for (;;) {
    if (points.some((p) => p.every((v, j) => v <= (cell[j] as number)))) count++;
    let j = 0;
    while (j < d && (cell[j] as number) + 1 >= (ref[j] as number)) cell[j++] = lo;
    if (j === d) return count;
    cell[j] = (cell[j] as number) + 1;
  }
}

export function uniformPoints(rng: Rng, n: number, d: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.next()));
}

/** Small integer coordinates: many ties and exact duplicates. */
export function integerPoints(rng: Rng, n: number, d: number, levels: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.int(levels)));
}

/** Mutually non-dominated points on the positive part of the unit sphere, shifted by `offset`. */
export function spherePoints(rng: Rng, n: number, d: number): number[][] {
  return Array.from({ length: n }, () => {
    const v = Array.from({ length: d }, () => Math.abs(rng.normal()) + 1e-9);
    const norm = Math.hypot(...v);
    return v.map((x) => 1 - x / norm);
  });
}

export function sortedFronts(fronts: readonly (readonly number[])[]): number[][] {
  return fronts.map((f) => [...f].sort((a, b) => a - b));
}

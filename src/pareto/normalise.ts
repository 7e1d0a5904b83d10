import { InvalidInputError } from '../core/index.js';
import { hypervolume } from './hypervolume.js';
import { paretoFront } from './pareto-front.js';
import { dimensionOf, type Point } from './points.js';

/**
 * Best value of each objective over the points' Pareto front (which equals the best over all
 * succeeded points: failed evaluations do not count unless nothing succeeded).
 */
export function idealPoint(points: readonly Point[]): number[] {
  return extremes(points, 'idealPoint', Math.min);
}

/**
 * Worst value of each objective over the points' Pareto front: the nadir point. Dominated points
 * do not count, so this is not the componentwise worst of the input.
 */
export function nadirPoint(points: readonly Point[]): number[] {
  return extremes(points, 'nadirPoint', Math.max);
}

function extremes(points: readonly Point[], what: string, pick: (a: number, b: number) => number): number[] {
  if (points.length === 0) throw new InvalidInputError(`${what} needs at least one point, but got none`);
  const front = paretoFront(points);
  const out = (points[front[0] as number] as Point).slice();
  for (const i of front) {
    const p = points[i] as Point;
    for (let j = 0; j < out.length; j++) out[j] = pick(out[j] as number, p[j] as number);
  }
  return out;
}

/**
 * Maps each objective linearly so that `ideal` goes to 0 and `nadir` to 1. An objective where
 * ideal = nadir is only shifted (scale 1): there is no range to scale by, and a point worse
 * than the ideal there must stay worse. Ideal and nadir must be finite with ideal ≤ nadir.
 */
export function normalise(points: readonly Point[], ideal: Point, nadir: Point): number[][] {
  const d = points.length === 0 ? ideal.length : dimensionOf(points);
  if (ideal.length !== d || nadir.length !== d) {
    throw new InvalidInputError(
      `ideal and nadir must have ${d} objectives like the points, but got ${ideal.length} and ${nadir.length}`,
    );
  }
  const scale = ideal.map((lo, j) => {
    const hi = nadir[j] as number;
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) {
      throw new InvalidInputError(
        `ideal[${j}] and nadir[${j}] must be finite with ideal ≤ nadir, but got ${lo} and ${hi}`,
      );
    }
    return hi > lo ? hi - lo : 1;
  });
  return points.map((p) => p.map((v, j) => (v - (ideal[j] as number)) / (scale[j] as number)));
}

export interface HypervolumeRatioOptions {
  /**
   * Reference point = nadir + offset × (nadir − ideal), i.e. (1 + offset, …) after normalisation.
   * Default 0 (reference = nadir), the project's metric. With offset 0 the true front's extreme
   * points add no volume, so a front needs interior points (≥ 3 points in 2-D) to have any.
   */
  readonly referenceOffset?: number;
}

/**
 * The project's multi-objective quality metric: hypervolume of `found` divided by the hypervolume
 * of `trueFront`, both normalised by the TRUE front's ideal and nadir points, reference = nadir
 * (all ones). 1 for the true front itself, < 1 for a worse approximation; it can exceed 1 only if
 * `found` beats the "true" front (e.g. a front estimated from a sample). Failed points in `found`
 * count for nothing. Throws if the true front has zero hypervolume (e.g. a single point).
 */
export function hypervolumeRatio(found: readonly Point[], trueFront: readonly Point[], options: HypervolumeRatioOptions = {}): number {
  const offset = options.referenceOffset ?? 0;
  if (!(offset >= 0) || !Number.isFinite(offset)) {
    throw new InvalidInputError(`referenceOffset must be a finite number ≥ 0, but got ${offset}`);
  }
  const ideal = idealPoint(trueFront);
  const nadir = nadirPoint(trueFront);
  if (found.length > 0 && dimensionOf(found, 'found') !== ideal.length) {
    throw new InvalidInputError(
      `found points must have ${ideal.length} objectives like trueFront, but got ${(found[0] as Point).length}`,
    );
  }
  const ref = ideal.map(() => 1 + offset);
  const trueVolume = hypervolume(normalise(trueFront, ideal, nadir), ref);
  if (!(trueVolume > 0)) {
    throw new InvalidInputError(
      `trueFront must have a positive hypervolume with reference = nadir + ${offset} × range, but it has ${trueVolume} ` +
        `(${trueFront.length} points); pass referenceOffset > 0 for fronts without interior points`,
    );
  }
  return hypervolume(normalise(found, ideal, nadir), ref) / trueVolume;
}

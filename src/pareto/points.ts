import { InvalidInputError } from '../core/index.js';

/** A vector of objective values, all minimised. */
export type Point = readonly number[];

/**
 * The number of objectives shared by all points (0 for an empty set). Points of different
 * lengths are a programming or configuration error, reported with the offending index.
 */
export function dimensionOf(points: readonly Point[], field = 'points'): number {
  if (points.length === 0) return 0;
  const d = (points[0] as Point).length;
  for (let i = 1; i < points.length; i++) {
    const length = (points[i] as Point).length;
    if (length !== d) {
      throw new InvalidInputError(
        `${field}[${i}] must have ${d} objectives like ${field}[0], but got ${length}`,
      );
    }
  }
  return d;
}

/** Throws unless `point` has `d` objectives. */
export function checkLength(point: Point, d: number, field: string): void {
  if (point.length !== d) {
    throw new InvalidInputError(`${field} must have ${d} objectives, but got ${point.length}`);
  }
}

/**
 * Row-major copy of the points with NaN read as +Infinity: a NaN objective can only come from a
 * broken evaluation, and treating it as "infinitely bad" keeps every comparison a total order.
 */
export function flatten(points: readonly Point[], d: number): Float64Array {
  const flat = new Float64Array(points.length * d);
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as Point;
    for (let j = 0; j < d; j++) {
      const v = p[j] as number;
      flat[i * d + j] = Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
    }
  }
  return flat;
}

/** A failed evaluation: +Infinity (or NaN, see `flatten`) in some objective. */
export function isFailedAt(flat: Float64Array, d: number, i: number): boolean {
  for (let j = i * d, end = j + d; j < end; j++) {
    if (flat[j] === Number.POSITIVE_INFINITY) return true;
  }
  return false;
}

/** Lexicographic comparison of rows a and b of `flat` (no subtraction: ±Infinity safe). */
export function compareRows(flat: Float64Array, d: number, a: number, b: number): number {
  const oa = a * d;
  const ob = b * d;
  for (let j = 0; j < d; j++) {
    const x = flat[oa + j] as number;
    const y = flat[ob + j] as number;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/** Indices sorted lexicographically by their rows; ties keep index order (stable sort). */
export function sortLexicographic(flat: Float64Array, d: number, indices: readonly number[]): number[] {
  return indices.slice().sort((a, b) => compareRows(flat, d, a, b));
}

/** Row a dominates row b: no worse in every objective, better in one. */
export function rowDominates(flat: Float64Array, d: number, a: number, b: number): boolean {
  const oa = a * d;
  const ob = b * d;
  let better = false;
  for (let j = 0; j < d; j++) {
    const x = flat[oa + j] as number;
    const y = flat[ob + j] as number;
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

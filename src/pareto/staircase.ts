import { lowerBound, upperBound } from '../core/index.js';
/**
 * The non-dominated set of 2-D points kept as a staircase: x strictly increasing, y strictly
 * decreasing. It answers "is (x, y) weakly dominated by an entry?" in O(log n), which turns 3-D
 * front extraction, 3-D non-dominated sorting and 3-D hypervolume into sweeps over the third
 * objective (the idea behind Kung et al. 1975 and Beume et al. 2009, "On the complexity of
 * computing the hypervolume indicator"). Removal uses `splice` on plain arrays: O(n) memmove
 * per insertion in the worst case, which is far cheaper in practice than a balanced tree in JS.
 */
export class Staircase {
  private readonly xs: number[] = [];
  private readonly ys: number[] = [];

  get size(): number {
    return this.xs.length;
  }

  /** Some entry has x' ≤ x and y' ≤ y. */
  weaklyDominates(x: number, y: number): boolean {
    const i = upperBound(this.xs, x) - 1;
    return i >= 0 && (this.ys[i] as number) <= y;
  }

  /** Adds (x, y), dropping entries it weakly dominates. Call only when `weaklyDominates` is false. */
  insert(x: number, y: number): void {
    const start = lowerBound(this.xs, x);
    const end = this.firstBelow(start, y);
    this.xs.splice(start, end - start, x);
    this.ys.splice(start, end - start, y);
  }

  /**
   * Like `insert`, and returns the area that (x, y) adds to the region the staircase dominates
   * inside the box bounded above by (refX, refY). Entries must all lie below the reference.
   */
  insertMeasuringArea(x: number, y: number, refX: number, refY: number): number {
    const start = lowerBound(this.xs, x);
    const end = this.firstBelow(start, y);
    // Between x and the next entry to the right that stays below y, the region already covered
    // ends at the height of the nearest entry on the left, then at each removed entry's height.
    let height = start > 0 ? (this.ys[start - 1] as number) : refY;
    let from = x;
    let area = 0;
    for (let r = start; r < end; r++) {
      const rx = this.xs[r] as number;
      area += (rx - from) * (height - y);
      from = rx;
      height = this.ys[r] as number;
    }
    const to = end < this.xs.length ? (this.xs[end] as number) : refX;
    area += (to - from) * (height - y);
    this.xs.splice(start, end - start, x);
    this.ys.splice(start, end - start, y);
    return area;
  }

  /** From `start` on, the first index whose y is < y (entries before it have y' ≥ y). */
  private firstBelow(start: number, y: number): number {
    let end = start;
    while (end < this.ys.length && (this.ys[end] as number) >= y) end++;
    return end;
  }
}

import { InvalidInputError, Rng } from '../core/index.js';
import type { Candidate } from '../core/index.js';
import type { SearchSpace } from '../space/index.js';
import { rawStatistics } from './features.js';
import type { FitReport, Prediction, Predictor } from './predictor.js';
import { checkTargets, fitTargetScaler, scaleTargets, unscale, unscaleDeviation } from './target-scaler.js';
import type { TargetScalerState, TargetScaling } from './target-scaler.js';

export interface ForestOptions {
  readonly trees: number;
  /** Share of the columns drawn at random at each split (Breiman 2001; at least one). */
  readonly featureFraction: number;
  /** Fewest training rows in a leaf. */
  readonly minLeaf: number;
  /** Each tree fits a bootstrap resample of the rows (else all rows; trees then differ by columns only). */
  readonly bootstrap: boolean;
  readonly targetScaling: TargetScaling;
  readonly seed: number;
}

export const DEFAULT_FOREST_OPTIONS: ForestOptions = {
  trees: 100,
  featureFraction: 0.5,
  minLeaf: 1,
  bootstrap: true,
  targetScaling: 'standard',
  seed: 0,
};

/**
 * One regression tree in flat arrays: node i splits on column `feature[i]` at `threshold[i]`
 * (rows with a value ≤ it go to `left[i]`), or is a leaf (`feature[i]` = -1) predicting `value[i]`.
 */
interface Tree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
}

/**
 * A random forest of regression trees (Breiman 2001) over the architecture and recipe encodings
 * and every free statistic and descriptor: the model GRAF (Kadlecová et al. 2024) pairs with graph
 * features. The mean is the trees' average and `std` their spread. Written here rather than taken
 * from ml-random-forest, which took 3.9–7.5 s to fit 100–200 trees on 100 NB201 cells (a search
 * refits every round) and draws columns once per tree rather than at each split.
 */
export class ForestPredictor<C extends Candidate = Candidate> implements Predictor<C> {
  readonly name = 'forest';
  readonly options: ForestOptions;
  private readonly space: SearchSpace<C>;
  private fitted: { trees: Tree[][]; scaler: TargetScalerState } | undefined;

  constructor(space: SearchSpace<C>, options: Partial<ForestOptions> = {}) {
    this.space = space;
    this.options = { ...DEFAULT_FOREST_OPTIONS, ...options };
    const o = this.options;
    if (!Number.isInteger(o.trees) || o.trees < 1) throw new InvalidInputError(`forest trees must be an integer ≥ 1, but got ${String(o.trees)}`);
    if (!(o.featureFraction > 0 && o.featureFraction <= 1)) {
      throw new InvalidInputError(`forest featureFraction must be in (0, 1], but got ${String(o.featureFraction)}`);
    }
    if (!Number.isInteger(o.minLeaf) || o.minLeaf < 1) throw new InvalidInputError(`forest minLeaf must be an integer ≥ 1, but got ${String(o.minLeaf)}`);
  }

  async fit(candidates: readonly C[], targets: readonly (readonly number[])[]): Promise<FitReport> {
    const start = performance.now();
    const clean = checkTargets(candidates.length, targets);
    const x = candidates.map((c) => this.row(c));
    const columns = Array.from({ length: x[0]?.length ?? 0 }, (_, j) => Float64Array.from(x, (r) => r[j] as number));
    const scaler = fitTargetScaler(this.options.targetScaling, clean);
    const y = scaleTargets(scaler, clean);
    const k = y[0]?.length ?? 0;
    const rng = new Rng(`${this.options.seed}:forest`);
    const trees: Tree[][] = [];
    for (let o = 0; o < k; o++) {
      const column = y.map((r) => r[o] as number);
      trees.push(Array.from({ length: this.options.trees }, () => this.growTree(columns, column, rng)));
    }
    this.fitted = { trees, scaler };
    return { samples: candidates.length, objectives: k, seconds: (performance.now() - start) / 1000, losses: {} };
  }

  async predict(candidates: readonly C[]): Promise<Prediction> {
    const f = this.fitted;
    if (!f) throw new Error('ForestPredictor.predict called before fit');
    const mean: number[][] = [];
    const std: number[][] = [];
    for (const c of candidates) {
      const x = this.row(c);
      const mu: number[] = [];
      const sd: number[] = [];
      f.trees.forEach((forest, o) => {
        let sum = 0;
        let sq = 0;
        for (const tree of forest) {
          const v = leafValue(tree, x);
          sum += v;
          sq += v * v;
        }
        const m = sum / forest.length;
        const s = Math.sqrt(Math.max(0, sq / forest.length - m * m));
        mu.push(unscale(f.scaler, m, o));
        sd.push(unscaleDeviation(f.scaler, m, s, o));
      });
      mean.push(mu);
      std.push(sd);
    }
    return { mean, std };
  }

  dispose(): void {
    this.fitted = undefined;
  }

  private row(candidate: C): Float64Array {
    const space = this.space as SearchSpace<Candidate>;
    const arch = space.encodeArch(candidate);
    const recipe = space.encodeRecipe(candidate);
    const stats = rawStatistics(space, candidate);
    const out = new Float64Array(arch.length + recipe.length + stats.length);
    out.set(arch);
    out.set(recipe, arch.length);
    out.set(stats, arch.length + recipe.length);
    return out;
  }

  /**
   * Grows one tree on `columns` (column-major training inputs). The rows are sorted by every column
   * once per tree and each split partitions those orders stably in place, so finding a split is one
   * sweep per drawn column rather than a sort.
   */
  private growTree(columns: readonly Float64Array[], y: readonly number[], rng: Rng): Tree {
    const n = y.length;
    const d = columns.length;
    const rows = this.options.bootstrap ? Array.from({ length: n }, () => rng.int(n)) : Array.from({ length: n }, (_, i) => i);
    const tries = Math.max(1, Math.round(d * this.options.featureFraction));
    const minLeaf = this.options.minLeaf;
    const feature: number[] = [];
    const threshold: number[] = [];
    const left: number[] = [];
    const right: number[] = [];
    const value: number[] = [];
    const drawn = Array.from({ length: d }, (_, j) => j);
    // orders[j] holds the rows sorted by column j; a node owns the range [lo, hi) of every one.
    const orders = columns.map((col) => Int32Array.from(rows).sort((a, b) => (col[a] as number) - (col[b] as number)));
    const scratch = new Int32Array(n);
    const grow = (lo: number, hi: number): number => {
      const node = feature.length;
      const some = orders[0] as Int32Array;
      const count = hi - lo;
      let total = 0;
      for (let s = lo; s < hi; s++) total += y[some[s] as number] as number;
      feature.push(-1);
      threshold.push(0);
      left.push(-1);
      right.push(-1);
      value.push(total / count);
      if (count < 2 * minLeaf) return node;
      // Draw `tries` columns without replacement (a partial Fisher–Yates shuffle).
      for (let t = 0; t < tries; t++) {
        const s = t + rng.int(d - t);
        const tmp = drawn[t] as number;
        drawn[t] = drawn[s] as number;
        drawn[s] = tmp;
      }
      let bestGain = 1e-12;
      let bestColumn = -1;
      let bestThreshold = 0;
      for (let t = 0; t < tries; t++) {
        const j = drawn[t] as number;
        const order = orders[j] as Int32Array;
        const col = columns[j] as Float64Array;
        let leftSum = 0;
        for (let s = lo; s < hi - 1; s++) {
          const i = order[s] as number;
          leftSum += y[i] as number;
          const here = col[i] as number;
          const next = col[order[s + 1] as number] as number;
          const nl = s + 1 - lo;
          const nr = count - nl;
          if (here === next || nl < minLeaf || nr < minLeaf) continue;
          // The fall in squared error from splitting here: Σ²/n per side minus that of the parent.
          const gain = (leftSum * leftSum) / nl + ((total - leftSum) * (total - leftSum)) / nr - (total * total) / count;
          if (gain > bestGain) {
            bestGain = gain;
            bestColumn = j;
            bestThreshold = (here + next) / 2;
          }
        }
      }
      if (bestColumn < 0) return node;
      // Split every column's range stably: rows at or below the threshold first.
      const split = columns[bestColumn] as Float64Array;
      let mid = lo;
      for (const order of orders) {
        let a = lo;
        let b = 0;
        for (let s = lo; s < hi; s++) {
          const i = order[s] as number;
          if ((split[i] as number) <= bestThreshold) order[a++] = i;
          else scratch[b++] = i;
        }
        order.set(scratch.subarray(0, b), a);
        mid = a;
      }
      feature[node] = bestColumn;
      threshold[node] = bestThreshold;
      left[node] = grow(lo, mid);
      right[node] = grow(mid, hi);
      return node;
    };
    grow(0, n);
    return {
      feature: Int32Array.from(feature),
      threshold: Float64Array.from(threshold),
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      value: Float64Array.from(value),
    };
  }
}

function leafValue(tree: Tree, x: Float64Array): number {
  let node = 0;
  for (;;) {
    const j = tree.feature[node] as number;
    if (j < 0) return tree.value[node] as number;
    node = ((x[j] as number) <= (tree.threshold[node] as number) ? tree.left[node] : tree.right[node]) as number;
  }
}

import { Matrix, solve } from 'ml-matrix';
import { InvalidInputError, Rng } from '../core/index.js';
import type { Candidate } from '../core/index.js';
import type { SearchSpace } from '../space/index.js';
import { featureMatrices, normalizationFromSpace, predictorStatisticNames } from './features.js';
import type { FeatureNormalization } from './features.js';
import type { FitReport, Prediction, Predictor } from './predictor.js';
import { fitTargetScaler, scaleTargets, unscale, unscaleDeviation } from './target-scaler.js';
import type { TargetScalerState, TargetScaling } from './target-scaler.js';

export interface RidgeOptions {
  /** `encoding`: the space's arch+recipe encoding (one-hot for categorical dimensions); `+stats` adds the free statistics. */
  readonly features: 'encoding' | 'encoding+stats';
  readonly targetScaling: TargetScaling;
  /** Candidate penalties; the one with the lowest leave-one-out error is used. */
  readonly lambdas: readonly number[];
  readonly seed: number;
}

export const DEFAULT_RIDGE_OPTIONS: RidgeOptions = {
  features: 'encoding',
  targetScaling: 'standard',
  lambdas: [0.01, 0.1, 1, 10, 100],
  seed: 0,
};

/**
 * Ridge regression baseline (ml-matrix). The penalty is picked per objective by exact leave-one-out
 * error from the hat matrix; `std` is the Bayesian-linear-regression predictive deviation.
 */
export class RidgePredictor<C extends Candidate = Candidate> implements Predictor<C> {
  readonly name: string;
  readonly options: RidgeOptions;
  private readonly space: SearchSpace<C>;
  private readonly normalization: FeatureNormalization;
  private fitted: { w: Matrix[]; xMean: number[]; yMean: number[]; sigma2: number[]; inverse: Matrix[]; scaler: TargetScalerState } | undefined;

  constructor(space: SearchSpace<C>, options: Partial<RidgeOptions> = {}) {
    this.space = space;
    this.options = { ...DEFAULT_RIDGE_OPTIONS, ...options };
    this.name = `ridge(${this.options.features})`;
    this.normalization = normalizationFromSpace(space as SearchSpace<Candidate>, new Rng(`${this.options.seed}:normalization`), 2048);
  }

  async fit(candidates: readonly C[], targets: readonly (readonly number[])[]): Promise<FitReport> {
    const start = performance.now();
    if (candidates.length !== targets.length || candidates.length < 2) {
      throw new InvalidInputError(`ridge fit needs ≥ 2 candidates with one target row each, but got ${candidates.length} candidates and ${targets.length} rows`);
    }
    const x = this.design(candidates);
    const scaler = fitTargetScaler(this.options.targetScaling, targets);
    const y = scaleTargets(scaler, targets);
    const n = x.rows;
    const d = x.columns;
    const xMean = x.mean('column');
    const xc = x.clone().subRowVector(xMean);
    const k = y[0]?.length ?? 0;
    const w: Matrix[] = [];
    const yMean: number[] = [];
    const sigma2: number[] = [];
    const inverse: Matrix[] = [];
    const losses: Record<string, number> = {};
    const gram = xc.transpose().mmul(xc);
    for (let o = 0; o < k; o++) {
      const col = y.map((r) => r[o] as number);
      const mu = col.reduce((s, v) => s + v, 0) / n;
      const yc = Matrix.columnVector(col.map((v) => v - mu));
      let best: { loo: number; w: Matrix; inv: Matrix; lambda: number } | undefined;
      for (const lambda of this.options.lambdas) {
        const inv = solve(gram.clone().add(Matrix.eye(d, d).mul(lambda)), Matrix.eye(d, d));
        const wo = inv.mmul(xc.transpose()).mmul(yc);
        const fitted = xc.mmul(wo);
        let loo = 0;
        for (let i = 0; i < n; i++) {
          const row = xc.getRowVector(i);
          const h = row.mmul(inv).mmul(row.transpose()).get(0, 0);
          const r = (yc.get(i, 0) - fitted.get(i, 0)) / Math.max(1e-9, 1 - h);
          loo += r * r;
        }
        if (!best || loo < best.loo) best = { loo, w: wo, inv, lambda };
      }
      const chosen = best as { loo: number; w: Matrix; inv: Matrix; lambda: number };
      const resid = yc.clone().sub(xc.mmul(chosen.w));
      const rss = resid.to1DArray().reduce((s, v) => s + v * v, 0);
      w.push(chosen.w);
      yMean.push(mu);
      sigma2.push(rss / Math.max(1, n - 1));
      inverse.push(chosen.inv);
      losses[`lambda${o}`] = chosen.lambda;
    }
    this.fitted = { w, xMean, yMean, sigma2, inverse, scaler };
    return { samples: n, objectives: k, seconds: (performance.now() - start) / 1000, losses };
  }

  async predict(candidates: readonly C[]): Promise<Prediction> {
    const f = this.fitted;
    if (!f) throw new Error('RidgePredictor.predict called before fit');
    if (candidates.length === 0) return { mean: [], std: [] };
    const xc = this.design(candidates).subRowVector(f.xMean);
    const mean: number[][] = candidates.map(() => []);
    const std: number[][] = candidates.map(() => []);
    f.w.forEach((wo, o) => {
      const z = xc.mmul(wo);
      const inv = f.inverse[o] as Matrix;
      for (let i = 0; i < candidates.length; i++) {
        const zi = z.get(i, 0) + (f.yMean[o] as number);
        const row = xc.getRowVector(i);
        const sdz = Math.sqrt((f.sigma2[o] as number) * (1 + row.mmul(inv).mmul(row.transpose()).get(0, 0)));
        const m = unscale(f.scaler, zi, o);
        (mean[i] as number[]).push(m);
        (std[i] as number[]).push(unscaleDeviation(f.scaler, zi, sdz, o));
      }
    });
    return { mean, std };
  }

  dispose(): void {
    this.fitted = undefined;
  }

  private design(candidates: readonly C[]): Matrix {
    const f = featureMatrices(this.space as SearchSpace<Candidate>, this.normalization, candidates);
    const dA = this.space.archFeatureCount;
    const dR = this.space.recipeFeatureCount;
    const width = predictorStatisticNames(this.space as SearchSpace<Candidate>).length;
    const dS = this.options.features === 'encoding+stats' ? width : 0;
    const rows: number[][] = [];
    for (let i = 0; i < f.n; i++) {
      rows.push([
        ...f.arch.subarray(i * dA, (i + 1) * dA),
        ...f.recipe.subarray(i * dR, (i + 1) * dR),
        ...f.stats.subarray(i * width, i * width + dS),
      ]);
    }
    return new Matrix(rows);
  }
}

import { Rng, lowerBound, upperBound } from '../core/index.js';
import type { Candidate } from '../core/index.js';
import type { SearchSpace } from '../space/index.js';
import { DEFAULT_GP_OPTIONS, GaussianProcess, defaultHyperparameters } from './gaussian-process.js';
import type { GaussianProcessOptions, GpHyperparameters } from './gaussian-process.js';
import { predictorStatisticNames, rawStatistics } from './features.js';
import type { FitReport, Prediction, Predictor } from './predictor.js';
import { checkTargets, fitTargetScaler, scaleTargets, unscale, unscaleDeviation } from './target-scaler.js';
import type { TargetScalerState, TargetScaling } from './target-scaler.js';

export const GP_FEATURES = ['encoding', 'encoding+stats'] as const;

export interface GpPredictorOptions {
  readonly targetScaling: TargetScaling;
  /**
   * The kernel's inputs: the architecture and recipe encodings, or those and the space's free
   * statistics and descriptors, each as its quantile among 2,048 random candidates of the space (so
   * heavy-tailed ones such as FLOPs or synflow spread over [0, 1] like the encodings).
   */
  readonly features: (typeof GP_FEATURES)[number];
  /**
   * Every `fullFitEvery`-th `refit` also starts the hyperparameter search from the defaults; the
   * others only continue from the previous fit's hyperparameters (a search refits after each
   * measurement, and one more point moves the optimum little).
   */
  readonly fullFitEvery: number;
  /**
   * Adam steps of a fit that only continues from the previous hyperparameters. As many as a full
   * fit by default: on FCNet parkinsons (30 seeds, 100 queries) 30 steps ran 1.5x faster but picked
   * a top-17 configuration in 27 seeds against 29.
   */
  readonly warmSteps: number;
  /**
   * Beyond this many samples the hyperparameters are fitted again only once the samples have grown
   * by `retuneGrowth` (a fraction) since the last time; a fit in between keeps them and only
   * conditions on the new data (one factorisation instead of one per Adam step). A fit's time grows
   * with the cube of the samples (`bench/gp-fit-time.mjs`: 0.35 s at 100, 2.3 s at 200, 16 s at
   * 400), and a search refits after every measurement.
   */
  readonly retuneAfter: number;
  readonly retuneGrowth: number;
  readonly gp: GaussianProcessOptions;
}

export const DEFAULT_GP_PREDICTOR_OPTIONS: GpPredictorOptions = {
  targetScaling: 'rank-gauss',
  features: 'encoding',
  fullFitEvery: 5,
  warmSteps: DEFAULT_GP_OPTIONS.steps,
  retuneAfter: 150,
  retuneGrowth: 0.1,
  gp: DEFAULT_GP_OPTIONS,
};

/** The posterior on the scaled axis of one objective, for acquisitions computed there (expected improvement). */
export interface ScaledPrediction {
  readonly mean: number[];
  readonly std: number[];
}

/**
 * A Gaussian process per objective over the space's architecture and recipe encodings (ordinal
 * values by position in [0, 1], categorical ones one-hot): the surrogate of GP-based Bayesian
 * optimisation (Snoek et al. 2012). Deterministic: no seed is needed, the fit starts from fixed
 * points.
 */
export class GaussianProcessPredictor<C extends Candidate = Candidate> implements Predictor<C> {
  readonly name = 'gp';
  readonly options: GpPredictorOptions;
  private readonly space: SearchSpace<C>;
  private fitted: { gps: GaussianProcess[]; scaler: TargetScalerState; rows: Float64Array[]; scaled: number[][] } | undefined;
  /** Fits that fitted the hyperparameters, and the samples the last of them saw. */
  private tunings = 0;
  private sortedStatistics: Float64Array[] | undefined;
  private readonly statisticRows = new Map<string, Float64Array>();
  private tunedOn = 0;

  constructor(space: SearchSpace<C>, options: Partial<GpPredictorOptions> = {}) {
    this.space = space;
    this.options = { ...DEFAULT_GP_PREDICTOR_OPTIONS, ...options };
  }

  row(candidate: C): Float64Array {
    const a = this.space.encodeArch(candidate);
    const r = this.space.encodeRecipe(candidate);
    const quantiles = this.statisticQuantiles();
    const out = new Float64Array(a.length + r.length + (quantiles?.length ?? 0));
    out.set(a, 0);
    out.set(r, a.length);
    if (quantiles) out.set(this.statisticRow(candidate, quantiles), a.length + r.length);
    return out;
  }

  /** The candidate's statistics as quantiles; cached by key, as a search scores the same candidates again and again. */
  private statisticRow(candidate: C, quantiles: readonly Float64Array[]): Float64Array {
    const key = this.space.key(candidate);
    const cached = this.statisticRows.get(key);
    if (cached) return cached;
    const stats = rawStatistics(this.space as SearchSpace<Candidate>, candidate);
    const row = Float64Array.from(quantiles, (sorted, j) => quantile(sorted, stats[j] as number));
    if (this.statisticRows.size >= 100_000) this.statisticRows.clear();
    this.statisticRows.set(key, row);
    return row;
  }

  /** Per statistic, its sorted values over random candidates of the space (built once). */
  private statisticQuantiles(): Float64Array[] | undefined {
    if (this.options.features === 'encoding') return undefined;
    if (!this.sortedStatistics) {
      const space = this.space as SearchSpace<Candidate>;
      const rng = new Rng(0);
      const samples = Array.from({ length: 2048 }, () => rawStatistics(space, space.sample(rng)));
      this.sortedStatistics = predictorStatisticNames(space).map((_, j) => Float64Array.from(samples, (row) => row[j] as number).sort());
    }
    return this.sortedStatistics;
  }

  /** A fit from the default hyperparameters, whatever was fitted before (the `Predictor` contract). */
  async fit(candidates: readonly C[], targets: readonly (readonly number[])[]): Promise<FitReport> {
    this.fitted = undefined;
    this.tunings = 0;
    this.tunedOn = 0;
    return this.refit(candidates, targets);
  }

  /**
   * The fit of a search that measures one more candidate at a time: it continues from the previous
   * fit's hyperparameters (from the defaults as well every `fullFitEvery`-th time) and, past
   * `retuneAfter` samples, keeps them until the samples have grown by `retuneGrowth`.
   */
  async refit(candidates: readonly C[], targets: readonly (readonly number[])[]): Promise<FitReport> {
    const start = performance.now();
    const clean = checkTargets(candidates.length, targets);
    const rows = candidates.map((c) => this.row(c));
    const scaler = fitTargetScaler(this.options.targetScaling, clean);
    const scaled = scaleTargets(scaler, clean);
    const k = scaled[0]?.length ?? 0;
    const columns = rows[0]?.length ?? 0;
    const n = candidates.length;
    const previous = this.fitted?.gps.map((gp) => (gp.theta.length === columns + 2 ? gp.theta : undefined));
    const keep =
      previous !== undefined &&
      previous.length === k &&
      previous.every((theta) => theta !== undefined) &&
      n > this.options.retuneAfter &&
      n < this.tunedOn * (1 + this.options.retuneGrowth);
    const full = this.tunings % this.options.fullFitEvery === 0;
    const gps: GaussianProcess[] = [];
    for (let o = 0; o < k; o++) {
      const targets = scaled.map((s) => s[o] as number);
      const theta = previous?.[o];
      if (keep && theta) {
        gps.push(GaussianProcess.withHyperparameters(rows, targets, theta));
        continue;
      }
      const starts: GpHyperparameters[] = theta ? [theta] : [];
      const warm = !full && starts.length > 0;
      if (!warm) starts.push(defaultHyperparameters(columns));
      const gp = warm ? { ...this.options.gp, steps: this.options.warmSteps } : this.options.gp;
      gps.push(GaussianProcess.fit(rows, targets, starts, gp));
    }
    if (!keep) {
      this.tunings++;
      this.tunedOn = n;
    }
    this.fitted = { gps, scaler, rows, scaled };
    return { samples: candidates.length, objectives: k, seconds: (performance.now() - start) / 1000, losses: {} };
  }

  async predict(candidates: readonly C[]): Promise<Prediction> {
    return this.predictNow(candidates);
  }

  /** `predict` without the promise: a GP's posterior is a few solves, and searches call it in loops. */
  predictNow(candidates: readonly C[]): Prediction {
    const f = this.ready();
    const rows = candidates.map((c) => this.row(c));
    const perObjective = f.gps.map((gp) => gp.predict(rows));
    return {
      mean: candidates.map((_, i) => perObjective.map((p, o) => unscale(f.scaler, p.mean[i] as number, o))),
      std: candidates.map((_, i) => perObjective.map((p, o) => unscaleDeviation(f.scaler, p.mean[i] as number, p.std[i] as number, o))),
    };
  }

  /**
   * Objective `objective`'s posterior on the scaled axis, with `fantasies` (candidate, scaled
   * value) added as if measured: the same hyperparameters, refactorised once.
   */
  posterior(objective = 0, fantasies: readonly { candidate: C; value: number }[] = []): (candidates: readonly C[]) => ScaledPrediction {
    const f = this.ready();
    const gp = f.gps[objective] as GaussianProcess;
    const model =
      fantasies.length === 0
        ? gp
        : GaussianProcess.withHyperparameters(
            [...f.rows, ...fantasies.map((x) => this.row(x.candidate))],
            [...f.scaled.map((s) => s[objective] as number), ...fantasies.map((x) => x.value)],
            gp.theta,
          );
    return (candidates) => model.predict(candidates.map((c) => this.row(c)));
  }

  /** The fitted targets of `objective` on the scaled axis, in the order they were given. */
  scaledTargets(objective = 0): number[] {
    return this.ready().scaled.map((s) => s[objective] as number);
  }

  /** Per objective: the fitted length scales (by encoding column), signal and noise variance. */
  hyperparameters(): { lengthScales: number[]; signal: number; noise: number }[] {
    return this.ready().gps.map((gp) => ({
      lengthScales: gp.theta.slice(0, gp.columns).map(Math.exp),
      signal: Math.exp(gp.theta[gp.columns] as number),
      noise: Math.exp(gp.theta[gp.columns + 1] as number),
    }));
  }

  dispose(): void {
    this.fitted = undefined;
  }

  private ready(): NonNullable<GaussianProcessPredictor<C>['fitted']> {
    if (!this.fitted) throw new Error('GaussianProcessPredictor: predict before fit');
    return this.fitted;
  }
}

/** The fraction of `sorted` below `v`, ties counted half: in [0, 1]. */
function quantile(sorted: Float64Array, v: number): number {
  if (sorted.length === 0) return 0.5;
  return (lowerBound(sorted, v) + upperBound(sorted, v)) / 2 / sorted.length;
}

import { InvalidInputError, oneOfMessage } from '../core/index.js';
import type { Candidate } from '../core/index.js';
import type { SearchSpace } from '../space/index.js';
import { rawStatistics } from './features.js';
import { spearmanRho } from './metrics.js';
import type { FitReport, Prediction, Predictor } from './predictor.js';

/**
 * Baseline: one free statistic (e.g. FLOPs) as the predictor, mapped to each objective by a
 * least-squares line on the measured data (so only its sign matters for ranking). With no
 * statistic named, it picks, per objective, the one whose Spearman ρ with the targets is largest in
 * magnitude on the training data.
 */
export class StatisticRanker<C extends Candidate = Candidate> implements Predictor<C> {
  readonly name: string;
  private readonly space: SearchSpace<C>;
  private readonly statistic: string | undefined;
  private lines: { stat: number; slope: number; intercept: number }[] | undefined;

  constructor(space: SearchSpace<C>, statistic?: string) {
    if (statistic !== undefined && !space.statisticNames.includes(statistic)) {
      throw new InvalidInputError(oneOfMessage(`statistic of space ${space.name}`, space.statisticNames, statistic));
    }
    if (space.statisticNames.length === 0) throw new InvalidInputError(`space ${space.name} has no free statistics to rank by`);
    this.space = space;
    this.statistic = statistic;
    this.name = statistic === undefined ? 'best-statistic' : `statistic(${statistic})`;
  }

  /** Name of the statistic used for each objective after fit. */
  get chosen(): string[] {
    return (this.lines ?? []).map((l) => this.space.statisticNames[l.stat] as string);
  }

  async fit(candidates: readonly C[], targets: readonly (readonly number[])[]): Promise<FitReport> {
    const start = performance.now();
    const stats = candidates.map((c) => rawStatistics(this.space as SearchSpace<Candidate>, c));
    const k = targets[0]?.length ?? 0;
    this.lines = [];
    for (let o = 0; o < k; o++) {
      const y = targets.map((t) => t[o] as number);
      let stat = this.statistic === undefined ? 0 : this.space.statisticNames.indexOf(this.statistic);
      if (this.statistic === undefined) {
        let best = -1;
        this.space.statisticNames.forEach((_, s) => {
          const rho = Math.abs(spearmanRho(stats.map((r) => r[s] as number), y));
          if (Number.isFinite(rho) && rho > best) {
            best = rho;
            stat = s;
          }
        });
      }
      const x = stats.map((r) => r[stat] as number);
      const mx = x.reduce((a, b) => a + b, 0) / x.length;
      const my = y.reduce((a, b) => a + b, 0) / y.length;
      let sxy = 0;
      let sxx = 0;
      x.forEach((xi, i) => {
        sxy += (xi - mx) * ((y[i] as number) - my);
        sxx += (xi - mx) ** 2;
      });
      const slope = sxx > 0 ? sxy / sxx : 0;
      this.lines.push({ stat, slope, intercept: my - slope * mx });
    }
    return { samples: candidates.length, objectives: k, seconds: (performance.now() - start) / 1000, losses: {} };
  }

  async predict(candidates: readonly C[]): Promise<Prediction> {
    const lines = this.lines;
    if (!lines) throw new Error('StatisticRanker.predict called before fit');
    const mean = candidates.map((c) => {
      const s = rawStatistics(this.space as SearchSpace<Candidate>, c);
      return lines.map((l) => l.intercept + l.slope * (s[l.stat] as number));
    });
    return { mean, std: mean.map((r) => r.map(() => 0)) };
  }

  dispose(): void {
    this.lines = undefined;
  }
}

import type { Evaluation, EvaluateContext, Evaluator, Metrics, Objective } from '../core/index.js';
import type { ProductCandidate, ProductSpace } from '../space/index.js';

/**
 * A benchmark that looks results up in a table instead of training. It returns the recorded
 * metrics and a simulated cost (in full-training equivalents) rather than spending it.
 */
export interface TabularBenchmark extends Evaluator<ProductCandidate> {
  readonly space: ProductSpace;
  /** What a single-objective search optimises (a visible metric). */
  readonly objective: Objective;
  /**
   * What search quality is reported on: a hidden, noise-free metric (NB201 test accuracy; the mean
   * over repetitions for FCNet/HPOBench), with the table's optimum for regret.
   */
  readonly reportMetric: Objective;
  readonly rowCount: number;
  /** The candidate of table row `row`, at full fidelity. */
  candidateAt(row: number): ProductCandidate;
  /** Noise-free visible and hidden metrics of a candidate, at its own fidelity. */
  truth(candidate: ProductCandidate): Metrics;
  /** Best value of `reportMetric` over the whole table (at full fidelity). */
  optimum(): number;
}

/** Shared plumbing: row lookup by key, free statistics, random repetition picks. */
export abstract class TableBenchmarkBase implements TabularBenchmark {
  abstract readonly name: string;
  abstract readonly space: ProductSpace;
  abstract readonly objective: Objective;
  abstract readonly reportMetric: Objective;
  abstract readonly metricNames: readonly string[];
  abstract readonly rowCount: number;
  abstract candidateAt(row: number): ProductCandidate;
  abstract truth(candidate: ProductCandidate): Metrics;
  protected abstract measure(candidate: ProductCandidate, context: EvaluateContext): { metrics: Metrics; hidden: Metrics };

  private cachedOptimum: number | undefined;

  async evaluate(candidate: ProductCandidate, context: EvaluateContext): Promise<Evaluation> {
    const { metrics, hidden } = this.measure(candidate, context);
    return {
      metrics: { ...this.space.statistics(candidate), ...metrics },
      hiddenMetrics: hidden,
      cost: this.costOf(candidate),
      seconds: 0,
      info: { evaluator: this.name },
    };
  }

  /** Full-training equivalents of one evaluation (below 1 only for a cheap fidelity). */
  costOf(candidate: ProductCandidate): number {
    const f = this.space.fidelity;
    return f ? f.cost(candidate.recipe[f.dimension] ?? f.full) : 1;
  }

  optimum(): number {
    if (this.cachedOptimum === undefined) {
      const sign = this.reportMetric.direction === 'max' ? 1 : -1;
      let best = Number.NEGATIVE_INFINITY;
      for (let row = 0; row < this.rowCount; row++) {
        const v = this.truth(this.candidateAt(row))[this.reportMetric.metric];
        if (v !== undefined && Number.isFinite(v)) best = Math.max(best, sign * v);
      }
      this.cachedOptimum = sign * best;
    }
    return this.cachedOptimum;
  }
}

/** Picks one repetition's value at random (the benchmark's evaluation noise). */
export function pickRepetition(values: readonly number[], context: EvaluateContext): number {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return Number.NaN;
  const repeat = context.repeat;
  if (!repeat || repeat.index === 0) return finite[context.rng.int(finite.length)] as number;
  // A re-query: the first evaluation's pick (its stream's first draw, as above), then the other
  // repetitions in a shuffle drawn from the same stream, so each re-query sees a run not seen yet
  // until all were; then they repeat in that order.
  const first = repeat.firstRng.int(finite.length);
  const order = [first, ...repeat.firstRng.shuffle(finite.map((_, i) => i).filter((i) => i !== first))];
  return finite[order[repeat.index % order.length] as number] as number;
}

export function mean(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length === 0 ? Number.NaN : finite.reduce((a, b) => a + b, 0) / finite.length;
}

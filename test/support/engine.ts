import { Rng } from '../../src/core/index.js';
import type { Evaluation, Evaluator, EvaluateContext, Objective } from '../../src/core/index.js';
import type { TabularBenchmark } from '../../src/bench/index.js';
import { SearchEngine } from '../../src/engine/index.js';
import type { RunJournal } from '../../src/run/index.js';
import { MemoryRunJournal } from '../../src/run/index.js';
import { createStrategy } from '../../src/search/index.js';
import type { ProductCandidate } from '../../src/space/index.js';
import { benchmarkSearchSpace } from '../../src/bench/index.js';

export interface TestRunOptions {
  readonly benchmark: TabularBenchmark;
  readonly strategy: string;
  readonly queries: number;
  readonly seed: number;
  readonly journal?: RunJournal;
  readonly objectives?: readonly Objective[];
  readonly evaluator?: Evaluator<ProductCandidate>;
  readonly concurrency?: number;
  readonly fidelity?: 'full' | 'multi';
  readonly signal?: AbortSignal;
  readonly strategyOptions?: Readonly<Record<string, unknown>>;
}

/** Builds and runs an engine the way the CLI does, on a tabular benchmark. */
export async function runOnBenchmark(options: TestRunOptions) {
  const space = benchmarkSearchSpace(options.benchmark.space, options.fidelity ?? 'full');
  const objectives = options.objectives ?? [options.benchmark.objective];
  const journal = options.journal ?? new MemoryRunJournal();
  const engine = new SearchEngine({
    space,
    evaluator: options.evaluator ?? options.benchmark,
    strategy: createStrategy(options.strategy, {
      space,
      objectives,
      rng: new Rng(`${options.seed}/strategy`),
      ...(options.strategyOptions ? { options: options.strategyOptions } : {}),
    }),
    objectives,
    budget: { queries: options.queries },
    seed: options.seed,
    journal,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const result = await engine.run();
  return { result, journal, space };
}

/** Wraps an evaluator so results arrive out of order, as from a worker pool. */
export function withRandomDelays(inner: Evaluator<ProductCandidate>, concurrency: number): Evaluator<ProductCandidate> {
  return {
    name: `${inner.name}+delays`,
    metricNames: inner.metricNames,
    concurrency,
    ...(inner.costOf ? { costOf: inner.costOf.bind(inner) } : {}),
    async evaluate(candidate: ProductCandidate, context: EvaluateContext): Promise<Evaluation> {
      const delay = new Rng(context.rng.seed31()).int(5);
      await new Promise((r) => setTimeout(r, delay));
      return inner.evaluate(candidate, context);
    },
  };
}

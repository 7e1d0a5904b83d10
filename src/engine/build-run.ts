import { createBenchmark } from '../bench/index.js';
import type { TabularBenchmark } from '../bench/index.js';
import { InvalidInputError, Rng } from '../core/index.js';
import type { Candidate, Evaluator, Objective } from '../core/index.js';
import type { RunConfig, RunJournal } from '../run/index.js';
import { createStrategy } from '../search/index.js';
import type { Strategy } from '../search/index.js';
import type { ProductCandidate, SearchSpace } from '../space/index.js';
import { searchSpaceFor } from './benchmark-sweep.js';
import { SearchEngine } from './engine.js';
import { trainerEvaluatorFor, trainerSpaceFor } from './trainer-parts.js';
import type { EngineObserver } from './engine.js';

export interface RunParts {
  readonly space: SearchSpace<Candidate>;
  readonly evaluator: Evaluator<Candidate>;
  readonly objectives: readonly Objective[];
  /** The tabular benchmark behind the evaluator, when there is one (for regret and true fronts). */
  readonly benchmark?: TabularBenchmark;
}

/** Builds the space and evaluator a run config names, checking its objectives against the evaluator's metrics. */
export function buildRunParts(config: RunConfig): RunParts {
  if (config.evaluator.kind === 'trainer') {
    const space = trainerSpaceFor(config.evaluator);
    const evaluator = trainerEvaluatorFor(config.evaluator, config.seed, config.workers);
    checkMetrics(config, [...new Set([...evaluator.metricNames, ...space.statisticNames])]);
    return { space, evaluator, objectives: config.objectives };
  }
  const e = config.evaluator;
  const benchmark = createBenchmark(e.benchmark, {
    ...(e.table ? { table: e.table } : {}),
    ...(e.columns ? { columns: e.columns } : {}),
    ...(e.noise ? { noise: true } : {}),
    ...(e.latencyDevice ? { latencyDevice: e.latencyDevice } : {}),
  });
  checkMetrics(config, benchmark.metricNames);
  const space = searchSpaceFor(benchmark.space, config.fidelity) as unknown as SearchSpace<Candidate>;
  const evaluator = e.simulateSeconds ? inSimulatedTime(benchmark, e.simulateSeconds) : benchmark;
  return { space, evaluator: evaluator as unknown as Evaluator<Candidate>, objectives: config.objectives, benchmark };
}

/**
 * A benchmark replayed in scaled real time: each lookup waits `secondsPerTraining` × its cost
 * (a full training = 1), so the TUI and crash/resume can be exercised on the simulator.
 */
export function inSimulatedTime(benchmark: TabularBenchmark, secondsPerTraining: number): Evaluator<ProductCandidate> {
  return {
    name: benchmark.name,
    metricNames: benchmark.metricNames,
    ...(benchmark.costOf ? { costOf: benchmark.costOf.bind(benchmark) } : {}),
    async evaluate(candidate, context) {
      const evaluation = await benchmark.evaluate(candidate, context);
      const seconds = evaluation.cost * secondsPerTraining;
      await new Promise<void>((resolve) => {
        const onAbort = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          context.signal?.removeEventListener('abort', onAbort);
          resolve();
        }, seconds * 1000);
        context.signal?.addEventListener('abort', onAbort, { once: true });
      });
      return { ...evaluation, seconds };
    },
  };
}

function checkMetrics(config: RunConfig, metricNames: readonly string[]): void {
  config.objectives.forEach((o, i) => {
    if (!metricNames.includes(o.metric)) {
      throw new InvalidInputError(`objectives[${i}].metric must be one of ${metricNames.join(', ')}, but got "${o.metric}"`);
    }
  });
  config.constraints.forEach((c, i) => {
    if (!metricNames.includes(c.metric)) {
      throw new InvalidInputError(`constraints[${i}].metric must be one of ${metricNames.join(', ')}, but got "${c.metric}"`);
    }
  });
}

export interface BuildEngineOptions {
  readonly journal: RunJournal;
  readonly observers?: readonly EngineObserver[];
  readonly signal?: AbortSignal;
  readonly pauseGate?: () => Promise<void>;
}

/**
 * The run's strategy, freshly seeded. Building one is cheap (predictors start on the first ask)
 * and validates the strategy's name and options, so commands call it before a run folder exists.
 */
export function strategyFor(config: RunConfig, parts: RunParts): Strategy<Candidate> {
  return createStrategy(config.strategy, {
    space: parts.space,
    objectives: parts.objectives,
    rng: new Rng(`${config.seed}/strategy`),
    options: config.strategyOptions,
    constraints: config.constraints,
    budget: config.budget,
  });
}

/** A ready-to-run engine for a config: the same config and journal always rebuild the same run. */
export function buildEngine(config: RunConfig, parts: RunParts, options: BuildEngineOptions): SearchEngine<Candidate> {
  const strategy = strategyFor(config, parts);
  return new SearchEngine({
    space: parts.space,
    evaluator: parts.evaluator,
    strategy,
    objectives: parts.objectives,
    budget: config.budget,
    seed: config.seed,
    journal: options.journal,
    concurrency: config.workers,
    ...(options.observers ? { observers: options.observers } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.pauseGate ? { pauseGate: options.pauseGate } : {}),
  });
}

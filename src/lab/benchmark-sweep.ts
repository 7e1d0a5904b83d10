import { Rng, meansByCandidate } from '../core/index.js';
import type { Objective, Observation } from '../core/index.js';
import { benchmarkSearchSpace, benchmarkLosses, trueParetoFront } from '../bench/index.js';
import type { TabularBenchmark } from '../bench/index.js';
import { SearchEngine } from '../engine/index.js';
import { hypervolumeRatio } from '../pareto/index.js';
import { MemoryRunJournal } from '../run/index.js';
import { createStrategy } from '../search/index.js';
import type { ProductCandidate, ProductSpace } from '../space/index.js';

export interface SweepOptions {
  readonly benchmark: TabularBenchmark;
  readonly strategies: readonly string[];
  readonly seeds: number;
  /** First seed; seeds run are firstSeed … firstSeed+seeds-1. */
  readonly firstSeed?: number;
  /** Budget checkpoints, ascending: query counts, or full-training equivalents with `fidelity: 'multi'`. */
  readonly checkpoints: readonly number[];
  /** 'full': every query at full fidelity (the BANANAS/NASLib protocol); 'multi': the strategy picks, budget in cost. */
  readonly fidelity?: 'full' | 'multi';
  /** Extra minimised objectives for the multi-objective report (e.g. flopsM ↓), besides the benchmark's objective. */
  readonly extraObjectives?: readonly Objective[];
  /** Options per strategy; each strategy checks its own before the first run (an unknown one throws). */
  readonly strategyOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly onRunDone?: (strategy: string, seed: number, seconds: number) => void;
}

export interface Stat {
  readonly mean: number;
  readonly std: number;
  readonly median: number;
  /** How many values were finite (seeds with an incumbent); the statistics are over these. */
  readonly count: number;
}

export interface CheckpointResult {
  readonly budget: number;
  /** The benchmark's report metric (NB201 test accuracy, mean validation MSE/balanced accuracy) of the incumbent. */
  readonly report: Stat;
  readonly regret: Stat;
  /** Fraction of the seeds whose named candidate is the table's optimum on the report metric. */
  readonly optimumNamed: number;
  /** Hypervolume ratio to the true front, with extra objectives only. */
  readonly hypervolumeRatio?: Stat;
}

export interface SweepResult {
  readonly benchmark: string;
  readonly reportMetric: Objective;
  readonly optimum: number;
  readonly fidelity: 'full' | 'multi';
  readonly seeds: number;
  readonly objectives: readonly Objective[];
  readonly strategies: readonly { readonly strategy: string; readonly checkpoints: readonly CheckpointResult[]; readonly seconds: number }[];
}

/**
 * Runs each strategy on a tabular benchmark for many seeds through the real engine (in-memory
 * journal) and summarises the incumbent at each budget checkpoint. The incumbent is the candidate
 * with the best *visible* objective among full-fidelity evaluations; its hidden report metric is
 * what gets averaged.
 */
export async function runBenchmarkSweep(options: SweepOptions): Promise<SweepResult> {
  const { benchmark } = options;
  const fidelity = options.fidelity ?? 'full';
  const firstSeed = options.firstSeed ?? 0;
  const space = benchmarkSearchSpace(benchmark.space, fidelity);
  const objectives: Objective[] = [benchmark.objective, ...(options.extraObjectives ?? [])];
  const trueFront = objectives.length > 1 ? trueParetoFront(benchmark, objectives) : undefined;
  const optimum = benchmark.optimum();
  const maxBudget = Math.max(...options.checkpoints);
  const out: SweepResult['strategies'][number][] = [];
  const runs: SweepRun[] = options.strategies.map((strategy) => ({
    benchmark,
    space,
    objectives,
    strategy,
    budget: fidelity === 'full' ? { queries: maxBudget } : { cost: maxBudget },
    ...(options.strategyOptions?.[strategy] ? { options: options.strategyOptions[strategy] } : {}),
  }));
  // A strategy reads its options when it is created: an unknown one fails here, before any run.
  for (const run of runs) sweepStrategy(run, firstSeed);

  for (const run of runs) {
    const strategyName = run.strategy;
    const perCheckpoint = options.checkpoints.map(() => ({ report: [] as number[], regret: [] as number[], hv: [] as number[] }));
    const started = performance.now();
    for (let seed = firstSeed; seed < firstSeed + options.seeds; seed++) {
      const t0 = performance.now();
      const observations = await runSweepSeed(run, seed);
      options.checkpoints.forEach((budget, i) => {
        const seen = withinBudget(observations, budget, fidelity);
        const slot = perCheckpoint[i] as (typeof perCheckpoint)[number];
        const value = incumbentReport(benchmark, seen);
        slot.report.push(value);
        slot.regret.push(Math.abs(optimum - value));
        if (trueFront) slot.hv.push(foundHypervolumeRatio(benchmark, seen, objectives, trueFront));
      });
      options.onRunDone?.(strategyName, seed, (performance.now() - t0) / 1000);
    }
    out.push({
      strategy: strategyName,
      seconds: (performance.now() - started) / 1000,
      checkpoints: options.checkpoints.map((budget, i) => {
        const slot = perCheckpoint[i] as (typeof perCheckpoint)[number];
        return {
          budget,
          report: stat(slot.report),
          regret: stat(slot.regret),
          optimumNamed: slot.regret.filter((r) => r <= 1e-12 * Math.max(1, Math.abs(optimum))).length / slot.regret.length,
          ...(trueFront ? { hypervolumeRatio: stat(slot.hv) } : {}),
        };
      }),
    });
  }
  return {
    benchmark: benchmark.name,
    reportMetric: benchmark.reportMetric,
    optimum,
    fidelity,
    seeds: options.seeds,
    objectives,
    strategies: out,
  };
}

/** One strategy of a sweep: everything its runs share but the seed. */
export interface SweepRun {
  readonly benchmark: TabularBenchmark;
  /** The space searched (`benchmarkSearchSpace`: the fidelity pinned to full for the full-fidelity protocol). */
  readonly space: ProductSpace;
  readonly objectives: readonly Objective[];
  readonly strategy: string;
  readonly budget: { readonly queries: number } | { readonly cost: number };
  readonly options?: Readonly<Record<string, unknown>>;
}

/** The strategy of one run, seeded as every sweep seeds it; throws on an option it does not know. */
function sweepStrategy(run: SweepRun, seed: number) {
  return createStrategy(run.strategy, {
    space: run.space,
    objectives: run.objectives,
    rng: new Rng(`${seed}/strategy`),
    budget: run.budget,
    ...(run.options ? { options: run.options } : {}),
  });
}

/** One seed of a sweep through the real engine (in-memory journal): the observations in order. */
export async function runSweepSeed(run: SweepRun, seed: number): Promise<readonly Observation<ProductCandidate>[]> {
  const engine = new SearchEngine({
    space: run.space,
    evaluator: run.benchmark,
    strategy: sweepStrategy(run, seed),
    objectives: run.objectives,
    budget: run.budget,
    seed,
    journal: new MemoryRunJournal(),
  });
  return (await engine.run()).observations;
}

/** Whether an observation is at full fidelity (every one is, in a space without fidelities). */
function isFull(space: ProductSpace, o: Observation<ProductCandidate>): boolean {
  const f = space.fidelity;
  return !f || o.candidate.recipe[f.dimension] === f.full;
}

function withinBudget(
  observations: readonly Observation<ProductCandidate>[],
  budget: number,
  fidelity: 'full' | 'multi',
): Observation<ProductCandidate>[] {
  if (fidelity === 'full') return observations.slice(0, budget);
  const out: Observation<ProductCandidate>[] = [];
  let spent = 0;
  for (const o of observations) {
    spent += o.cost;
    if (spent > budget + 1e-9) break;
    out.push(o);
  }
  return out;
}

/**
 * Report metric of the full-fidelity candidate with the best mean visible objective (NaN if
 * none): on a noisy benchmark a candidate queried several times is judged by its mean; evaluated
 * once, that is its one value.
 */
export function incumbentReport(benchmark: TabularBenchmark, seen: readonly Observation<ProductCandidate>[]): number {
  const full = seen.filter((o) => isFull(benchmark.space, o));
  const best = meansByCandidate(full, (c) => benchmark.space.key(c))[0];
  if (!best) return Number.NaN;
  return benchmark.truth(best.candidate)[benchmark.reportMetric.metric] as number;
}

function foundHypervolumeRatio(
  benchmark: TabularBenchmark,
  seen: readonly Observation<ProductCandidate>[],
  objectives: readonly Objective[],
  trueFront: readonly number[][],
): number {
  const points = seen.filter((o) => !o.failed && isFull(benchmark.space, o)).map((o) => benchmarkLosses(benchmark, o.candidate, objectives));
  return points.length === 0 ? 0 : hypervolumeRatio(points, trueFront);
}

export function stat(values: readonly number[]): Stat {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { mean: Number.NaN, std: Number.NaN, median: Number.NaN, count: 0 };
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  const variance = finite.length > 1 ? finite.reduce((a, b) => a + (b - mean) ** 2, 0) / (finite.length - 1) : 0;
  const sorted = finite.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { mean, std: Math.sqrt(variance), median, count: finite.length };
}

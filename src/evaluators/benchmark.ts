import { z } from 'zod';
import { BENCHMARKS, NB201_CIFAR10_COLUMNS, benchmarkObjective, benchmarkSearchSpace, createBenchmark } from '../bench/index.js';
import type { TabularBenchmark } from '../bench/index.js';
import type { Candidate, Evaluator } from '../core/index.js';
import type { ProductCandidate, SearchSpace } from '../space/index.js';
import type { EvaluatorKind } from '../setup/evaluator-kind.js';
import { keyValueList, positiveNumber } from '../setup/flag-parsers.js';

/** A day per full training: its waits stay far below the timer limit (2^31 ms, about 24 days). */
const MAX_SIMULATE_SECONDS = 86_400;

const schema = z
  .object({
    kind: z.literal('benchmark'),
    benchmark: z.string().min(1),
    table: z.string().optional(),
    /** NB201-layout tables: column names (arch, valid200, valid12, test200, test12). */
    columns: z
      .object({ arch: z.string(), valid200: z.string(), valid12: z.string(), test200: z.string(), test12: z.string() })
      .partial()
      .strict()
      .optional(),
    noise: z.boolean().optional(),
    latencyDevice: z.string().optional(),
    /** NB201: the zero-cost proxies (synflow, zen, naswot) as free statistics (default true). */
    proxies: z.boolean().optional(),
    /** Replay in (scaled) real time: each evaluation waits cost × this many seconds. */
    simulateSeconds: z.number().nonnegative().max(MAX_SIMULATE_SECONDS).optional(),
  })
  .strict();

export type BenchmarkEvaluatorConfig = z.output<typeof schema>;

/** Tabular benchmarks (NAS-Bench-201, FCNet, HPOBench-MLP): each query looks up recorded results. */
export const benchmarkEvaluator: EvaluatorKind<'benchmark', BenchmarkEvaluatorConfig> = {
  kind: 'benchmark',
  schema,
  noun: 'a tabular benchmark',
  selectedBy: 'benchmark',
  flags: [
    { key: 'benchmark', flags: '--benchmark <name>', description: `tabular benchmark as the evaluator: ${BENCHMARKS.join(', ')}` },
    { key: 'table', flags: '--table <path>', description: 'a benchmark table in the same layout' },
    {
      key: 'columns',
      flags: '--columns <map>',
      description: 'NB201 tables: column names, e.g. valid200=my_valid,test200=my_test',
      parse: keyValueList('--columns', Object.keys(NB201_CIFAR10_COLUMNS)),
    },
    { key: 'noise', flags: '--noise', description: 'NB201: each query sees one random training run' },
    { key: 'withoutProxies', flags: '--without-proxies', description: 'NB201: leave the zero-cost proxies (synflow, zen, naswot) out of the free statistics' },
    {
      key: 'simulateSeconds',
      flags: '--simulate-seconds <s>',
      description: 'benchmark: wait this many seconds per full training (real-time replay)',
      parse: positiveNumber('--simulate-seconds'),
    },
  ],
  fromFlags(flags, base) {
    // the config's table, columns, … belong to its benchmark: kept only when it is the same one
    const same = base && (flags.benchmark === undefined || base.benchmark === flags.benchmark) ? base : {};
    return {
      ...same,
      kind: 'benchmark',
      ...(flags.benchmark !== undefined ? { benchmark: flags.benchmark } : {}),
      ...(flags.table !== undefined ? { table: flags.table } : {}),
      ...(flags.columns !== undefined ? { columns: flags.columns } : {}),
      ...(flags.noise === true ? { noise: true } : {}),
      ...(flags.withoutProxies === true ? { proxies: false } : {}),
      ...(flags.simulateSeconds !== undefined ? { simulateSeconds: flags.simulateSeconds } : {}),
    };
  },
  build(e, context) {
    const benchmark = createBenchmark(e.benchmark, {
      ...(e.table ? { table: e.table } : {}),
      ...(e.columns ? { columns: e.columns } : {}),
      ...(e.noise ? { noise: true } : {}),
      ...(e.latencyDevice ? { latencyDevice: e.latencyDevice } : {}),
      ...(e.proxies === false ? { proxies: false } : {}),
    });
    const space = benchmarkSearchSpace(benchmark.space, context.fidelity) as unknown as SearchSpace<Candidate>;
    const evaluator = e.simulateSeconds ? inSimulatedTime(benchmark, e.simulateSeconds) : benchmark;
    return { space, evaluator: evaluator as unknown as Evaluator<Candidate>, metricNames: benchmark.metricNames, benchmark };
  },
  label: (e) => e.benchmark,
  describe: (e) => `benchmark ${e.benchmark}${e.table ? ` (table ${e.table})` : ''}${e.noise ? ', noisy' : ''}${e.proxies === false ? ', without proxies' : ''}`,
  defaultObjectives: (e) => [benchmarkObjective(e.benchmark)],
  defaultStrategy: 'rea',
  provenance: (e) => ({ kind: 'benchmark', benchmark: e.benchmark }),
  recipeKind: 'benchmark',
};

/**
 * A benchmark replayed in scaled real time: each lookup waits `secondsPerTraining` × its cost
 * (a full training = 1), so the TUI, crash/resume and distributed workers can be exercised on the
 * simulator.
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

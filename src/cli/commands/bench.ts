import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { BENCHMARKS, NB201_CIFAR10_COLUMNS, createBenchmark } from '../../bench/index.js';
import type { Objective } from '../../core/index.js';
import { InvalidInputError } from '../../core/index.js';
import { readRequeryOptions } from '../../search/requery.js';
import { STRATEGY_NAMES } from '../../search/strategy-names.js';
import { fixed, sig, table } from '../format.js';
import { keyValueList, nameList, nonNegativeInt, objectiveList, oneOf, positiveInt, positiveNumberList, strategyOptionsJson } from '../flags.js';
import { checkOutputFile } from '../output-file.js';
import type { SweepResult } from '../../lab/index.js';

interface BenchFlags {
  benchmark: string;
  table?: string;
  columns?: Record<string, string>;
  strategy: string[];
  budget: number;
  checkpoints?: number[];
  seeds: number;
  firstSeed: number;
  fidelity: 'full' | 'multi';
  objectives?: Objective[];
  noise?: boolean;
  withoutProxies?: boolean;
  requery?: number;
  strategyOptions?: Record<string, Record<string, unknown>>;
  out?: string;
  quiet?: boolean;
}

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('run strategies side by side on a tabular benchmark over many seeds and print the incumbent at budget checkpoints')
    .option('--benchmark <name>', `tabular benchmark: ${BENCHMARKS.join(', ')}`, 'nb201-cifar10')
    .option('--table <path>', 'a table in the same layout as the benchmark (e.g. another NB201 dataset)')
    .option('--columns <map>', `NB201 tables: column names, e.g. valid200=my_valid,test200=my_test (keys ${Object.keys(NB201_CIFAR10_COLUMNS).join(', ')})`, keyValueList('--columns', Object.keys(NB201_CIFAR10_COLUMNS)))
    .addOption(
      new Option('--strategy <names>', `comma-separated: ${STRATEGY_NAMES.join(', ')}`).argParser(nameList('--strategy', STRATEGY_NAMES)).default(['random', 'rea'], 'random,rea'),
    )
    .option('--budget <n>', 'queries per run (full fidelity) or full-training equivalents (--fidelity multi)', positiveInt('--budget'), 200)
    .option('--checkpoints <list>', 'budgets to report (default 25,50,100,150,200 up to --budget)', positiveNumberList('--checkpoints'))
    .option('--seeds <n>', 'runs per strategy', positiveInt('--seeds'), 10)
    .option('--first-seed <n>', 'seed of the first run', nonNegativeInt('--first-seed'), 0)
    .option('--fidelity <mode>', 'full: every query at full fidelity; multi: strategies may query cheap fidelities', oneOf('--fidelity', ['full', 'multi'] as const), 'full')
    .option('--objectives <list>', 'more than one turns on the multi-objective report, e.g. validAcc:max,flopsM:min', objectiveList('--objectives'))
    .option('--noise', 'NB201: each query sees one random training run instead of the mean over runs')
    .option('--without-proxies', 'NB201: leave the zero-cost proxies (synflow, zen, naswot) out of the free statistics')
    .option('--requery <n>', 'every strategy keeps the last n queries of --budget for re-queries of its best candidates (noisy benchmarks)', nonNegativeInt('--requery'))
    .option('--strategy-options <json>', 'options per strategy as JSON, the run config\'s strategyOptions keyed by strategy, e.g. \'{"bo":{"gp":{"fullFitEvery":1}}}\'', strategyOptionsJson('--strategy-options', STRATEGY_NAMES))
    .option('--out <file>', 'write the results as JSON here (default runs/bench-<benchmark>-<time>.json)')
    .option('--quiet', 'print only the table')
    .action(async (flags: BenchFlags) => {
      const benchmark = createBenchmark(flags.benchmark, {
        ...(flags.table ? { table: flags.table } : {}),
        ...(flags.columns ? { columns: flags.columns } : {}),
        ...(flags.noise ? { noise: true } : {}),
        ...(flags.withoutProxies ? { proxies: false } : {}),
      });
      // The strategies' own check, before any run: below a query budget, which --fidelity multi has not.
      if (flags.requery !== undefined) readRequeryOptions(flags.requery, flags.fidelity === 'full' ? flags.budget : undefined);
      // ascending and distinct, whatever order they were given in
      const checkpoints = [...new Set(flags.checkpoints ?? [25, 50, 100, 150, 200])].sort((a, b) => a - b).filter((c) => c <= flags.budget);
      if (checkpoints.length === 0 || checkpoints.at(-1) !== flags.budget) checkpoints.push(flags.budget);
      const objectives = flags.objectives ?? [benchmark.objective];
      const first = objectives[0] as Objective;
      if (first.metric !== benchmark.objective.metric || first.direction !== benchmark.objective.direction) {
        throw new InvalidInputError(
          `--objectives must start with the benchmark's objective ${benchmark.objective.metric}:${benchmark.objective.direction}, but got ${first.metric}:${first.direction}`,
        );
      }
      for (const o of objectives.slice(1)) {
        if (!benchmark.metricNames.includes(o.metric)) {
          throw new InvalidInputError(`--objectives metric must be one of ${benchmark.metricNames.join(', ')}, but got "${o.metric}"`);
        }
      }
      for (const name of Object.keys(flags.strategyOptions ?? {})) {
        if (!flags.strategy.includes(name)) throw new InvalidInputError(`--strategy-options names ${name}, which is not in --strategy ${flags.strategy.join(',')}`);
      }
      const strategyOptions = flags.requery || flags.strategyOptions
        ? Object.fromEntries(flags.strategy.map((name) => [name, { ...(flags.strategyOptions?.[name] ?? {}), ...(flags.requery ? { requery: flags.requery } : {}) }]))
        : undefined;
      // A path the results cannot go to fails now, not after the whole sweep.
      const out = flags.out ?? path.join('runs', `bench-${benchmark.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
      checkOutputFile('--out', out);
      const started = performance.now();
      // The sweep (strategies, predictor, tfjs) loads once the flags and the table have passed.
      const { runBenchmarkSweep } = await import('../../lab/index.js');
      const result = await runBenchmarkSweep({
        benchmark,
        strategies: flags.strategy,
        seeds: flags.seeds,
        firstSeed: flags.firstSeed,
        checkpoints,
        fidelity: flags.fidelity,
        extraObjectives: objectives.slice(1),
        ...(strategyOptions ? { strategyOptions } : {}),
        ...(flags.quiet
          ? {}
          : {
              onRunDone: (strategy: string, seed: number) => {
                if (process.stderr.isTTY) process.stderr.write(`\r${strategy} seed ${seed}   `);
              },
            }),
      });
      const seconds = (performance.now() - started) / 1000;
      if (!flags.quiet && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      process.stdout.write(formatSweep(result) + '\n');
      mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      writeFileSync(out, JSON.stringify({ ...result, seconds, command: process.argv.slice(2) }, null, 2) + '\n');
      if (!flags.quiet) process.stdout.write(`\nwall ${seconds.toFixed(2)} s (${result.strategies.map((s) => `${s.strategy} ${s.seconds.toFixed(2)} s`).join(', ')}); JSON: ${out}\n`);
    });
}

export function formatSweep(result: SweepResult): string {
  const { reportMetric } = result;
  const hasHv = result.objectives.length > 1;
  const unit = result.fidelity === 'full' ? 'queries' : 'cost (full trainings)';
  const header = ['strategy', unit, `${reportMetric.metric} mean ± std`, 'regret mean ± std', 'regret median', 'optimum named', ...(hasHv ? ['HV ratio mean ± std'] : [])];
  const digits = Math.abs(result.optimum) >= 1 ? 2 : 4;
  const fmt = (v: number) => (digits === 2 ? fixed(v, 2) : sig(v, 4));
  const rows = result.strategies.flatMap((s) =>
    s.checkpoints.map((c) => [
      s.strategy,
      String(c.budget),
      // seeds without a full-fidelity incumbent yet are left out of the mean: say how many count
      `${fmt(c.report.mean)} ± ${fmt(c.report.std)}${c.report.count < result.seeds ? ` (${c.report.count}/${result.seeds})` : ''}`,
      `${fmt(c.regret.mean)} ± ${fmt(c.regret.std)}`,
      fmt(c.regret.median),
      `${Math.round(c.optimumNamed * 100)}%`,
      ...(c.hypervolumeRatio ? [`${fixed(c.hypervolumeRatio.mean, 4)} ± ${fixed(c.hypervolumeRatio.std, 4)}`] : []),
    ]),
  );
  const title =
    `${result.benchmark}: ${reportMetric.metric} (${reportMetric.direction}) of the best-by-validation candidate, ` +
    `optimum ${fmt(result.optimum)}, ${result.seeds} seeds, ${result.fidelity} fidelity` +
    (hasHv ? `; objectives ${result.objectives.map((o) => `${o.metric}:${o.direction}`).join(', ')}` : '');
  const partial = result.strategies.some((s) => s.checkpoints.some((c) => c.report.count < result.seeds));
  const note = partial ? '\n(n/N): only n of the N seeds had a full-fidelity incumbent at that budget; the statistics are over those n' : '';
  return `${title}\n${table(header, rows)}${note}`;
}

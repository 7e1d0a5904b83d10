import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { BENCHMARKS } from '../../bench/index.js';
import { positiveInt, positiveNumberList } from '../flags.js';
import { InvalidInputError } from '../../core/index.js';
import { evaluatePredictors, formatPredictorEvalReport } from '../../lab/index.js';
import { parseProxyNames, proxyNamesOfFlag } from '../../evaluators/trainer.js';
import { PROXY_NAMES } from '../../space/index.js';
import type { ProxyName } from '../../space/index.js';
import { runEvalSource } from '../run-eval-source.js';
import { checkOutputFile } from '../output-file.js';

interface EvalFlags {
  benchmark: string;
  table?: string;
  run?: string;
  trainSizes?: number[];
  seeds: number;
  heldOut?: number;
  proxies?: true | ProxyName[];
  methods?: string[];
  out?: string;
}

const DEFAULT_TRAIN_SIZES = [25, 50, 100, 200];

export function registerPredictorCommand(program: Command): void {
  const predictor = program.command('predictor').description('predictor tools');
  predictor
    .command('eval')
    .description('train predictors on N random candidates of a tabular benchmark (or of a run) and rank held-out ones (Kendall τ, Spearman ρ, top-k)')
    .option('--benchmark <name>', `tabular benchmark: ${BENCHMARKS.join(', ')}`, 'nb201-cifar10')
    .option('--table <path>', 'a benchmark table in the same layout')
    .option('--run <dir>', "a run folder instead: its measured candidates, first objective (e.g. with and without a trainer run's --proxies)")
    .addOption(new Option('--train-sizes <list>', 'training-set sizes (default 25,50,100,200; with --run those that fit)').argParser(positiveNumberList('--train-sizes')))
    .option('--proxies [names]', `with --run, of a trainer or command run without them: add zero-cost proxies (all, or a comma list of ${PROXY_NAMES.join(',')}) to see whether they would help`, (v: string) => parseProxyNames(v, '--proxies'))
    .option('--seeds <n>', 'repetitions (different samples and model seeds)', positiveInt('--seeds'), 10)
    .option('--held-out <n>', 'held-out candidates scored per seed (default 1000; with --run a third of its candidates)', positiveInt('--held-out'))
    .option(
      '--methods <list>',
      'comma-separated predictors to compare (default all: ridge-onehot, ridge-onehot+stats, stat:<name>, neural, neural-pretrained[-no-proxies|-no-descriptors], forest, neural-pretrained+forest, gp, gp+stats; those the space has)',
      (v: string) => v.split(',').map((m) => m.trim()),
    )
    .option('--out <file>', 'JSON report (default runs/predictor-eval-<benchmark or run>-<time>.json)')
    .action(async (flags: EvalFlags, command: Command) => {
      if (flags.run !== undefined && (flags.table !== undefined || command.getOptionValueSource('benchmark') === 'cli')) {
        throw new InvalidInputError('--run evaluates on a run\'s own candidates, so it cannot go with --benchmark or --table');
      }
      if (flags.proxies !== undefined && flags.run === undefined) throw new InvalidInputError('--proxies goes with --run (a trainer or command run); benchmark tables have theirs built in');
      const proxies = flags.proxies === undefined ? undefined : proxyNamesOfFlag(flags.proxies);
      const source = flags.run !== undefined ? await runEvalSource(flags.run, proxies ? { proxies } : {}) : undefined;
      const heldOut = flags.heldOut ?? (source ? Math.max(2, Math.floor(source.rowCount / 3)) : 1000);
      const trainSizes = flags.trainSizes?.map((n) => Math.round(n)) ?? (source ? DEFAULT_TRAIN_SIZES.filter((n) => n + heldOut <= source.rowCount) : DEFAULT_TRAIN_SIZES);
      if (source && trainSizes.length === 0) {
        throw new InvalidInputError(
          `--run ${flags.run} has ${source.rowCount} measured candidates, too few to hold out ${heldOut} and train on ${DEFAULT_TRAIN_SIZES[0]}: give --train-sizes and --held-out that fit`,
        );
      }
      const name = source?.name ?? flags.benchmark;
      const out = flags.out ?? path.join('runs', `predictor-eval-${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
      checkOutputFile('--out', out);
      const started = Date.now();
      const report = await evaluatePredictors(
        {
          benchmark: name,
          ...(source ? { source } : {}),
          trainSizes,
          seeds: flags.seeds,
          heldOut,
          ...(flags.methods ? { only: flags.methods } : {}),
          ...(flags.table ? { benchmarkOptions: { table: flags.table } } : {}),
        },
        (p) => {
          if (process.stderr.isTTY) {
            process.stderr.write(`\r[${((Date.now() - started) / 1000).toFixed(0)} s] ${p.done}/${p.total} seed ${p.seed} ${p.method} N=${p.trainSize} τ=${p.kendall.toFixed(3)}\x1b[K`);
          }
        },
      );
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      process.stdout.write(formatPredictorEvalReport(report) + '\n');
      mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      writeFileSync(out, JSON.stringify(report, null, 1) + '\n');
      process.stdout.write(`\nwall ${((Date.now() - started) / 1000).toFixed(1)} s; JSON: ${out}\n`);
    });
}

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { BENCHMARKS } from '../../bench/index.js';
import { positiveInt, positiveNumberList } from '../flags.js';
import { evaluatePredictors, formatPredictorEvalReport } from '../../lab/index.js';
import { checkOutputFile } from '../output-file.js';

interface EvalFlags {
  benchmark: string;
  table?: string;
  trainSizes: number[];
  seeds: number;
  heldOut: number;
  out?: string;
}

export function registerPredictorCommand(program: Command): void {
  const predictor = program.command('predictor').description('predictor tools');
  predictor
    .command('eval')
    .description('train predictors on N random candidates of a tabular benchmark and rank held-out ones (Kendall τ, Spearman ρ, top-k)')
    .option('--benchmark <name>', `tabular benchmark: ${BENCHMARKS.join(', ')}`, 'nb201-cifar10')
    .option('--table <path>', 'a benchmark table in the same layout')
    .addOption(new Option('--train-sizes <list>', 'training-set sizes').argParser(positiveNumberList('--train-sizes')).default([25, 50, 100, 200], '25,50,100,200'))
    .option('--seeds <n>', 'repetitions (different samples and model seeds)', positiveInt('--seeds'), 10)
    .option('--held-out <n>', 'held-out candidates scored per seed', positiveInt('--held-out'), 1000)
    .option('--out <file>', 'JSON report (default runs/predictor-eval-<benchmark>-<time>.json)')
    .action(async (flags: EvalFlags) => {
      const out = flags.out ?? path.join('runs', `predictor-eval-${flags.benchmark}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
      checkOutputFile('--out', out);
      const started = Date.now();
      const report = await evaluatePredictors(
        {
          benchmark: flags.benchmark,
          trainSizes: flags.trainSizes.map((n) => Math.round(n)),
          seeds: flags.seeds,
          heldOut: flags.heldOut,
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

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { toLosses } from '../../core/index.js';
import { paretoFront } from '../../pareto/index.js';
import { RunDirectory, bestFor, listRuns, parseRunConfig, runConfigJsonSchema, summariseRun } from '../../run/index.js';
import type { RunConfig, RunSummary } from '../../run/index.js';
import { sig, table } from '../format.js';
import { livePid } from '../run-session.js';

function state(run: RunDirectory, summary: RunSummary): string {
  const pid = livePid(run);
  if (pid !== undefined) return `running (pid ${pid})`;
  if (summary.finished?.reason === 'stopped') return 'stopped (jars resume to continue)';
  if (summary.finished) return `finished (${summary.finished.reason})`;
  return summary.sessions > 0 ? 'interrupted (jars resume to continue)' : 'not started';
}

function budgetText(config: RunConfig): string {
  const b = config.budget;
  return [b.queries && `${b.queries} evaluations`, b.cost && `${b.cost} full trainings`, b.seconds && `${b.seconds} s`].filter(Boolean).join(' / ');
}

export function registerStatusCommands(program: Command): void {
  program
    .command('status')
    .description('summarise a run, live or finished: progress, best per objective, Pareto front')
    .argument('<run>', 'run folder')
    .action((dir: string) => {
      const run = RunDirectory.open(dir);
      const config = parseRunConfig(run.config, run.file('config.json'));
      const summary = summariseRun(run.events());
      const ok = summary.evaluated.filter((c) => c.failure === undefined);
      const out: string[] = [];
      const evaluator = config.evaluator.kind === 'benchmark' ? `benchmark ${config.evaluator.benchmark}` : `trainer on ${config.evaluator.dataset} (${config.evaluator.space})`;
      out.push(`run ${run.id}: ${state(run, summary)}`);
      out.push(`${config.strategy} on ${evaluator}, seed ${config.seed}, budget ${budgetText(config)}`);
      out.push(
        `evaluated ${summary.evaluated.length} (failed ${summary.failed}), pending ${summary.pending.length}, cost ${sig(summary.spentCost, 4)} full trainings, sessions ${summary.sessions}` +
          (summary.stage ? `, stage: ${summary.stage}` : ''),
      );
      for (const o of config.objectives) {
        const best = bestFor(summary.evaluated, o);
        if (best) out.push(`best ${o.metric} (${o.direction}): ${sig(best.metrics[o.metric] as number, 5)}  #${best.id} ${best.key}`);
      }
      if (config.objectives.length > 1 && ok.length > 0) {
        const front = paretoFront(ok.map((c) => toLosses(c.metrics, config.objectives)));
        out.push(`Pareto front (${front.length}):`);
        out.push(
          table(
            ['id', ...config.objectives.map((o) => o.metric), 'candidate'],
            front.map((i) => {
              const c = ok[i]!;
              return [`#${c.id}`, ...config.objectives.map((o) => sig(c.metrics[o.metric] as number, 5)), c.key];
            }),
          ),
        );
      }
      if (summary.predictorFits.length > 0) {
        const last = summary.predictorFits.at(-1)!;
        out.push(`predictor: ${summary.predictorFits.length} fits, last on ${last.samples} samples in ${last.seconds.toFixed(2)} s`);
      }
      process.stdout.write(out.join('\n') + '\n');
    });

  program
    .command('ls')
    .description('list runs, newest first')
    .option('--runs-dir <dir>', 'where run folders are', 'runs')
    .action((flags: { runsDir: string }) => {
      const rows = listRuns(flags.runsDir).map((r) => {
        const run = RunDirectory.open(r.dir);
        const summary = summariseRun(run.events());
        const parsed = (() => {
          try {
            return parseRunConfig(run.config);
          } catch {
            return undefined;
          }
        })();
        return [
          r.id,
          state(run, summary),
          parsed?.strategy ?? '?',
          parsed ? (parsed.evaluator.kind === 'benchmark' ? parsed.evaluator.benchmark : parsed.evaluator.dataset) : '?',
          String(summary.evaluated.length),
        ];
      });
      if (rows.length === 0) process.stdout.write(`no runs in ${flags.runsDir}\n`);
      else process.stdout.write(table(['run', 'state', 'strategy', 'evaluator', 'evaluated'], rows) + '\n');
    });

  program
    .command('schema')
    .description('print (or write) the JSON Schema of run config files')
    .option('--out <file>', 'write it to a file instead of stdout')
    .action((flags: { out?: string }) => {
      const text = JSON.stringify(runConfigJsonSchema(), null, 2) + '\n';
      if (flags.out) writeFileSync(flags.out, text);
      else process.stdout.write(text);
    });
}

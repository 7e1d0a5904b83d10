import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { RunDirectory, listRuns, bestPoints, frontPoints, lifecycleOf, runStateFromEvents } from '../../run/index.js';
import type { RunState } from '../../run/index.js';
import { resolveRunDir } from '../../report/resolve-run-dir.js';
import { describeCandidateFields } from '../candidate-fields.js';
import { budgetText, sig, table } from '../format.js';
// The light parts of the setup layer (no tfjs, engine or queue): these commands start in well under a second.
import { parseRunConfig, runConfigJsonSchema } from '../../setup/run-config.js';
import { describeEvaluator, evaluatorLabel, runStateConfig } from '../../setup/run-describe.js';
import { exitWhenFlushed } from '../exit.js';

/** The run's lifecycle (the one `lifecycleOf` the report uses) in words, with what to do next. */
function lifecycle(run: RunDirectory, state: RunState): string {
  const holder = run.activeHolder();
  const life = lifecycleOf(state, holder?.pid);
  switch (life.kind) {
    case 'running':
      return `running (pid ${life.pid}${holder === undefined || holder.host === hostname() ? '' : ` on ${holder.host}`})`;
    case 'finished':
      if (life.reason === 'stopped') return 'stopped (jars resume to continue)';
      if (life.reason === 'failed') return 'failed (fix the cause, then jars resume to continue)';
      return `finished (${life.reason})`;
    case 'interrupted':
      return 'interrupted (jars resume to continue)';
    case 'not-started':
      return 'not started';
  }
}

export function registerStatusCommands(program: Command): void {
  program
    .command('status')
    .description('summarise a run, live or finished: progress, best per objective, Pareto front')
    .argument('<run>', 'run folder (runs/<run-id>) or run id')
    .option('--runs-dir <dir>', 'where run ids are looked up', 'runs')
    .action(async (dir: string, flags: { runsDir: string }) => {
      const run = RunDirectory.open(resolveRunDir(dir, flags.runsDir));
      const config = parseRunConfig(run.config, run.file('config.json'));
      // The same fold of the journal the TUI and the progress lines show.
      const state = runStateFromEvents(runStateConfig(config), run.events());
      const out: string[] = [];
      const evaluator = describeEvaluator(config);
      out.push(`run ${run.id}: ${lifecycle(run, state)}`);
      if (state.finished?.reason === 'failed' && state.finished.message !== undefined && run.activeHolder() === undefined) out.push(`error: ${state.finished.message}`);
      const extended = budgetText(state.budget) === budgetText(config.budget) ? '' : ` (changed by jars resume; ${budgetText(config.budget)} at start)`;
      out.push(`${config.strategy} on ${evaluator}, seed ${config.seed}, budget ${budgetText(state.budget)}${extended}`);
      out.push(
        `evaluated ${state.points.length} (failed ${state.failed}), pending ${state.pending.length}, cost ${sig(state.costSpent, 4)} full trainings, sessions ${state.sessions}` +
          (state.stage ? `, stage: ${state.stage}` : ''),
      );
      bestPoints(state).forEach((best, j) => {
        const o = config.objectives[j]!;
        if (best) out.push(`best ${o.metric} (${o.direction}): ${sig(best.values[j] as number, 5)}  #${best.id} ${describeCandidateFields(best.candidate)}`);
      });
      const front = frontPoints(state);
      if (config.objectives.length > 1 && front.length > 0) {
        out.push(`Pareto front (${front.length}):`);
        out.push(
          table(
            ['id', ...config.objectives.map((o) => o.metric), 'candidate'],
            front.map((p) => [`#${p.id}`, ...p.values.map((v) => sig(v, 5)), describeCandidateFields(p.candidate)]),
          ),
        );
      }
      const last = state.fits.at(-1);
      if (last) out.push(`predictor: ${state.fits.length} fits, last on ${last.samples} samples in ${last.seconds.toFixed(2)} s`);
      if (config.queue) {
        const { readQueueStatus, describeQueue } = await import('../../setup/distributed.js');
        const queue = await readQueueStatus(config, run.id);
        out.push(...(queue ? describeQueue(queue.status, queue.queueName) : ['queue: redis does not answer (workers unknown)']));
      }
      process.stdout.write(out.join('\n') + '\n');
      if (config.queue) exitWhenFlushed(0);
    });

  program
    .command('ls')
    .description('list runs, newest first')
    .option('--runs-dir <dir>', 'where run folders are', 'runs')
    .action((flags: { runsDir: string }) => {
      const rows = listRuns(flags.runsDir).map((r) => {
        // One unreadable run (bad config.json, corrupt journal, a planted link) must not hide the rest.
        try {
          const run = RunDirectory.open(r.dir);
          const parsed = (() => {
            try {
              return parseRunConfig(run.config);
            } catch {
              return undefined;
            }
          })();
          const state = runStateFromEvents(parsed ? runStateConfig(parsed) : { objectives: [], budget: {} }, run.events());
          return [
            r.id,
            lifecycle(run, state),
            parsed?.strategy ?? '?',
            parsed ? evaluatorLabel(parsed) : '?',
            String(state.points.length),
          ];
        } catch (error) {
          return [r.id, `broken: ${error instanceof Error ? error.message : String(error)}`, '?', '?', '?'];
        }
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

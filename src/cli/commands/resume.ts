import type { Command } from 'commander';
import { RunDirectory, budgetInForce, runStateFromEvents } from '../../run/index.js';
import { resolveRunDir } from '../../report/resolve-run-dir.js';
import { sayIfNativeOff } from '../native-line.js';
import { duration, positiveInt, positiveNumber } from '../flags.js';
import { budgetText } from '../format.js';
import { budgetChangeFor } from '../budget-change.js';
import type { BudgetChange } from '../budget-change.js';
// Light modules only: the run folder, its config and journal are checked before the engine, the
// strategies, the queue and the TUI load.
import { parseRunConfig } from '../../setup/run-config.js';
import { runStateConfig } from '../../setup/run-describe.js';
import { exitWhenFlushed } from '../exit.js';

interface ResumeFlags {
  tui: boolean;
  json?: boolean;
  quiet?: boolean;
  runsDir: string;
  budget?: number;
  costBudget?: number;
  timeBudget?: number;
}

export function registerResumeCommand(program: Command): void {
  program
    .command('resume')
    .description('continue an interrupted run (even after a crash or kill) without losing or repeating an evaluation; with --budget, extend a finished one')
    .argument('<run>', 'run folder (e.g. runs/20261124-101500-rea-s0) or run id')
    .option('--budget <n>', "the run's new total number of evaluations (more than it has spent)", positiveInt('--budget'))
    .option('--cost-budget <x>', "the run's new total cost in full-training equivalents", positiveNumber('--cost-budget'))
    .option('--time-budget <duration>', "the run's new total running time (all its sessions): seconds or 90s, 5m, 2h", duration('--time-budget'))
    .option('--runs-dir <dir>', 'where run ids are looked up', 'runs')
    .option('--no-tui', 'plain progress lines on stderr even on a terminal')
    .option('--json', 'stream new journal events as JSON lines on stdout')
    .option('--quiet', 'no progress lines or summary on stderr (batch mode)')
    .action(async (dir: string, flags: ResumeFlags) => {
      const run = RunDirectory.open(resolveRunDir(dir, flags.runsDir));
      const config = parseRunConfig(run.config, `${run.file('config.json')}`);
      const events = run.events();
      const [{ buildRunParts }, { runSession }, { createOutput, exitCodeFor, outputModeOf, sessionParts }] = await Promise.all([
        import('../../setup/build-run.js'),
        import('../run-session.js'),
        import('../session-output.js'),
      ]);
      const local = buildRunParts(config, { runDir: run.dir });
      const parts = await sessionParts(config, local, run.id);
      const change: BudgetChange = {
        ...(flags.budget !== undefined ? { queries: flags.budget } : {}),
        ...(flags.costBudget !== undefined ? { cost: flags.costBudget } : {}),
        ...(flags.timeBudget !== undefined ? { seconds: flags.timeBudget } : {}),
      };
      const changing = Object.keys(change).length > 0;
      // Checked before anything is said or started (and again under the run's lock).
      if (changing) budgetChangeFor(events, runStateConfig(config, local), change);
      if (!flags.quiet) {
        const state = runStateFromEvents(runStateConfig(config, local), events);
        const before = budgetInForce(config.budget, events);
        const hint = !changing && state.finished?.reason === 'budget' ? `; its budget (${budgetText(before)}) is spent: \`jars resume ${dir} --budget N\` extends it` : '';
        process.stderr.write(`jars: resuming ${run.dir} (${state.points.length} evaluations recorded)${hint}\n`);
      }
      if (config.evaluator.kind === 'trainer' && !config.queue) sayIfNativeOff();
      const { output, controls } = await createOutput(outputModeOf(flags), run, config, parts, { quiet: flags.quiet === true });
      const result = await runSession(run, config, output, controls, parts, changing ? { budgetChange: change } : {});
      process.exitCode = exitCodeFor(result);
      if (config.queue) exitWhenFlushed(process.exitCode);
    });
}

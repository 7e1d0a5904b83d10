import type { Command } from 'commander';
import { RunDirectory } from '../../run/index.js';
import { resolveRunDir } from '../../report/index.js';
import { runSession } from '../run-session.js';
import { createOutput, exitCodeFor, queueNotice } from '../session-output.js';
import type { OutputMode } from '../session-output.js';
import { buildRunParts, parseRunConfig, queuedRunParts } from '../../setup/index.js';

export function registerResumeCommand(program: Command): void {
  program
    .command('resume')
    .description('continue an interrupted run (even after a crash or kill) without losing or repeating an evaluation')
    .argument('<run>', 'run folder (e.g. runs/20261124-101500-rea-s0) or run id')
    .option('--runs-dir <dir>', 'where run ids are looked up', 'runs')
    .option('--no-tui', 'plain progress lines on stderr even on a terminal')
    .option('--json', 'stream new journal events as JSON lines on stdout')
    .option('--quiet', 'no progress lines or summary on stderr (batch mode)')
    .action(async (dir: string, flags: { tui: boolean; json?: boolean; quiet?: boolean; runsDir: string }) => {
      const run = RunDirectory.open(resolveRunDir(dir, flags.runsDir));
      const config = parseRunConfig(run.config, `${run.file('config.json')}`);
      const local = buildRunParts(config, { runDir: run.dir });
      const parts = config.queue ? queuedRunParts(config, local, run.id, queueNotice) : local;
      const mode: OutputMode = flags.json ? 'json' : flags.tui && process.stdout.isTTY && process.stdin.isTTY ? 'tui' : 'lines';
      const done = run.events().filter((e) => e.type === 'candidate-evaluated').length;
      if (!flags.quiet) process.stderr.write(`jars: resuming ${run.dir} (${done} evaluations recorded)\n`);
      const { output, controls } = createOutput(mode, run, config, parts, { quiet: flags.quiet === true });
      const result = await runSession(run, config, output, controls, parts);
      process.exitCode = exitCodeFor(result);
    });
}

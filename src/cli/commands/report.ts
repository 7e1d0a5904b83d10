import path from 'node:path';
import type { Command } from 'commander';
import { formatNumber, resolveRunDir, writeReport } from '../../report/index.js';

interface ReportFlags {
  quiet?: boolean;
  runsDir: string;
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('write report.md into a run folder: config, Pareto front table, best candidate per objective, predictor quality, failures, and SVG plots (front, hypervolume or best-so-far over time); works on live and interrupted runs')
    .argument('<run>', 'run folder (runs/<run-id>) or run id')
    .option('--runs-dir <dir>', 'where run ids are looked up', 'runs')
    .option('--quiet', 'print nothing on success')
    .action((run: string, flags: ReportFlags) => {
      const written = writeReport(resolveRunDir(run, flags.runsDir));
      if (flags.quiet) return;
      const a = written.analysis;
      const hv = written.hypervolume;
      const hvText = hv ? `, ${hv.basis === 'true-front' ? 'HV ratio to the true front' : 'normalised HV'} ${formatNumber(hv.values.at(-1))}` : '';
      process.stdout.write(
        `${written.reportPath}: ${a.evaluated.length} evaluations, ${a.front.length} on the front${hvText}\n` +
          `plots: ${written.files.slice(1).map((f) => path.basename(f)).join(', ') || 'none (nothing evaluated yet)'}\n`,
      );
    });
}

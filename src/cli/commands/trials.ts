import type { Command } from 'commander';
import { RunDirectory, runStateFromEvents } from '../../run/index.js';
import type { MeasuredPoint, PendingCandidate, RunState } from '../../run/index.js';
import { resolveRunDir } from '../../report/resolve-run-dir.js';
import { parseRunConfig } from '../../setup/run-config.js';
import { runStateConfig } from '../../setup/run-describe.js';
import { candidateFields } from '../candidate-fields.js';
import { oneOf } from '../flags.js';

const TRIALS_FORMATS = ['csv', 'json'] as const;
type TrialsFormat = (typeof TRIALS_FORMATS)[number];
type Cell = string | number | boolean | null;
type Row = Record<string, Cell>;

export function registerTrialsCommand(program: Command): void {
  program
    .command('trials')
    .description("every evaluation of a run as a table (CSV or JSON): id, status, metrics, fidelity, the candidate's fields")
    .argument('<run>', 'run folder (runs/<run-id>) or run id')
    .option('--format <format>', TRIALS_FORMATS.join(', '), oneOf('--format', TRIALS_FORMATS), 'csv' as TrialsFormat)
    .option('--runs-dir <dir>', 'where run ids are looked up', 'runs')
    .action(async (arg: string, flags: { format: TrialsFormat; runsDir: string }) => {
      const run = RunDirectory.open(resolveRunDir(arg, flags.runsDir));
      const config = parseRunConfig(run.config, run.file('config.json'));
      // Which evaluations are at full fidelity needs the space; only multi-fidelity runs have others.
      const parts = config.fidelity === 'multi' ? (await import('../../setup/build-run.js')).buildRunParts(config) : undefined;
      const state = runStateFromEvents(runStateConfig(config, parts), run.events());
      const rows = trialRows(state);
      process.stdout.write(flags.format === 'json' ? JSON.stringify(rows, null, 2) + '\n' : toCsv(rows));
    });
}

/**
 * One row per evaluation in journal order, then the proposals not evaluated (status `pending`):
 * id, status, full fidelity or not, cost, seconds, time, every metric (hidden ones as
 * `hidden.<metric>`), the candidate's `arch.*` and `recipe.*` fields, and the failure message.
 */
export function trialRows(state: RunState): Row[] {
  const measured = state.points.toArray().map((p) => measuredRow(p));
  const pending = state.pending.map((p) => pendingRow(p));
  return [...measured, ...pending];
}

function measuredRow(p: MeasuredPoint): Row {
  const e = p.evaluation;
  const status = p.failed ? 'failed' : p.pruned ? 'pruned' : 'complete';
  const hidden = Object.fromEntries(Object.entries(e.hiddenMetrics ?? {}).map(([k, v]) => [`hidden.${k}`, finite(v)]));
  const metrics = Object.fromEntries(Object.entries(e.metrics).map(([k, v]) => [k, finite(v)]));
  return {
    id: p.id,
    status,
    fullFidelity: p.full,
    cost: e.cost,
    seconds: e.seconds,
    time: p.time,
    ...metrics,
    ...hidden,
    ...candidateFields(p.candidate),
    failure: e.failure ?? null,
  };
}

function pendingRow(p: PendingCandidate): Row {
  return { id: p.id, status: 'pending', ...candidateFields(p.candidate) };
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** RFC 4180 CSV; the header is the union of the rows' columns in order of first appearance. */
export function toCsv(rows: readonly Row[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: Cell | undefined): string => {
    if (v === null || v === undefined) return '';
    const text = String(v);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

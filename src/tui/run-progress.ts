import type { RunState } from '../run/index.js';
import { sessionSeconds } from '../run/index.js';
import { formatDuration, formatMetric } from './format.js';

/** One budget limit and how much of it is used. */
export interface BudgetUse {
  readonly kind: 'queries' | 'cost' | 'seconds';
  readonly used: number;
  readonly limit: number;
  /** `12/40 evals`, `cost 3.20/10.0`, `1m02s/5m00s`. */
  readonly label: string;
}

export interface RunProgress {
  readonly evaluated: number;
  readonly failed: number;
  readonly pending: number;
  readonly costSpent: number;
  /** Running time over all sessions. */
  readonly elapsedSeconds: number;
  /** Running time of the latest session (what a `seconds` budget counts). */
  readonly sessionSeconds: number;
  readonly limits: readonly BudgetUse[];
  /** Share of the budget used, 0…1: the limit closest to ending the run decides. */
  readonly fraction: number;
  /** Seconds until the first limit is reached at the average pace so far; undefined before any pace is known. */
  readonly etaSeconds: number | undefined;
}

/**
 * Where a run stands. With `nowMs` (only while the run is live) the time since the latest event
 * counts as running time, so elapsed and ETA move between events; without it everything comes
 * from event times alone (`jars status` on a dead run, reports).
 *
 * Every budget counts the whole run, as the engine does: queries and cost over every session's
 * evaluations, seconds over every session's running time.
 */
export function runProgress(state: RunState, nowMs?: number): RunProgress {
  const live = nowMs !== undefined && state.finished === undefined && Number.isFinite(state.clock.lastEventMs);
  // While paused the clock stands still (sessionSeconds leaves the pause out up to now).
  const session = sessionSeconds(state.clock, live ? nowMs : undefined);
  const elapsed = state.clock.previousSessionsSeconds + session;
  const evaluated = state.points.length;
  const { queries, cost, seconds } = state.budget;

  const limits: BudgetUse[] = [];
  const etas: number[] = [];
  if (queries !== undefined) {
    limits.push({ kind: 'queries', used: evaluated, limit: queries, label: `${evaluated}/${queries} evals` });
    if (evaluated > 0 && elapsed > 0) etas.push(Math.max(0, queries - evaluated) / (evaluated / elapsed));
  }
  if (cost !== undefined) {
    limits.push({ kind: 'cost', used: state.costSpent, limit: cost, label: `cost ${formatMetric(state.costSpent)}/${formatMetric(cost)}` });
    if (state.costSpent > 0 && elapsed > 0) etas.push(Math.max(0, cost - state.costSpent) / (state.costSpent / elapsed));
  }
  if (seconds !== undefined) {
    limits.push({ kind: 'seconds', used: elapsed, limit: seconds, label: `${formatDuration(elapsed)}/${formatDuration(seconds)}` });
    if (Number.isFinite(state.clock.sessionStartMs)) etas.push(Math.max(0, seconds - elapsed));
  }
  const used = Math.max(0, ...limits.map((l) => l.used / l.limit));
  const fraction = state.finished?.reason === 'budget' ? 1 : Math.min(1, used);
  return {
    evaluated,
    failed: state.failed,
    pending: state.pending.length,
    costSpent: state.costSpent,
    elapsedSeconds: elapsed,
    sessionSeconds: session,
    limits,
    fraction,
    etaSeconds: state.finished !== undefined ? 0 : etas.length > 0 ? Math.min(...etas) : undefined,
  };
}

import { formatDuration, formatMetric } from './format.js';
import { runProgress } from './run-progress.js';
import type { MeasuredPoint, RunState } from '../run/index.js';

/**
 * One concise line for batch mode (stderr) and `jars status`, e.g.
 * `[12/40 evals · 30% · ETA 2m10s] rea: evolving · best validAcc 93.1 · front 4 · failed 0`.
 * Pass `nowMs` while the run is live (see `runProgress`).
 */
export function formatProgressLine(state: RunState, nowMs?: number): string {
  const progress = runProgress(state, nowMs);
  const head = progress.limits.some((l) => l.kind === 'queries') ? [] : [`${progress.evaluated} evals`];
  const budget = [...head, ...progress.limits.map((l) => l.label), `${Math.floor(progress.fraction * 100)}%`];
  const when = state.finished ? `finished: ${state.finished.reason}` : `ETA ${formatDuration(progress.etaSeconds)}`;
  const parts = [
    ...(state.stage ? [state.stage] : state.strategy ? [state.strategy] : []),
    bestText(state),
    `front ${state.front.length}`,
    `failed ${state.failed}`,
  ];
  return `[${[...budget, when].join(' · ')}] ${parts.join(' · ')}`;
}

/** `best validAcc 93.1` for the first objective (the others are on the front). */
function bestText(state: RunState): string {
  const objective = state.objectives[0];
  if (!objective) return 'best –';
  const index = state.best[0];
  const value = index === undefined ? undefined : (state.points.at(index) as MeasuredPoint).values[0];
  return `best ${objective.metric} ${formatMetric(value)}`;
}

/**
 * The terminal side of a run: a pure reducer from journal events to display state (shared by
 * the TUI, batch progress lines, `jars status` and reports) and the Ink TUI built on it.
 */
export { initialRunState, reduceRunState, runStateFromEvents, frontPoints, bestPoints } from './run-state.js';
export { sessionSeconds } from '../run/index.js';
export type { RunClock } from '../run/index.js';
export { AppendOnlyList } from './append-only-list.js';
export type { RunState, RunStateConfig, MeasuredPoint, PendingCandidate, PredictorFit, StageChange } from './run-state.js';
export { isEligible } from './front-update.js';
export { runProgress } from './run-progress.js';
export type { RunProgress, BudgetUse } from './run-progress.js';
export { formatProgressLine } from './progress-line.js';
export { formatDuration, formatMetric, truncate } from './format.js';
export { RunStore } from './run-store.js';
export { startTui } from './start-tui.js';
export type { StartTuiOptions, TuiHandle } from './start-tui.js';
export type { TuiControls } from './search-app.js';

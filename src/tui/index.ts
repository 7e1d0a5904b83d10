/**
 * The terminal side of a run: the Ink TUI and batch progress lines, drawn from the run state that
 * `src/run`'s journal reducer rebuilds (the same state `jars status`, reports and exports read).
 */
export { runProgress } from './run-progress.js';
export type { RunProgress, BudgetUse } from './run-progress.js';
export { formatProgressLine } from './progress-line.js';
export { formatDuration, formatMetric, truncate } from './format.js';
export { RunStore } from './run-store.js';
export { startTui } from './start-tui.js';
export type { StartTuiOptions, TuiHandle } from './start-tui.js';
export type { TuiControls } from './search-app.js';
export type { RemoteQueueView, RemoteWorkerView, RemoteQueueReading } from './remote-queue.js';

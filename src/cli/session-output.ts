import { answerWithin } from '../core/index.js';
import type { Candidate } from '../core/index.js';
import { exportRecipes } from '../export/index.js';
import type { RunDirectory, RunEvent } from '../run/index.js';
// The TUI (ink, React) loads only when a session shows it; batch mode needs the plain formatters.
import { formatDuration, formatMetric } from '../tui/format.js';
import { formatProgressLine } from '../tui/progress-line.js';
import type { RemoteQueueView } from '../tui/index.js';
import { budgetText } from './format.js';
import { createControls, exitCodeForSignal } from './run-session.js';
import type { Controls, SessionOutput, SessionResult } from './run-session.js';
import { bestPoints, initialRunState, reduceRunState, runSeconds } from '../run/index.js';
import type { RunState } from '../run/index.js';
import { runStateConfig } from '../setup/run-describe.js';
import type { QueueStatus, RunParts, RunConfig } from '../setup/index.js';
import type { QueueEvaluator } from '../queue/index.js';

export type OutputMode = 'tui' | 'lines' | 'json';

/** Exit code of a finished session: 0 when it ran its course, 128+signal when a signal stopped it. */
export function exitCodeFor(result: SessionResult): number {
  return result.signal ? exitCodeForSignal(result.signal) : 0;
}

export interface OutputOptions {
  /** No progress lines or summary on stderr (batch mode); JSON events still go to stdout. */
  readonly quiet?: boolean;
}

/**
 * How a session shows itself: the Ink TUI, or batch mode: throttled progress lines and a final
 * summary on stderr, with `json` the journal events as JSON lines on stdout besides.
 */
export async function createOutput(
  mode: OutputMode,
  run: RunDirectory,
  config: RunConfig,
  parts: RunParts,
  options: OutputOptions = {},
): Promise<{ output: SessionOutput; controls: Controls }> {
  const controls = createControls();
  const queue = queueOf(config, parts);
  if (mode === 'tui') return { controls, output: await tuiOutput(run, config, parts, controls, queue) };
  const outputs: SessionOutput[] = [];
  if (mode === 'json') outputs.push(jsonEvents());
  if (mode === 'json' && queue) outputs.push(queueStatusLines(() => queue.status()));
  if (!options.quiet) outputs.push(progressLines(run, config, parts));
  return {
    controls,
    output: {
      onEvent: (event, replayed) => outputs.forEach((o) => o.onEvent(event, replayed)),
      close: () => outputs.forEach((o) => o.close?.()),
    },
  };
}

/**
 * A queued run's notices (Redis away, reconnected): through `console.error`, which the TUI prints
 * above its frame instead of tearing it, and which is plain stderr in batch mode.
 */
function queueNotice(text: string): void {
  console.error(`jars: ${text}`);
}

/** The parts a session drives: the run's own, or over its queue when it names one (the queue client loads only then). */
export async function sessionParts(config: RunConfig, local: RunParts, runId: string): Promise<RunParts> {
  if (!config.queue) return local;
  const { queuedRunParts } = await import('../setup/distributed.js');
  return queuedRunParts(config, local, runId, queueNotice);
}

/** How a session shows itself from its flags: JSON lines, the TUI on a terminal, or progress lines. */
export function outputModeOf(flags: { readonly json?: boolean; readonly tui: boolean }): OutputMode {
  return flags.json ? 'json' : flags.tui && process.stdout.isTTY && process.stdin.isTTY ? 'tui' : 'lines';
}

/** A queued run's evaluator, whose status reads the queue and its workers; undefined for a local run. */
function queueOf(config: RunConfig, parts: RunParts): Pick<QueueEvaluator<Candidate>, 'status' | 'queueName'> | undefined {
  const evaluator = parts.evaluator as Partial<Pick<QueueEvaluator<Candidate>, 'status' | 'queueName'>>;
  if (!config.queue || typeof evaluator.status !== 'function' || typeof evaluator.queueName !== 'string') return undefined;
  return evaluator as Pick<QueueEvaluator<Candidate>, 'status' | 'queueName'>;
}

/** The queue as the TUI shows it: depth, and each worker with the candidates of this run it evaluates. */
export function remoteQueueView(status: QueueStatus, queueName: string, runId: string): RemoteQueueView {
  const prefix = `${runId}/`;
  return {
    queueName,
    waiting: status.waiting,
    active: status.active,
    workers: status.workers.map((w) => {
      const ours = w.jobs.filter((j) => j.startsWith(prefix)).map((j) => Number(j.slice(prefix.length)));
      const candidateIds = ours.filter((id) => Number.isInteger(id));
      return {
        host: w.host,
        pid: w.pid,
        busy: w.busy,
        concurrency: w.concurrency,
        gpus: w.gpus,
        candidateIds,
        otherJobs: w.jobs.length - candidateIds.length,
        lastHeartbeatMs: w.lastHeartbeat.getTime(),
      };
    }),
  };
}

/**
 * With --json on a queued run, a `queue-status` line every 5 s: queue depth and each remote worker
 * (host, pid, busy or idle, its jobs, last heartbeat). Not a journal event: nothing is written to the run.
 */
function queueStatusLines(read: () => Promise<QueueStatus>, intervalMs = 5000): SessionOutput {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    read()
      .then((s) => {
        const workers = s.workers.map((w) => ({ id: w.id, host: w.host, pid: w.pid, busy: w.busy, jobs: w.jobs, lastHeartbeat: w.lastHeartbeat.toISOString() }));
        process.stdout.write(JSON.stringify({ type: 'queue-status', time: new Date().toISOString(), waiting: s.waiting, active: s.active, workers }) + '\n');
      })
      .catch(() => {}) // Redis away: the evaluator's notices say so on stderr
      .finally(() => (busy = false));
  }, intervalMs);
  timer.unref();
  return { onEvent: () => {}, close: () => clearInterval(timer) };
}

function jsonEvents(): SessionOutput {
  return {
    onEvent(event, replayed) {
      if (!replayed) process.stdout.write(JSON.stringify(event) + '\n');
    },
  };
}

async function tuiOutput(
  run: RunDirectory,
  config: RunConfig,
  parts: RunParts,
  controls: Controls,
  queue: Pick<QueueEvaluator<Candidate>, 'status' | 'queueName'> | undefined,
): Promise<SessionOutput> {
  const { startTui } = await import('../tui/start-tui.js');
  const tui = startTui({
    ...(queue ? { remoteQueue: async () => remoteQueueView(await answerWithin(queue.status(), 3000, 'no answer from Redis in 3 s'), queue.queueName, run.id) } : {}),
    config: runStateConfig(config, parts),
    describe: (candidate) => parts.space.describe(candidate as Candidate),
    events: run.events(),
    controls: {
      stop: () => controls.controller.abort(),
      // The session's SIGINT handler stops the run and makes the exit code 130.
      interrupt: () => process.kill(process.pid, 'SIGINT'),
      togglePause: () => controls.togglePause(),
      exportCandidate: async (id) => {
        const files = exportRecipes({ runDir: run.dir, pick: { kind: 'id', id }, format: 'json', parts });
        return `exported ${files.map((f) => f.path).join(', ')}`;
      },
    },
  });
  return {
    onEvent: (event) => tui.onEvent(event),
    close: () => tui.unmount(),
  };
}

/** One concise line on stderr at most every `intervalMs`, and a summary at the end. */
function progressLines(run: RunDirectory, config: RunConfig, parts: RunParts, intervalMs = 2000): SessionOutput {
  let state = initialRunState(runStateConfig(config, parts));
  let last = 0;
  return {
    onEvent(event: RunEvent, replayed?: boolean) {
      state = reduceRunState(state, event);
      // A resumed run's earlier events only rebuild the state: their progress and summary were
      // printed when they happened (and an ETA from replay speed would be wrong).
      if (replayed) return;
      if (event.type === 'budget-changed') process.stderr.write(`jars: budget now ${budgetText(event.budget)} (was ${budgetText(event.previous)})\n`);
      const now = Date.now();
      if (event.type === 'run-finished' || (event.type === 'candidate-evaluated' && now - last >= intervalMs)) {
        last = now;
        process.stderr.write(formatProgressLine(state, now) + '\n');
      }
      if (event.type === 'run-finished') process.stderr.write(formatRunSummary(state, run.id, (c) => parts.space.describe(c as Candidate)));
    },
  };
}

/** What a finished session leaves on stderr: totals, the best per objective, and what to run next. */
export function formatRunSummary(state: RunState, runId: string, describe: (candidate: Candidate) => string): string {
  const lines = [
    `${state.finished ? `finished (${state.finished.reason})` : 'stopped'}: ${state.points.length} evaluated (${state.failed} failed), ${state.front.length} on the front, ${formatDuration(runSeconds(state.clock))}`,
  ];
  bestPoints(state).forEach((best, j) => {
    const o = state.objectives[j];
    if (best && o) lines.push(`best ${o.metric} (${o.direction}) ${formatMetric(best.values[j])}: #${best.id} ${describe(best.candidate)}`);
  });
  if (state.points.length > 0) lines.push(`next: jars report ${runId} · jars trials ${runId} · jars export ${runId}`);
  return lines.join('\n') + '\n';
}

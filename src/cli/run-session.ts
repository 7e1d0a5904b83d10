import { constants as osConstants } from 'node:os';
import type { EngineObserver, StopReason } from '../engine/index.js';
import type { RunDirectory, RunEvent, RunJournal } from '../run/index.js';
import { buildEngine, buildRunParts } from '../setup/build-run.js';
import { runStateConfig } from '../setup/run-describe.js';
import { budgetChangeFor } from './budget-change.js';
import type { BudgetChange } from './budget-change.js';
import { journalPause, pauseClock } from './pause-clock.js';
import type { RunParts, RunConfig } from '../setup/index.js';

/** Signals that stop a run gracefully (a closed terminal and Ctrl-\ too): the stop is journalled, the lock released. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

/** 128 + the signal's number, as shells report it. */
export function exitCodeForSignal(signal: NodeJS.Signals): number {
  return 128 + (osConstants.signals[signal] ?? 15);
}

export interface SessionOutput {
  /** Called for every event, replayed ones first (flagged). */
  onEvent(event: RunEvent, replayed: boolean): void;
  close?(): void;
}

export interface SessionResult {
  readonly reason: StopReason;
  readonly signal?: NodeJS.Signals;
  readonly evaluated: number;
}

/** The pid of the process running this run, if one is (or may be, on another host). */
export function livePid(run: RunDirectory): number | undefined {
  return run.activeHolder()?.pid;
}

export interface Controls {
  readonly controller: AbortController;
  paused: boolean;
  togglePause(): boolean;
  gate(): Promise<void>;
  /** Seconds paused so far (a time budget leaves them out). */
  pausedSeconds(): number;
  /** Told of every pause and unpause (the session journals them). */
  onPauseChange?: (paused: boolean) => void;
}

/** Stop (abort) and pause controls shared by signals, the TUI and batch mode. */
export function createControls(): Controls {
  const controller = new AbortController();
  let release: (() => void) | undefined;
  let waiting: Promise<void> | undefined;
  const pause = pauseClock();
  const controls: Controls = {
    controller,
    paused: false,
    togglePause() {
      controls.paused = !controls.paused;
      pause.set(controls.paused);
      if (controls.paused) waiting = new Promise((r) => (release = r));
      else {
        release?.();
        waiting = undefined;
      }
      controls.onPauseChange?.(controls.paused);
      return controls.paused;
    },
    pausedSeconds: () => pause.seconds(),
    async gate() {
      // Abort releases `waiting` too (below), so waiting on it alone cannot hang a stopped run.
      while (waiting && !controller.signal.aborted) await waiting;
    },
  };
  controller.signal.addEventListener('abort', () => release?.(), { once: true });
  return controls;
}

export interface SessionOptions {
  /** `jars resume --budget …`: new totals for the run, journalled before the session starts (see budget-change.ts). */
  readonly budgetChange?: BudgetChange;
}

/**
 * Runs (or resumes) the search of a run folder to its end or until stopped. STOP_SIGNALS stop
 * it gracefully: no new proposals, the journal is closed cleanly; a second signal exits at once
 * (the journal is fsync'd after every event, so nothing written is lost).
 */
export async function runSession(
  run: RunDirectory,
  config: RunConfig,
  output: SessionOutput,
  controls: Controls = createControls(),
  parts: RunParts = buildRunParts(config),
  options: SessionOptions = {},
): Promise<SessionResult> {
  const lock = run.lock();
  let journal: RunJournal;
  try {
    journal = run.openJournal(lock);
  } catch (error) {
    lock.release();
    throw error;
  }
  let stopSignal: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopSignal) process.exit(exitCodeForSignal(signal));
    stopSignal = signal;
    controls.controller.abort();
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  const observer: EngineObserver = { onEvent: (e, replayed) => output.onEvent(e, replayed) };
  controls.onPauseChange = (paused) => journalPause(journal, paused, observer);
  try {
    // Checked before anything is written: a budget below what is spent leaves the journal as it was.
    const budgetChange = options.budgetChange ? budgetChangeFor(journal.replay(), runStateConfig(config, parts), options.budgetChange) : undefined;
    const engine = buildEngine(config, parts, {
      ...(budgetChange ? { budgetChange } : {}),
      journal,
      observers: [observer],
      signal: controls.controller.signal,
      pauseGate: () => controls.gate(),
      pausedSeconds: () => controls.pausedSeconds(),
    });
    const result = await engine.run();
    return { reason: result.reason, evaluated: result.observations.length, ...(stopSignal ? { signal: stopSignal } : {}) };
  } finally {
    await parts.evaluator.close?.();
    await journal.close();
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
    lock.release();
    delete controls.onPauseChange;
    output.close?.();
  }
}


import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { EngineObserver, StopReason } from '../engine/index.js';
import type { RunDirectory, RunEvent } from '../run/index.js';
import { RunError } from '../core/index.js';
import { buildEngine, buildRunParts } from '../setup/index.js';
import { journalPause, pauseClock } from './pause-clock.js';
import type { RunParts, RunConfig } from '../setup/index.js';

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

/** Marks a run as live while this process works on it: `lock` holds our pid. */
export function lockRun(run: RunDirectory): () => void {
  const file = run.file('lock');
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8'));
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
      throw new RunError(`run ${run.dir} is already running in process ${pid}; wait for it, or stop that process first`);
    }
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid of the process running this run, if one is alive. */
export function livePid(run: RunDirectory): number | undefined {
  const file = run.file('lock');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8'));
  return Number.isInteger(pid) && isAlive(pid) ? pid : undefined;
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

/**
 * Runs (or resumes) the search of a run folder to its end or until stopped. SIGINT/SIGTERM stop
 * it gracefully: no new proposals, the journal is closed cleanly; a second signal exits at once
 * (the journal is fsync'd after every event, so nothing written is lost).
 */
export async function runSession(
  run: RunDirectory,
  config: RunConfig,
  output: SessionOutput,
  controls: Controls = createControls(),
  parts: RunParts = buildRunParts(config),
): Promise<SessionResult> {
  const unlock = lockRun(run);
  const journal = run.openJournal();
  let stopSignal: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopSignal) process.exit(signal === 'SIGINT' ? 130 : 143);
    stopSignal = signal;
    controls.controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const observer: EngineObserver = { onEvent: (e, replayed) => output.onEvent(e, replayed) };
  controls.onPauseChange = (paused) => journalPause(journal, paused, observer);
  try {
    const engine = buildEngine(config, parts, {
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
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    delete controls.onPauseChange;
    unlock();
    output.close?.();
  }
}


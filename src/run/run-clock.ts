import type { RunEvent } from './events.js';

/**
 * Wall-clock bookkeeping from event times. Neither the time between sessions (a crash, a stop
 * before resume) nor paused time (`run-paused` … `run-unpaused`) counts.
 */
export interface RunClock {
  readonly sessionStartMs: number;
  readonly lastEventMs: number;
  readonly previousSessionsSeconds: number;
  /** Paused seconds of the latest session, pauses that ended. */
  readonly pausedSeconds: number;
  /** When the current pause began; NaN while not paused. */
  readonly pausedSinceMs: number;
}

export const START_CLOCK: RunClock = {
  sessionStartMs: Number.NaN,
  lastEventMs: Number.NaN,
  previousSessionsSeconds: 0,
  pausedSeconds: 0,
  pausedSinceMs: Number.NaN,
};

/** The clock after one more journal event: a `run-started` closes the session before it. */
export function advanceClock(clock: RunClock, event: RunEvent): RunClock {
  // A budget change says nothing about running time (a session's own events do).
  if (event.type === 'budget-changed') return clock;
  const t = Date.parse(event.time);
  if (event.type === 'run-started') {
    return { ...START_CLOCK, sessionStartMs: t, lastEventMs: t, previousSessionsSeconds: clock.previousSessionsSeconds + sessionSeconds(clock) };
  }
  if (!Number.isFinite(t)) return clock;
  const next = {
    ...clock,
    sessionStartMs: Number.isFinite(clock.sessionStartMs) ? clock.sessionStartMs : t,
    lastEventMs: Number.isFinite(clock.lastEventMs) ? Math.max(clock.lastEventMs, t) : t,
  };
  if (event.type === 'run-paused' && !isPaused(clock)) return { ...next, pausedSinceMs: t };
  if (event.type === 'run-unpaused' && isPaused(clock)) {
    return { ...next, pausedSinceMs: Number.NaN, pausedSeconds: clock.pausedSeconds + Math.max(0, t - clock.pausedSinceMs) / 1000 };
  }
  return next;
}

export function isPaused(clock: RunClock): boolean {
  return Number.isFinite(clock.pausedSinceMs);
}

/**
 * Running seconds of the latest session up to its latest event, or up to `nowMs` (a live display
 * between events), paused time left out.
 */
export function sessionSeconds(clock: RunClock, nowMs?: number): number {
  const end = nowMs !== undefined && Number.isFinite(clock.lastEventMs) ? Math.max(nowMs, clock.lastEventMs) : clock.lastEventMs;
  const pausedMs = isPaused(clock) ? Math.max(0, end - clock.pausedSinceMs) : 0;
  const s = (end - clock.sessionStartMs - pausedMs) / 1000 - clock.pausedSeconds;
  return Number.isFinite(s) && s > 0 ? s : 0;
}

/** Running time of the whole run so far (every session, gaps between them and pauses left out). */
export function runSeconds(clock: RunClock, nowMs?: number): number {
  return clock.previousSessionsSeconds + sessionSeconds(clock, nowMs);
}

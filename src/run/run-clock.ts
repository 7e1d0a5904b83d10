import type { RunEvent } from './events.js';

/** Wall-clock bookkeeping from event times; time between sessions (a crash, a pause before resume) is not counted. */
export interface RunClock {
  readonly sessionStartMs: number;
  readonly lastEventMs: number;
  readonly previousSessionsSeconds: number;
}

export const START_CLOCK: RunClock = { sessionStartMs: Number.NaN, lastEventMs: Number.NaN, previousSessionsSeconds: 0 };

/** The clock after one more journal event: a `run-started` closes the session before it. */
export function advanceClock(clock: RunClock, event: RunEvent): RunClock {
  const t = Date.parse(event.time);
  if (event.type === 'run-started') {
    return { sessionStartMs: t, lastEventMs: t, previousSessionsSeconds: clock.previousSessionsSeconds + sessionSeconds(clock) };
  }
  if (!Number.isFinite(t)) return clock;
  return {
    ...clock,
    sessionStartMs: Number.isFinite(clock.sessionStartMs) ? clock.sessionStartMs : t,
    lastEventMs: Number.isFinite(clock.lastEventMs) ? Math.max(clock.lastEventMs, t) : t,
  };
}

/** Seconds from the latest session's start to its latest event. */
export function sessionSeconds(clock: RunClock): number {
  const s = (clock.lastEventMs - clock.sessionStartMs) / 1000;
  return Number.isFinite(s) && s > 0 ? s : 0;
}

/** Running time of the whole run so far (every session, gaps between them left out). */
export function runSeconds(clock: RunClock): number {
  return clock.previousSessionsSeconds + sessionSeconds(clock);
}

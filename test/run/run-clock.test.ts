import { describe, expect, it } from 'vitest';
import { START_CLOCK, advanceClock, isPaused, runSeconds, sessionSeconds } from '../../src/run/index.js';
import type { RunClock, RunEvent } from '../../src/run/index.js';
import { runProgress } from '../../src/tui/index.js';
import { EventLog, T0, config } from '../tui/events.js';
import { runStateFromEvents } from '../../src/run/index.js';

const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const clockOf = (events: readonly RunEvent[]): RunClock => events.reduce(advanceClock, START_CLOCK);
let seq = 0;
const ev = (type: 'run-started' | 'run-paused' | 'run-unpaused' | 'stage-changed', s: number): RunEvent =>
  type === 'run-started'
    ? { type, seq: seq++, time: at(s), seed: 1, resumedFrom: 0 }
    : type === 'stage-changed'
      ? { type, seq: seq++, time: at(s), stage: 'x' }
      : { type, seq: seq++, time: at(s) };

describe('run clock and pauses', () => {
  it('leaves a finished pause out of the running time', () => {
    const clock = clockOf([ev('run-started', 0), ev('run-paused', 70), ev('run-unpaused', 128), ev('stage-changed', 130)]);
    expect(isPaused(clock)).toBe(false);
    expect(sessionSeconds(clock)).toBe(72);
  });

  it('stands still during a pause, also between events', () => {
    const clock = clockOf([ev('run-started', 0), ev('run-paused', 70), ev('stage-changed', 90)]);
    expect(isPaused(clock)).toBe(true);
    expect(sessionSeconds(clock)).toBe(70);
    expect(sessionSeconds(clock, T0 + 128_000)).toBe(70);
  });

  it('does not count a pause of one session in the next, nor the gap between them', () => {
    const clock = clockOf([ev('run-started', 0), ev('run-paused', 10), ev('stage-changed', 40), ev('run-started', 100), ev('stage-changed', 105)]);
    expect(isPaused(clock)).toBe(false);
    expect(runSeconds(clock)).toBe(15);
  });

  it('keeps the displayed elapsed time still while paused', () => {
    const log = new EventLog().started(0).proposed(0, [0]).evaluated(10, 0, { validAcc: 90, paramsM: 1 });
    log.events.push({ type: 'run-paused', seq: log.events.length, time: at(20) });
    const state = runStateFromEvents(config, log.events);
    expect(runProgress(state, T0 + 25_000).elapsedSeconds).toBe(20);
    expect(runProgress(state, T0 + 90_000).elapsedSeconds).toBe(20);
  });
});

import { describe, expect, it } from 'vitest';
import { formatDuration, formatMetric, formatProgressLine } from '../../src/tui/index.js';
import { fitTime } from '../../src/tui/predictor-panel.js';
import { T0, config, smallRun } from './events.js';
import { initialRunState, runStateFromEvents } from '../../src/run/index.js';

describe('formatProgressLine', () => {
  it('summarises a live run on one line', () => {
    const state = runStateFromEvents(config, smallRun().events);
    expect(formatProgressLine(state)).toBe('[5/10 evals · 50% · ETA 40s] rea: evolving · best validAcc 92.0 · front 3 · failed 1');
    // 10 s after the latest event: 5 evaluations in 50 s, 5 to go
    expect(formatProgressLine(state, T0 + 50_000)).toBe('[5/10 evals · 50% · ETA 50s] rea: evolving · best validAcc 92.0 · front 3 · failed 1');
  });

  it('shows every budget limit and how the run ended', () => {
    const cfg = { ...config, budget: { seconds: 60 } };
    expect(formatProgressLine(runStateFromEvents(cfg, smallRun().events))).toBe(
      '[5 evals · 40s/1m00s · 66% · ETA 20s] rea: evolving · best validAcc 92.0 · front 3 · failed 1',
    );
    expect(formatProgressLine(runStateFromEvents(config, smallRun().finished(50, 'budget').events))).toBe(
      '[5/10 evals · 100% · finished: budget] rea: evolving · best validAcc 92.0 · front 3 · failed 1',
    );
  });

  it('reads sensibly before anything happened', () => {
    expect(formatProgressLine(initialRunState(config))).toBe('[0/10 evals · 0% · ETA –] rea · best validAcc – · front 0 · failed 0');
  });
});

describe('formatDuration / formatMetric', () => {
  it('shows predictor fits under 0.1 s in milliseconds, never as 0.0s', () => {
    expect([0.0123, 0.0001, 0.0996, 0.1, 1.5, 75].map(fitTime)).toEqual(['12ms', '1ms', '100ms', '0.1s', '1.5s', '1m15s']);
  });

  it('formats durations by magnitude', () => {
    expect([0, 3.21, 45, 59.6, 130, 3599, 3720, Number.NaN, undefined].map(formatDuration)).toEqual([
      '0.0s',
      '3.2s',
      '45s',
      '1m00s',
      '2m10s',
      '59m59s',
      '1h02m',
      '–',
      '–',
    ]);
  });

  it('formats metrics with about three significant digits', () => {
    expect([93.1234, 5231.4, 1.53, 0.3721, 0.00012, 0, -12.34, Number.NaN, Infinity].map(formatMetric)).toEqual([
      '93.1',
      '5231',
      '1.53',
      '0.372',
      '0.00012',
      '0',
      '-12.3',
      '–',
      '∞',
    ]);
  });
});

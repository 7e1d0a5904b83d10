import { afterEach, describe, expect, it, vi } from 'vitest';
import { RunStore } from '../../src/tui/index.js';
import { config, smallRun } from './events.js';
import { runStateFromEvents } from '../../src/run/index.js';

describe('RunStore', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('publishes a burst of events once, then the rest after the interval', () => {
    vi.useFakeTimers();
    let now = 0;
    const store = new RunStore(runStateFromEvents(config, []), 100, () => now);
    let published = 0;
    store.subscribe(() => published++);
    const { events } = smallRun();
    for (const e of events) store.dispatch(e);
    expect(published).toBe(1); // the first event, at once
    expect(store.getSnapshot()).not.toBe(store.current());
    now = 100;
    vi.advanceTimersByTime(100);
    expect(published).toBe(2);
    expect(store.getSnapshot()).toBe(store.current());
    expect(store.current().points).toHaveLength(5);
    store.dispose();
  });

  it('publishes the end of a run immediately and ignores repeated events', () => {
    vi.useFakeTimers();
    const store = new RunStore(runStateFromEvents(config, []), 100, () => 0);
    let published = 0;
    store.subscribe(() => published++);
    const { events } = smallRun().finished(50, 'budget');
    for (const e of [...events, ...events]) store.dispatch(e);
    expect(published).toBe(2);
    expect(store.getSnapshot().finished).toEqual({ reason: 'budget' });
    store.dispose();
  });
});

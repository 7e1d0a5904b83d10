import type { NewRunEvent, RunEvent } from './events.js';
import type { RunJournal } from './journal.js';

/** A journal kept in memory: for benchmark sweeps that need no run folder. */
export class MemoryRunJournal implements RunJournal {
  private readonly events: RunEvent[] = [];

  constructor(initial: readonly RunEvent[] = []) {
    this.events.push(...initial);
  }

  async append(newEvents: readonly NewRunEvent[]): Promise<RunEvent[]> {
    let seq = this.events.length === 0 ? 0 : (this.events[this.events.length - 1] as RunEvent).seq + 1;
    const stamped = newEvents.map((e) => ({ ...e, seq: seq++, time: e.time ?? new Date().toISOString() }) as RunEvent);
    this.events.push(...stamped);
    return stamped;
  }

  replay(): RunEvent[] {
    return this.events.slice();
  }

  async close(): Promise<void> {}
}

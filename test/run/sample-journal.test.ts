import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../src/run/index.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'journal-v1.jsonl');

// A journal written by jars 0.1 is committed; if the format changes, this must keep replaying.
describe('committed sample journal', () => {
  it('replays the v1 format', () => {
    const { events } = readJournal(fixture);
    expect(events.length).toBeGreaterThan(5);
    const evaluated = events.filter((e) => e.type === 'candidate-evaluated');
    expect(evaluated.length).toBeGreaterThan(0);
    expect(events[0]?.type).toBe('run-started');
    expect(events.at(-1)?.type).toBe('run-finished');
  });
});

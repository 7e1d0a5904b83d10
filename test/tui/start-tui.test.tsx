import { EventEmitter } from 'node:events';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { startTui } from '../../src/tui/index.js';
import { config, describeCandidate, smallRun } from './events.js';

/** A terminal-sized output stream that keeps everything written to it. */
class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  readonly columns = 100;
  readonly rows = 30;
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** An input stream that is not a terminal (a pipe, /dev/null): raw mode must never be asked for. */
class PipeStdin extends EventEmitter {
  readonly isTTY = false;
  readonly setRawMode = vi.fn(() => {
    throw new Error('setRawMode on a pipe');
  });
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    return null;
  }
}

const controls = () => ({ stop: vi.fn(), togglePause: vi.fn(() => true), exportCandidate: vi.fn(async () => 'ok') });

describe('startTui', () => {
  it('runs without a terminal on stdin, never touching raw mode, and leaves the final state on screen', async () => {
    const stdout = new FakeStdout();
    const stdin = new PipeStdin();
    const { events } = smallRun().finished(50, 'budget');
    const tui = startTui({
      config,
      describe: describeCandidate,
      events: events.slice(0, 6),
      controls: controls(),
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      patchConsole: false, // vitest's console cannot be patched
    });
    // the engine observer also sees the replayed events again: they must not count twice
    for (const e of events) tui.onEvent(e);
    tui.unmount();
    await tui.waitUntilExit();
    expect(stdin.setRawMode).not.toHaveBeenCalled();
    const screen = stripVTControlCharacters(stdout.text);
    const last = screen.slice(screen.lastIndexOf('jars search · rea'));
    expect(last).toContain('keys off (stdin is not a terminal)');
    expect(last).toContain('finished: budget');
    expect(last).toContain('5/10 evals');
    expect(last).toContain('Pareto front · 3 of 4 measured');
    expect(last).toContain('Workers · 0/2 busy');
    // the journal's run is months old: the time since its last event is not running time
    expect(last).toContain('50s elapsed');
    expect(screen).not.toMatch(/\d+h\d\dm/);
    tui.onEvent(events[0]!); // after unmount: ignored, no throw
  });
});

import { render } from 'ink';
import type { RunEvent, RunStateConfig } from '../run/index.js';
import { RunStore } from './run-store.js';
import { runStateFromEvents } from '../run/index.js';
import { SearchApp } from './search-app.js';
import type { TuiControls } from './search-app.js';
import type { RemoteQueueView } from './remote-queue.js';

export interface StartTuiOptions {
  /** The run's settings as the reducer needs them (`runStateConfig` of the setup layer). */
  readonly config: RunStateConfig;
  /** One-line architecture + recipe summary of a candidate (the search space's `describe`). */
  readonly describe: (candidate: unknown) => string;
  /** Events already in the journal (a resumed run); replayed ones passed again to `onEvent` are ignored. */
  readonly events: readonly RunEvent[];
  readonly controls: TuiControls;
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
  /**
   * Minimum ms between repaints (default 200: at most 5 per second). A repaint costs Ink about
   * 15–35 ms of CPU, so a tabular-benchmark run, which makes events as fast as it can, would
   * otherwise spend a good share of a core on drawing.
   */
  readonly throttleMs?: number;
  /** Route console output above the UI instead of through it (default true). */
  readonly patchConsole?: boolean;
  /** A queued run: reads its queue depth and remote workers for the worker panel (every 3 s). */
  readonly remoteQueue?: () => Promise<RemoteQueueView>;
}

export interface TuiHandle {
  /** Feed every journal event (call it from an `EngineObserver`). */
  onEvent(event: RunEvent): void;
  /** Paints the final state and leaves it on screen. */
  unmount(): void;
  waitUntilExit(): Promise<void>;
}

/**
 * Mounts the live search TUI. Keys are read only when stdin is a terminal (raw mode is never
 * touched otherwise); Ctrl+C is handled like `q`, since raw mode swallows SIGINT.
 */
export function startTui(options: StartTuiOptions): TuiHandle {
  const initial = runStateFromEvents(options.config, options.events);
  const throttleMs = options.throttleMs ?? 200;
  const store = new RunStore(initial, throttleMs);
  const app = <SearchApp store={store} describe={options.describe} controls={options.controls} sessionsBefore={initial.sessions} {...(options.remoteQueue ? { remoteQueue: options.remoteQueue } : {})} />;
  const instance = render(app, {
    stdout: options.stdout ?? process.stdout,
    stdin: options.stdin ?? process.stdin,
    exitOnCtrlC: false,
    maxFps: Math.max(1, Math.ceil(1000 / Math.max(1, throttleMs))),
    patchConsole: options.patchConsole ?? true,
  });
  let mounted = true;
  return {
    onEvent(event) {
      if (mounted) store.dispatch(event);
    },
    unmount() {
      if (!mounted) return;
      store.flush();
      // The store's update is scheduled, not rendered yet; a synchronous re-render paints it before the last frame is kept.
      instance.rerender(app);
      mounted = false;
      instance.unmount();
      store.dispose();
    },
    async waitUntilExit() {
      await instance.waitUntilExit();
    },
  };
}

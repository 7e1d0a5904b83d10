import type { RunEvent } from '../run/index.js';
import { reduceRunState } from '../run/index.js';
import type { RunState } from '../run/index.js';

/**
 * Holds the live `RunState` and tells subscribers at most once per `intervalMs`, so a tabular
 * benchmark writing thousands of events a second re-renders the terminal a few times a second.
 * The state itself is always current; only the published snapshot lags (by < intervalMs).
 */
export class RunStore {
  private state: RunState;
  private published: RunState;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastPublishMs = Number.NEGATIVE_INFINITY;

  constructor(
    initial: RunState,
    private readonly intervalMs = 200,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.state = initial;
    this.published = initial;
  }

  /** For `useSyncExternalStore`: changes only when subscribers are told. */
  readonly getSnapshot = (): RunState => this.published;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The newest state, published or not. */
  current(): RunState {
    return this.state;
  }

  dispatch(event: RunEvent): void {
    const next = reduceRunState(this.state, event);
    if (next === this.state) return;
    this.state = next;
    // The end of a run is shown at once: the caller usually unmounts right after.
    if (event.type === 'run-finished') this.flush();
    else this.schedule();
  }

  /** Publishes now (and cancels a pending timed publish). */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.lastPublishMs = this.clock();
    if (this.published === this.state) return;
    this.published = this.state;
    for (const listener of this.listeners) listener();
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const wait = this.lastPublishMs + this.intervalMs - this.clock();
    if (wait <= 0) {
      this.flush();
      return;
    }
    this.timer = setTimeout(() => this.flush(), wait);
    // A pending repaint must not keep the process alive.
    this.timer.unref?.();
  }
}

import { useInput, useStdin, useStdout } from 'ink';
import type { Key } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { RunStore } from './run-store.js';
import { SearchView } from './search-view.js';
import { axisPairs, orderedFront } from './view-model.js';
import type { RemoteQueueReading, RemoteQueueView } from './remote-queue.js';

const STOPPING_MESSAGE = 'stopping: running evaluations are abandoned and re-run on resume…';

/** What the TUI asks of the run; the CLI implements it. */
export interface TuiControls {
  /** Stop gracefully: no new proposals, the journal is closed cleanly. */
  stop(): void;
  /**
   * Ctrl-C, which raw mode keeps from being a signal: handled as SIGINT would be (a graceful stop
   * and exit code 130; a second one exits at once). Without it Ctrl-C acts as `q`.
   */
  interrupt?(): void;
  /** Pauses or resumes proposing; returns whether the run is now paused. */
  togglePause(): boolean;
  /** Exports a measured candidate; resolves to a message to show (e.g. the file written). */
  exportCandidate(id: number): Promise<string>;
}

export interface SearchAppProps {
  readonly store: RunStore;
  readonly describe: (candidate: unknown) => string;
  readonly controls: TuiControls;
  /** Terminal size overrides (tests); default: the output stream's, else 80×24. */
  readonly width?: number;
  readonly height?: number;
  /** Wall clock in ms since the epoch (tests pin it). */
  readonly clock?: () => number;
  /** Repaint period for elapsed time and ETA between events; 0 turns it off. */
  readonly tickMs?: number;
  /**
   * Sessions already over when the TUI started (a resumed run's journal). Until a newer session
   * starts, the clock does not run: the time since an old run's last event is not running time.
   */
  readonly sessionsBefore?: number;
  /** A queued run: reads its queue and remote workers (polled every `remotePollMs`). */
  readonly remoteQueue?: () => Promise<RemoteQueueView>;
  /** How often the queue is read (default 3000 ms). */
  readonly remotePollMs?: number;
}

/** The live TUI: subscribes to the store, reads keys (only from a terminal), keeps the selection. */
export function SearchApp({ store, describe, controls, width, height, clock = Date.now, tickMs = 1000, sessionsBefore = 0, remoteQueue, remotePollMs = 3000 }: SearchAppProps) {
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { stdout } = useStdout();
  const { isRawModeSupported } = useStdin();
  const keysEnabled = isRawModeSupported === true;
  const [, repaint] = useState(0);
  const [pairIndex, setPairIndex] = useState(0);
  const [selectedId, setSelectedId] = useState<number | undefined>(undefined);
  const [paused, setPaused] = useState(false);
  const [stopping, setStopping] = useState(false);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const finished = state.finished !== undefined;
  const live = !finished && state.sessions > sessionsBefore;

  useEffect(() => {
    if (tickMs <= 0 || !live) return;
    const timer = setInterval(() => repaint((n) => n + 1), tickMs);
    timer.unref?.();
    return () => clearInterval(timer);
  }, [tickMs, live]);

  const remote = useRemoteQueue(remoteQueue, remotePollMs, clock);

  useEffect(() => {
    const onResize = () => repaint((n) => n + 1);
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);

  const pairs = useMemo(() => axisPairs(state.objectives.length), [state.objectives.length]);
  const axes = pairs[pairIndex % pairs.length] ?? { y: 0, x: 'order' as const };
  const front = useMemo(() => orderedFront(state, axes), [state, axes]);
  const selected = front.find((p) => p.id === selectedId) ?? front[0];

  // Keys can arrive faster than React re-renders and re-subscribes the handler, so the handler
  // reads the latest render through a ref and guards "stop once" with a ref set at once.
  const latest = useRef({ front, selected, finished, pairCount: pairs.length, controls });
  latest.current = { front, selected, finished, pairCount: pairs.length, controls };
  const stopRequested = useRef(false);
  const selectedRef = useRef<number | undefined>(undefined);

  const onKey = useCallback((input: string, key: Key) => {
    const now = latest.current;
    const interrupt = key.ctrl && input === 'c' && now.controls.interrupt;
    if (interrupt && stopRequested.current) {
      now.controls.interrupt?.();
    } else if (input === 'q' || (key.ctrl && input === 'c')) {
      if (stopRequested.current || now.finished) return;
      stopRequested.current = true;
      setStopping(true);
      setMessage(STOPPING_MESSAGE);
      if (interrupt) now.controls.interrupt?.();
      else now.controls.stop();
    } else if (input === 'p') {
      if (stopRequested.current || now.finished) return;
      const nowPaused = now.controls.togglePause();
      setPaused(nowPaused);
      setMessage(nowPaused ? 'paused: running evaluations finish, no new ones start (p resumes)' : undefined);
    } else if (key.leftArrow || key.upArrow || key.rightArrow || key.downArrow) {
      if (now.front.length === 0) return;
      const at = Math.max(0, now.front.findIndex((p) => p.id === (selectedRef.current ?? now.selected?.id)));
      const step = key.leftArrow || key.upArrow ? -1 : 1;
      selectedRef.current = now.front[Math.min(now.front.length - 1, Math.max(0, at + step))]?.id;
      setSelectedId(selectedRef.current);
    } else if (input === 'e') {
      const target = now.front.find((p) => p.id === selectedRef.current) ?? now.selected;
      if (!target) {
        setMessage('nothing to export yet: the front is empty');
        return;
      }
      const id = target.id;
      setMessage(`exporting #${id}…`);
      now.controls.exportCandidate(id).then(
        (text) => setMessage(text),
        (error: unknown) => setMessage(`export of #${id} failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    } else if (input === 'o' && now.pairCount > 1) {
      setPairIndex((i) => (i + 1) % now.pairCount);
    }
  }, []);
  // Raw mode only exists on a terminal: without one, never ask Ink for input at all.
  useInput(onKey, { isActive: keysEnabled });

  return (
    <SearchView
      state={state}
      nowMs={live ? clock() : undefined}
      axes={axes}
      axesCycle={pairs.length > 1}
      front={front}
      selectedId={selected?.id}
      describe={describe}
      paused={paused}
      stopping={stopping}
      keysEnabled={keysEnabled}
      message={finished && message === STOPPING_MESSAGE ? undefined : message}
      width={width ?? (stdout.columns || 80)}
      height={height ?? (stdout.rows || 24)}
      {...(remote !== undefined ? { remote } : {})}
    />
  );
}

/** Reads the queue at once and then every `pollMs` (one read at a time); undefined for a local run. */
function useRemoteQueue(read: (() => Promise<RemoteQueueView>) | undefined, pollMs: number, clock: () => number): RemoteQueueReading | 'reading' | undefined {
  const [reading, setReading] = useState<RemoteQueueReading | 'reading' | undefined>(read ? 'reading' : undefined);
  const now = useRef(clock);
  now.current = clock;
  useEffect(() => {
    if (!read) return;
    let active = true;
    let inFlight = false;
    const poll = () => {
      if (inFlight) return;
      inFlight = true;
      read()
        .then(
          (view) => active && setReading({ view, atMs: now.current() }),
          (error: unknown) => active && setReading({ error: error instanceof Error ? error.message : String(error), atMs: now.current() }),
        )
        .finally(() => (inFlight = false));
    };
    poll();
    const timer = setInterval(poll, Math.max(100, pollMs));
    timer.unref?.();
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, [read, pollMs]);
  return reading;
}

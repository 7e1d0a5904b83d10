import type { EngineObserver } from '../engine/index.js';
import type { RunJournal } from '../run/index.js';

/** Counts the seconds spent paused: pauses that ended plus the one going on. */
export function pauseClock(now: () => number = () => performance.now()) {
  let pausedMs = 0;
  let since: number | undefined;
  return {
    set(paused: boolean): void {
      if (paused && since === undefined) since = now();
      else if (!paused && since !== undefined) {
        pausedMs += now() - since;
        since = undefined;
      }
    },
    seconds: (): number => (pausedMs + (since === undefined ? 0 : now() - since)) / 1000,
  };
}

/**
 * Writes a pause or unpause into the run's journal (so displays stop the clock and a resumed run
 * leaves the pause out of its time budget) and shows it to the session's observer. A toggle after
 * the journal closed (the run already ended) is dropped.
 */
export function journalPause(journal: RunJournal, paused: boolean, observer: EngineObserver): void {
  journal.append([{ type: paused ? 'run-paused' : 'run-unpaused' }]).then(
    (written) => written.forEach((e) => observer.onEvent(e, false)),
    () => undefined,
  );
}

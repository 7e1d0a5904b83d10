import type { Candidate } from '../core/index.js';
import { exportRecipes } from '../export/index.js';
import type { RunDirectory, RunEvent } from '../run/index.js';
import { formatProgressLine, startTui } from '../tui/index.js';
import { createControls } from './run-session.js';
import type { Controls, SessionOutput, SessionResult } from './run-session.js';
import { bestPoints, initialRunState, reduceRunState } from '../run/index.js';
import { runStateConfig } from '../setup/index.js';
import type { RunParts, RunConfig } from '../setup/index.js';

export type OutputMode = 'tui' | 'lines' | 'json';

/** Exit code of a finished session: 0 when it ran its course, 128+signal when a signal stopped it. */
export function exitCodeFor(result: SessionResult): number {
  if (result.signal === 'SIGINT') return 130;
  if (result.signal === 'SIGTERM') return 143;
  return 0;
}

/** How a session shows itself: the Ink TUI, throttled progress lines on stderr, or JSON events on stdout. */
export function createOutput(
  mode: OutputMode,
  run: RunDirectory,
  config: RunConfig,
  parts: RunParts,
): { output: SessionOutput; controls: Controls } {
  const controls = createControls();
  if (mode === 'json') {
    return {
      controls,
      output: {
        onEvent(event, replayed) {
          if (!replayed) process.stdout.write(JSON.stringify(event) + '\n');
        },
      },
    };
  }
  if (mode === 'tui') return { controls, output: tuiOutput(run, config, parts, controls) };
  return { controls, output: progressLines(config, parts) };
}

function tuiOutput(run: RunDirectory, config: RunConfig, parts: RunParts, controls: Controls): SessionOutput {
  const tui = startTui({
    config: runStateConfig(config, parts),
    describe: (candidate) => parts.space.describe(candidate as Candidate),
    events: run.events(),
    controls: {
      stop: () => controls.controller.abort(),
      togglePause: () => controls.togglePause(),
      exportCandidate: async (id) => {
        const files = exportRecipes({ runDir: run.dir, pick: { kind: 'id', id }, format: 'json', parts });
        return `exported ${files.map((f) => f.path).join(', ')}`;
      },
    },
  });
  return {
    onEvent: (event) => tui.onEvent(event),
    close: () => tui.unmount(),
  };
}

/** One concise line on stderr at most every `intervalMs`, and one at the end. */
function progressLines(config: RunConfig, parts: RunParts, intervalMs = 2000): SessionOutput {
  let state = initialRunState(runStateConfig(config, parts));
  let last = 0;
  return {
    onEvent(event: RunEvent, replayed?: boolean) {
      state = reduceRunState(state, event);
      // A resumed run's earlier events only rebuild the state: their progress and summary were
      // printed when they happened (and an ETA from replay speed would be wrong).
      if (replayed) return;
      const now = Date.now();
      if (event.type === 'run-finished' || (event.type === 'candidate-evaluated' && now - last >= intervalMs)) {
        last = now;
        process.stderr.write(formatProgressLine(state, now) + '\n');
      }
      if (event.type === 'run-finished') {
        const best = bestPoints(state)[0];
        if (best?.candidate) process.stderr.write(`best ${config.objectives[0]?.metric}: ${parts.space.describe(best.candidate)}\n`);
      }
    },
  };
}

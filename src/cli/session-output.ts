import type { Candidate } from '../core/index.js';
import { fromLoss, toLosses } from '../core/index.js';
import type { RunParts } from '../engine/index.js';
import type { RunConfig, RunDirectory, RunEvent } from '../run/index.js';
import { createControls } from './run-session.js';
import type { Controls, SessionOutput, SessionResult } from './run-session.js';

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
  return { controls, output: progressLines(run, config, parts) };
}

/** One concise line on stderr at most every `intervalMs`, and one at the end. */
function progressLines(run: RunDirectory, config: RunConfig, parts: RunParts, intervalMs = 2000): SessionOutput {
  let evaluated = 0;
  let failed = 0;
  let stage = '';
  let best: { loss: number; candidate?: Candidate } = { loss: Number.POSITIVE_INFINITY };
  const proposed = new Map<number, Candidate>();
  let last = 0;
  const started = performance.now();
  const objective = config.objectives[0] as RunConfig['objectives'][number];
  const line = (final: boolean) => {
    const budget = config.budget.queries ? `/${config.budget.queries}` : '';
    const bestText = Number.isFinite(best.loss) ? `best ${objective.metric} ${fromLoss(best.loss, objective).toPrecision(5)}` : 'no result yet';
    const secs = ((performance.now() - started) / 1000).toFixed(0);
    process.stderr.write(`[${evaluated}${budget} evals · ${secs}s] ${stage} · ${bestText} · failed ${failed}${final ? ` · run ${run.id}` : ''}\n`);
  };
  return {
    onEvent(event: RunEvent) {
      if (event.type === 'candidates-proposed') event.ids.forEach((id, i) => proposed.set(id, event.candidates[i] as Candidate));
      else if (event.type === 'stage-changed') stage = event.stage;
      else if (event.type === 'candidate-evaluated') {
        evaluated++;
        if (event.evaluation.failure !== undefined) failed++;
        else {
          const loss = toLosses(event.evaluation.metrics, [objective])[0] as number;
          if (loss < best.loss) best = { loss, candidate: proposed.get(event.id) as Candidate };
        }
        const now = performance.now();
        if (now - last >= intervalMs) {
          last = now;
          line(false);
        }
      } else if (event.type === 'run-finished') {
        line(true);
        if (best.candidate) process.stderr.write(`best: ${parts.space.describe(best.candidate)}\n`);
      }
    },
  };
}

import { Box } from 'ink';
import { FrontTable } from './front-table.js';
import { HeaderLine } from './header-line.js';
import { KeyBar } from './key-bar.js';
import { computeLayout } from './layout.js';
import { ParetoScatter } from './pareto-scatter.js';
import { PredictorPanel } from './predictor-panel.js';
import { ProgressBar } from './progress-bar.js';
import { runProgress } from './run-progress.js';
import type { MeasuredPoint, RunState } from '../run/index.js';
import { rerunOnResume } from '../run/index.js';
import { StageLine } from './stage-line.js';
import type { ScatterAxes } from './view-model.js';
import { WorkerPanel } from './worker-panel.js';
import type { RemoteQueueReading } from './remote-queue.js';

export interface SearchViewProps {
  readonly state: RunState;
  /** Wall-clock now while the run is live (moves elapsed, ETA and worker ages between events). */
  readonly nowMs: number | undefined;
  readonly axes: ScatterAxes;
  readonly axesCycle: boolean;
  readonly front: readonly MeasuredPoint[];
  readonly selectedId: number | undefined;
  readonly describe: (candidate: unknown) => string;
  readonly paused: boolean;
  readonly stopping: boolean;
  readonly keysEnabled: boolean;
  readonly message: string | undefined;
  readonly width: number;
  readonly height: number;
  /** A queued run's remote workers and queue depth ('reading' until the first answer). */
  readonly remote?: RemoteQueueReading | 'reading';
}

/** The whole screen as a function of its props (no input, no timers): what the frame tests render. */
export function SearchView(props: SearchViewProps) {
  const { state, width } = props;
  const layout = computeLayout(width, props.height);
  const finished = state.finished !== undefined;
  const lastFit = state.fits[state.fits.length - 1];
  const predictorLines = lastFit ? 2 + Object.keys(lastFit.quality).length : 2;
  return (
    <Box flexDirection="column" width={width}>
      <HeaderLine
        strategy={state.strategy}
        evaluator={state.evaluator}
        seed={state.seed}
        sessions={state.sessions}
        paused={props.paused && !finished}
        stopping={props.stopping && !finished}
        width={width}
      />
      <ProgressBar progress={runProgress(state, props.nowMs)} finished={finished} paused={props.paused && !finished} width={width} />
      <StageLine stage={state.stage} finished={state.finished} rerun={rerunOnResume(state)} width={width} />
      <Box flexDirection="row" height={layout.middleHeight}>
        <ParetoScatter state={state} axes={props.axes} selectedId={props.selectedId} width={layout.scatterWidth} plotHeight={layout.plotHeight} />
        {layout.sideWidth > 0 ? (
          <Box flexDirection="column" marginLeft={2} width={layout.sideWidth}>
            <PredictorPanel fits={state.fits} width={layout.sideWidth} />
            <Box marginTop={1}>
              <WorkerPanel
                state={state}
                describe={props.describe}
                nowMs={props.nowMs}
                width={layout.sideWidth}
                rows={Math.max(2, layout.middleHeight - predictorLines - 1)}
                {...(props.remote !== undefined ? { remote: props.remote } : {})}
              />
            </Box>
          </Box>
        ) : null}
      </Box>
      <FrontTable state={state} front={props.front} selectedId={props.selectedId} describe={props.describe} width={width} rows={layout.tableRows} />
      <KeyBar keysEnabled={props.keysEnabled} axesCycle={props.axesCycle} message={props.message} width={width} />
    </Box>
  );
}

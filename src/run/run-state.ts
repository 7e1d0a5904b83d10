import { toLosses } from '../core/index.js';
import type { Budget, Candidate, Constraint, Evaluation, Objective } from '../core/index.js';
import { constraintViolation } from '../pareto/index.js';
import { AppendOnlyList } from './append-only-list.js';
import { updateBest, updateFront } from './front-update.js';
import { START_CLOCK, advanceClock, runSeconds } from './run-clock.js';
import type { RunClock } from './run-clock.js';
import type { RunEvent } from './events.js';

/** What the state needs of a run's config and parts (a `RunConfig` fits, plus what its parts tell). */
export interface RunStateConfig {
  readonly objectives: readonly Objective[];
  readonly budget: Budget;
  readonly workers?: number;
  readonly constraints?: readonly Constraint[];
  readonly strategy?: string;
  readonly seed?: number;
  /** What measures candidates, for people (the evaluator kind's label, e.g. `mnist · cnn`). */
  readonly evaluatorLabel?: string;
  /**
   * Whether a candidate is evaluated at the space's full fidelity (its space's `fidelity`); only
   * those are comparable and may make the front. Default: every candidate.
   */
  readonly isFullFidelity?: (candidate: Candidate) => boolean;
}

/** One evaluated candidate. */
export interface MeasuredPoint {
  readonly id: number;
  readonly key: string;
  /** Journal sequence number of its `candidate-evaluated` event. */
  readonly seq: number;
  /** From its proposal. */
  readonly candidate: Candidate;
  readonly evaluation: Evaluation;
  /** Journal time of its evaluation (ISO 8601). */
  readonly time: string;
  /** 0-based position among the run's evaluations (the x axis of "over time" plots). */
  readonly order: number;
  /** One value per run objective in the metric's own units and direction (NaN when missing): what displays show. */
  readonly values: readonly number[];
  /** The same, minimised ("max" objectives negated; +Infinity when failed or missing): what the Pareto math uses. */
  readonly losses: readonly number[];
  /** The evaluator reported a failure (`evaluation.failure`). */
  readonly failed: boolean;
  /** A pruner stopped it early (`evaluation.pruned`): a low-fidelity point, never on the front. */
  readonly pruned: boolean;
  /** All run constraints hold. */
  readonly feasible: boolean;
  /** Evaluated at the space's full fidelity and not pruned: only these are comparable and make the front. */
  readonly full: boolean;
}

/** A candidate proposed and not evaluated yet: running, queued, or (after a stop) to be re-run on resume. */
export interface PendingCandidate {
  readonly id: number;
  readonly key: string;
  readonly candidate: Candidate;
  /** Wall-clock time of the proposal in ms since the epoch (NaN when the journal has no times). */
  readonly proposedAtMs: number;
  /**
   * Predicted objective values (metric units, run objective order) when the proposal carried
   * them (`candidates-proposed.predicted`, journaled for strategies with a predictor); shown as
   * faint points.
   */
  readonly predicted?: readonly number[];
}

export interface PredictorFit {
  readonly seq: number;
  readonly timeMs: number;
  readonly samples: number;
  readonly seconds: number;
  /** e.g. `{ kendallTau: 0.62, spearman: 0.8 }` on the latest batch. */
  readonly quality: Readonly<Record<string, number>>;
  /** Evaluations recorded before this fit. */
  readonly evaluated: number;
}

export interface StageChange {
  readonly stage: string;
  readonly seq: number;
  /** Evaluations recorded before the stage began. */
  readonly evaluated: number;
}


/**
 * Everything a display of a run needs, rebuilt from journal events by `reduceRunState`. Used by
 * the TUI, batch progress lines, `jars status` and reports.
 */
export interface RunState {
  readonly objectives: readonly Objective[];
  readonly constraints: readonly Constraint[];
  /** The budget in force: the config's, or the latest `budget-changed` (`jars resume --budget`). */
  readonly budget: Budget;
  readonly workers: number;
  readonly strategy: string | undefined;
  /** What measures candidates: a benchmark name, or `dataset · space` for the trainer. */
  readonly evaluator: string | undefined;
  readonly seed: number | undefined;
  /** Highest journal sequence number applied; events at or below it are ignored (replays are idempotent). */
  readonly lastSeq: number;
  /** `run-started` events seen: 2 or more means the run was resumed. */
  readonly sessions: number;
  /** Evaluations in journal order (failures included); `front` and `best` index into it. */
  readonly points: AppendOnlyList<MeasuredPoint>;
  readonly failed: number;
  readonly lastFailure: { readonly id: number; readonly message: string } | undefined;
  /** Sum of evaluation costs (full-training equivalents), what a cost budget counts. */
  readonly costSpent: number;
  readonly isFullFidelity: (candidate: Candidate) => boolean;
  /** Sum of evaluation seconds (simulated seconds for tabular benchmarks). */
  readonly evaluationSeconds: number;
  /** Proposed, not yet evaluated, in id order. */
  readonly pending: readonly PendingCandidate[];
  /** One entry per worker: the pending id it runs, or null when idle. Stable while a candidate runs. */
  readonly slots: readonly (number | null)[];
  /**
   * Indices into `points` (ascending) of the Pareto front: non-dominated among evaluations that
   * succeeded, have every objective metric and satisfy the constraints. Empty until one does.
   */
  readonly front: readonly number[];
  /** Per objective, the index into `points` of the best eligible evaluation (earliest on ties). */
  readonly best: readonly (number | undefined)[];
  readonly stage: string | undefined;
  readonly stages: readonly StageChange[];
  readonly fits: readonly PredictorFit[];
  /** Set by `run-finished`, cleared when a resumed session starts. */
  readonly finished: { readonly reason: string; readonly message?: string } | undefined;
  readonly clock: RunClock;
}

const everyFidelityFull = (): boolean => true;

export function initialRunState(config: RunStateConfig): RunState {
  const workers = Math.max(1, config.workers ?? 1);
  return {
    objectives: config.objectives,
    constraints: config.constraints ?? [],
    budget: config.budget,
    workers,
    strategy: config.strategy,
    evaluator: config.evaluatorLabel,
    isFullFidelity: config.isFullFidelity ?? everyFidelityFull,
    seed: config.seed,
    lastSeq: -1,
    sessions: 0,
    points: AppendOnlyList.empty(),
    failed: 0,
    lastFailure: undefined,
    costSpent: 0,
    evaluationSeconds: 0,
    pending: [],
    slots: Array.from({ length: workers }, () => null),
    front: [],
    best: config.objectives.map(() => undefined),
    stage: undefined,
    stages: [],
    fits: [],
    finished: undefined,
    clock: START_CLOCK,
  };
}

/**
 * Applies one journal event. Pure: returns a new state (sharing unchanged parts) and never
 * mutates `state`. Events whose `seq` was already applied return `state` itself, so feeding a
 * replay twice, or replayed events after the journal they came from, is harmless.
 *
 * Per evaluation the cost is O(front size × objectives) (the point list appends in O(1), see
 * `AppendOnlyList`), so runs of many thousands of evaluations stay cheap.
 */
export function reduceRunState(state: RunState, event: RunEvent): RunState {
  if (event.seq <= state.lastSeq) return state;
  const base = { ...state, lastSeq: event.seq, clock: advanceClock(state.clock, event) };
  switch (event.type) {
    case 'run-started':
      return { ...base, sessions: state.sessions + 1, seed: event.seed, finished: undefined };
    case 'candidates-proposed':
      return propose(base, event);
    case 'candidate-evaluated':
      return evaluate(base, event);
    case 'stage-changed':
      return {
        ...base,
        stage: event.stage,
        stages: [...state.stages, { stage: event.stage, seq: event.seq, evaluated: state.points.length }],
      };
    case 'predictor-fitted':
      return {
        ...base,
        fits: [
          ...state.fits,
          {
            seq: event.seq,
            timeMs: Date.parse(event.time),
            samples: event.samples,
            seconds: event.seconds,
            quality: event.quality ?? {},
            evaluated: state.points.length,
          },
        ],
      };
    case 'run-paused':
    case 'run-unpaused':
      return base;
    case 'budget-changed':
      return { ...base, budget: event.budget };
    case 'run-finished':
      return { ...base, finished: event.message === undefined ? { reason: event.reason } : { reason: event.reason, message: event.message } };
  }
}

/** The budget in force after `events`: the latest `budget-changed`, else the run config's `initial` one. */
export function budgetInForce(initial: Budget, events: Iterable<RunEvent>): Budget {
  let budget = initial;
  for (const event of events) if (event.type === 'budget-changed') budget = event.budget;
  return budget;
}

/** Reduces a whole event list (e.g. `journal.replay()`). */
export function runStateFromEvents(config: RunStateConfig, events: Iterable<RunEvent>): RunState {
  let state = initialRunState(config);
  for (const event of events) state = reduceRunState(state, event);
  return state;
}

type Proposed = Extract<RunEvent, { type: 'candidates-proposed' }>;
type Evaluated = Extract<RunEvent, { type: 'candidate-evaluated' }>;

function propose(state: RunState, event: Proposed): RunState {
  const predicted = readPredictions(event, state.objectives.length);
  const proposedAtMs = Date.parse(event.time);
  const added: PendingCandidate[] = event.ids.map((id, i) => ({
    id,
    key: event.keys[i] ?? '',
    candidate: event.candidates[i] as Candidate,
    proposedAtMs,
    ...(predicted?.[i] ? { predicted: predicted[i] } : {}),
  }));
  const pending = [...state.pending, ...added].sort((a, b) => a.id - b.id);
  return { ...state, pending, slots: fillSlots(state.slots, pending) };
}

function evaluate(state: RunState, event: Evaluated): RunState {
  const { evaluation } = event;
  const proposal = state.pending.find((p) => p.id === event.id);
  // An evaluation of a candidate never proposed, or evaluated already, is not counted: the engine
  // refuses such journals on resume, and displays of them must not count an evaluation twice.
  if (!proposal) return state;
  const failed = evaluation.failure !== undefined;
  const pruned = evaluation.pruned !== undefined;
  const point: MeasuredPoint = {
    id: event.id,
    key: event.key,
    seq: event.seq,
    time: event.time,
    order: state.points.length,
    candidate: proposal.candidate,
    evaluation,
    values: state.objectives.map((o) => evaluation.metrics[o.metric] ?? Number.NaN),
    losses: failed ? state.objectives.map(() => Number.POSITIVE_INFINITY) : toLosses(evaluation.metrics, state.objectives),
    failed,
    pruned,
    feasible: !failed && constraintViolation(evaluation.metrics, state.constraints) === 0,
    full: !pruned && state.isFullFidelity(proposal.candidate),
  };
  const points = state.points.append(point);
  const index = points.length - 1;
  const pending = state.pending.filter((p) => p.id !== event.id);
  const freed = state.slots.map((slot) => (slot === event.id ? null : slot));
  return {
    ...state,
    points,
    pending,
    slots: fillSlots(freed, pending),
    failed: state.failed + (failed ? 1 : 0),
    lastFailure: failed ? { id: event.id, message: evaluation.failure ?? '' } : state.lastFailure,
    costSpent: state.costSpent + evaluation.cost,
    evaluationSeconds: state.evaluationSeconds + evaluation.seconds,
    front: updateFront(points, state.front, index),
    best: updateBest(points, state.best, index),
  };
}

/** Idle workers take the earliest pending candidates not already running (the engine's FIFO queue). */
function fillSlots(slots: readonly (number | null)[], pending: readonly PendingCandidate[]): readonly (number | null)[] {
  if (!slots.includes(null)) return slots;
  const running = new Set(slots);
  const waiting = pending.filter((p) => !running.has(p.id));
  let next = 0;
  return slots.map((slot) => (slot === null && next < waiting.length ? (waiting[next++] as PendingCandidate).id : slot));
}


/** The front's evaluations, in journal order. */
export function frontPoints(state: RunState): MeasuredPoint[] {
  return state.front.map((i) => state.points.at(i) as MeasuredPoint);
}

/** Per objective, the best eligible evaluation (undefined before one exists). */
export function bestPoints(state: RunState): (MeasuredPoint | undefined)[] {
  return state.best.map((i) => (i === undefined ? undefined : state.points.at(i)));
}

/**
 * How many of the proposed, unevaluated candidates `jars resume` would evaluate: all of them while
 * the budget has room (at most the evaluations it has left), none once it is spent, as the
 * engine's budget decides.
 */
export function rerunOnResume(state: RunState): number {
  const { queries, cost, seconds } = state.budget;
  if (cost !== undefined && state.costSpent >= cost) return 0;
  if (seconds !== undefined && runSeconds(state.clock) >= seconds) return 0;
  const room = queries === undefined ? Number.POSITIVE_INFINITY : Math.max(0, queries - state.points.length);
  return Math.min(state.pending.length, room);
}

/** Whether the run's last session ended with `run-finished` (else it is live, interrupted or not started). */
export function lifecycleOf(state: RunState, livePid: number | undefined): RunLifecycle {
  if (livePid !== undefined) return { kind: 'running', pid: livePid };
  if (state.finished) return { kind: 'finished', ...state.finished };
  return state.sessions === 0 ? { kind: 'not-started' } : { kind: 'interrupted' };
}

export type RunLifecycle =
  | { readonly kind: 'finished'; readonly reason: string; readonly message?: string }
  | { readonly kind: 'running'; readonly pid: number }
  | { readonly kind: 'interrupted' }
  | { readonly kind: 'not-started' };

/** The optional `predicted` rows of a proposal, when well formed (see `PendingCandidate.predicted`). */
function readPredictions(event: Proposed, objectives: number): (readonly number[] | undefined)[] | undefined {
  const rows = (event as { predicted?: unknown }).predicted;
  if (!Array.isArray(rows)) return undefined;
  return rows.map((row: unknown) =>
    Array.isArray(row) && row.length === objectives && row.every((v) => typeof v === 'number') ? (row as number[]) : undefined,
  );
}

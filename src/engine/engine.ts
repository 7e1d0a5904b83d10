import { JarsError, RunError, evaluationRng, toLosses } from '../core/index.js';
import type { Candidate, EvaluateContext, Evaluation, Evaluator, IntermediateReport, Objective, Observation } from '../core/index.js';
import { CorruptJournalError, START_CLOCK, advanceClock, runSeconds } from '../run/index.js';
import type { NewRunEvent, RunEvent, RunJournal } from '../run/index.js';
import type { Strategy } from '../search/index.js';
import type { SearchSpace } from '../space/index.js';
import { BudgetTracker } from './budget.js';
import type { CurvePoint, Pruner } from './pruners.js';
import type { Budget } from '../core/index.js';

/** Receives every journal event as it is written (and, on resume, the replayed ones first). */
export interface EngineObserver {
  onEvent(event: RunEvent, replayed: boolean): void;
}

export interface EngineOptions<C extends Candidate> {
  readonly space: SearchSpace<C>;
  readonly evaluator: Evaluator<C>;
  readonly strategy: Strategy<C>;
  readonly objectives: readonly Objective[];
  readonly budget: Budget;
  readonly seed: number;
  readonly journal: RunJournal;
  readonly observers?: readonly EngineObserver[];
  /** Evaluations in flight at once (default: the evaluator's concurrency, else 1). */
  readonly concurrency?: number;
  /** Aborting stops proposing; evaluations in flight are abandoned and re-run on resume. */
  readonly signal?: AbortSignal;
  /** Resolves while paused; the engine waits on it before each proposal. */
  readonly pauseGate?: () => Promise<void>;
  /**
   * Stops hopeless evaluations early from their intermediate reports (median, ASHA). The run's
   * first objective is what it compares; evaluators that report per epoch (the tfjs trainer, a
   * command) honour it, and each evaluation's curve is journalled so a resume rebuilds its state.
   */
  readonly pruner?: Pruner;
  /** Seconds this session has been paused so far (not counted against a time budget). */
  readonly pausedSeconds?: () => number;
  /**
   * The session changes the run's budget (`jars resume --budget`): `budget` above is the new one;
   * a `budget-changed` event records it right after `run-started`.
   */
  readonly budgetChange?: { readonly budget: Budget; readonly previous: Budget };
}

export type StopReason = 'budget' | 'stopped' | 'exhausted';

export interface RunResult<C extends Candidate> {
  readonly reason: StopReason;
  readonly observations: readonly Observation<C>[];
  readonly evaluations: ReadonlyMap<number, Evaluation>;
  readonly spentCost: number;
}

interface Pending<C> {
  readonly id: number;
  readonly candidate: C;
  readonly key: string;
  /** Earlier proposals of the same key in this run (0 = its first), and the first one's id. */
  readonly repeat: number;
  readonly firstId: number;
}

/**
 * The search loop: ask the strategy → evaluate (up to `concurrency` at once) → journal → tell.
 *
 * Resume is replay: the strategy is rebuilt from the same seed and the journal's proposals and
 * evaluations are fed back in their recorded order (the strategy must re-propose exactly what the
 * journal says, or the run refuses to continue). Proposals without an evaluation are evaluated
 * again, so nothing is lost and nothing is measured twice.
 */
export class SearchEngine<C extends Candidate> {
  private readonly options: EngineOptions<C>;
  private readonly observations: Observation<C>[] = [];
  private readonly evaluations = new Map<number, Evaluation>();
  private readonly queue: Pending<C>[] = [];
  private readonly budget: BudgetTracker;
  private nextId = 0;
  /** Per candidate key: the id of its first proposal and how many proposals it has had. */
  private readonly proposalsOfKey = new Map<string, { readonly firstId: number; count: number }>();
  private lastStage: string | undefined;

  constructor(options: EngineOptions<C>) {
    this.options = options;
    this.budget = new BudgetTracker(options.budget, options.pausedSeconds);
  }

  async run(): Promise<RunResult<C>> {
    const { journal } = this.options;
    // Statistics that need loading (the zero-cost proxies' tfjs and data batch) are ready before
    // the strategy sees a candidate, replayed or new.
    await this.options.space.prepare?.();
    const replayed = await this.replay(journal.replay());
    const change = this.options.budgetChange;
    await this.emit([
      { type: 'run-started', seed: this.options.seed, resumedFrom: replayed },
      ...(change ? [{ type: 'budget-changed' as const, budget: change.budget, previous: change.previous }] : []),
    ]);
    let reason: StopReason;
    try {
      reason = await this.search();
    } catch (error) {
      // Whatever ends a started session (a data error, bad input met mid-run, a bug) is journalled
      // as its end, so the journal says the run failed and why; it replays like any other end.
      await this.journalFailure(error);
      throw error;
    }
    await this.emit([{ type: 'run-finished', reason }]);
    return { reason, observations: this.observations, evaluations: this.evaluations, spentCost: this.budget.spentCost };
  }

  /** `run-finished` with reason `failed` and the error's message; nothing when the journal itself is what failed. */
  private async journalFailure(error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    try {
      await this.emit([{ type: 'run-finished', reason: 'failed', message }]);
    } catch {
      // The journal refused (disk full, another writer): its own error is the one to report.
    }
  }

  /** The search loop of one session, to its stop reason. */
  private async search(): Promise<StopReason> {
    const { signal } = this.options;
    const concurrency = Math.max(1, this.options.concurrency ?? this.options.evaluator.concurrency ?? 1);
    const inFlight = new Map<number, Promise<{ pending: Pending<C>; evaluation: Evaluation } | 'deadline'>>();
    // Evaluations stop when the user stops the run or its wall-time budget runs out; either way
    // the ones in flight are abandoned (not journaled) and run again on resume.
    const stopEvaluations = new AbortController();
    const onStop = () => stopEvaluations.abort();
    signal?.addEventListener('abort', onStop, { once: true });
    const deadline = this.deadline();
    let reason: StopReason | undefined;
    // Known costs of the evaluations running now, and whether the next one waits for want of budget.
    const inFlightCost = new Map<number, number>();
    let unaffordable = false;
    const costOf = this.options.evaluator.costOf?.bind(this.options.evaluator);

    try {
      while (reason === undefined) {
        if (signal?.aborted) {
          reason = 'stopped';
          break;
        }
        await this.options.pauseGate?.();
        // Fill free slots: re-queued proposals first, then new ones from the strategy.
        while (inFlight.size < concurrency && !signal?.aborted) {
          // Re-queued proposals count against the budget like new ones, and a wide pool never
          // asks for more than the query budget has left.
          if (!this.budget.mayPropose(inFlight.size)) break;
          if (this.queue.length === 0) {
            const requested = Math.min(concurrency - inFlight.size, this.budget.remainingQueries(inFlight.size));
            const proposed = await this.propose(requested);
            if (proposed === 0) break;
          }
          const next = this.queue[0] as Pending<C>;
          const nextCost = costOf?.(next.candidate);
          if (nextCost !== undefined && !this.budget.affords(nextCost, [...inFlightCost.values()].reduce((a, b) => a + b, 0))) {
            unaffordable = true;
            break;
          }
          this.queue.shift();
          if (nextCost !== undefined) inFlightCost.set(next.id, nextCost);
          inFlight.set(next.id, this.evaluate(next, stopEvaluations.signal));
        }
        if (inFlight.size === 0) {
          reason = this.budget.exhausted() || unaffordable ? 'budget' : signal?.aborted ? 'stopped' : 'exhausted';
          break;
        }
        const settled = await Promise.race([...inFlight.values(), ...(deadline ? [deadline.reached] : [])]);
        if (settled === 'deadline') {
          reason = 'budget';
          break;
        }
        inFlight.delete(settled.pending.id);
        inFlightCost.delete(settled.pending.id);
        if (signal?.aborted) {
          reason = 'stopped';
          break;
        }
        await this.record(settled.pending, settled.evaluation);
      }
    } finally {
      stopEvaluations.abort();
      signal?.removeEventListener('abort', onStop);
      deadline?.cancel();
    }
    return reason;
  }

  /** Resolves when the run's wall-time budget is used up (undefined without one). */
  private deadline(): { reached: Promise<'deadline'>; cancel(): void } | undefined {
    const seconds = this.options.budget.seconds;
    if (seconds === undefined) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const reached = new Promise<'deadline'>((resolve) => {
      // Paused time does not count: when the timer fires early because of a pause, wait the rest.
      const arm = () => {
        const left = seconds - this.budget.elapsedSeconds();
        timer = left > 0 ? setTimeout(arm, left * 1000) : undefined;
        if (left <= 0) resolve('deadline');
      };
      arm();
    });
    return { reached, cancel: () => clearTimeout(timer) };
  }

  /** Feeds recorded events back into a freshly built strategy; returns how many evaluations it restored. */
  private async replay(events: readonly RunEvent[]): Promise<number> {
    const { space, strategy, observers } = this.options;
    const proposed = new Map<number, Pending<C>>();
    // Running time of the earlier sessions, for the run's time budget (the same clock displays use).
    let clock = START_CLOCK;
    for (const event of events) {
      clock = advanceClock(clock, event);
      if (event.type === 'candidates-proposed') {
        const got = await strategy.ask(event.requested);
        strategy.takeFitReports?.(); // already journaled
        const keys = got.map((c) => space.key(c));
        if (keys.length !== event.keys.length || keys.some((k, i) => k !== event.keys[i])) {
          throw new RunError(
            `cannot resume: the strategy now proposes [${keys.join(' ')}] where the journal (event ${event.seq}) recorded [${event.keys.join(' ')}]; the run's config or jars' code changed since it started`,
          );
        }
        got.forEach((candidate, i) => proposed.set(event.ids[i] as number, this.pending(event.ids[i] as number, candidate, keys[i] as string)));
        this.nextId = Math.max(this.nextId, ...event.ids.map((id) => id + 1));
      } else if (event.type === 'candidate-evaluated') {
        const pending = proposed.get(event.id);
        if (!pending) throw new CorruptJournalError(`journal event seq ${event.seq} evaluates candidate ${event.id}, which no earlier event proposed; remove that line to resume`);
        if (this.evaluations.has(event.id)) throw new CorruptJournalError(`journal event seq ${event.seq} evaluates candidate ${event.id} a second time; remove that line to resume`);
        await this.tell(pending, event.evaluation);
      } else if (event.type === 'stage-changed') {
        this.lastStage = event.stage;
      }
      for (const o of observers ?? []) o.onEvent(event, true);
    }
    this.budget.addPriorSeconds(runSeconds(clock));
    for (const [id, pending] of [...proposed].sort((a, b) => a[0] - b[0])) {
      if (!this.evaluations.has(id)) this.queue.push(pending);
    }
    return this.evaluations.size;
  }

  private pending(id: number, candidate: C, key: string): Pending<C> {
    const seen = this.proposalsOfKey.get(key);
    if (!seen) {
      this.proposalsOfKey.set(key, { firstId: id, count: 1 });
      return { id, candidate, key, repeat: 0, firstId: id };
    }
    return { id, candidate, key, repeat: seen.count++, firstId: seen.firstId };
  }

  private async propose(requested: number): Promise<number> {
    const { space, strategy } = this.options;
    const candidates = await strategy.ask(requested);
    const ids = candidates.map(() => this.nextId++);
    const keys = candidates.map((c) => space.key(c));
    const events: NewRunEvent[] = (strategy.takeFitReports?.() ?? []).map((r) => ({
      type: 'predictor-fitted' as const,
      samples: r.samples,
      seconds: r.seconds,
      ...(r.quality ? { quality: { ...r.quality } } : {}),
    }));
    const predicted = candidates.map((c) => strategy.predicted?.(c));
    const withPredictions = predicted.length > 0 && predicted.every((p) => p !== undefined);
    events.push({
      type: 'candidates-proposed',
      requested,
      ids,
      keys,
      candidates,
      ...(withPredictions ? { predicted: predicted.map((p) => [...(p as readonly number[])]) } : {}),
    });
    const stage = strategy.progress?.().stage;
    if (stage !== undefined && stage !== this.lastStage) {
      this.lastStage = stage;
      events.push({ type: 'stage-changed', stage });
    }
    await this.emit(events);
    candidates.forEach((candidate, i) => this.queue.push(this.pending(ids[i] as number, candidate, keys[i] as string)));
    return candidates.length;
  }

  private async evaluate(pending: Pending<C>, signal: AbortSignal): Promise<{ pending: Pending<C>; evaluation: Evaluation }> {
    const { pruner } = this.options;
    const curve: IntermediateReport[] = [];
    const context: EvaluateContext = {
      rng: evaluationRng(this.options.seed, pending.id),
      signal,
      candidateId: pending.id,
      ...(pending.repeat > 0 ? { repeat: { index: pending.repeat, firstId: pending.firstId, firstRng: evaluationRng(this.options.seed, pending.firstId) } } : {}),
      ...(pruner
        ? {
            report: (progress: IntermediateReport) => {
              if (curve.length > 0 && progress.epoch <= (curve.at(-1) as IntermediateReport).epoch) return 'continue';
              curve.push({ epoch: progress.epoch, metrics: { ...progress.metrics } });
              const point = this.curvePoint(progress);
              return point ? pruner.decide(pending.id, point) : 'continue';
            },
          }
        : {}),
    };
    try {
      const evaluation = await this.options.evaluator.evaluate(pending.candidate, context);
      return { pending, evaluation: curve.length > 0 && !evaluation.curve ? { ...evaluation, curve } : evaluation };
    } catch (error) {
      // Bad input or missing data stops the run; anything else is this candidate's failure.
      if (error instanceof JarsError) throw error;
      const failure = error instanceof Error ? error.message : String(error);
      return { pending, evaluation: { metrics: {}, cost: 0, seconds: 0, failure } };
    }
  }

  private async record(pending: Pending<C>, evaluation: Evaluation): Promise<void> {
    await this.emit([{ type: 'candidate-evaluated', id: pending.id, key: pending.key, evaluation }]);
    await this.tell(pending, evaluation);
  }

  /** The minimised first objective of a report, which pruners compare (undefined when it is not reported). */
  private curvePoint(progress: IntermediateReport): CurvePoint | undefined {
    const objective = this.options.objectives[0] as Objective;
    const value = progress.metrics[objective.metric];
    if (value === undefined) return undefined;
    return { epoch: progress.epoch, loss: objective.direction === 'max' ? -value : value };
  }

  private async tell(pending: Pending<C>, evaluation: Evaluation): Promise<void> {
    const failed = evaluation.failure !== undefined;
    const pruned = failed ? undefined : evaluation.pruned;
    if (this.options.pruner) {
      const curve = (evaluation.curve ?? []).map((r) => this.curvePoint(r)).filter((p): p is CurvePoint => p !== undefined);
      this.options.pruner.finished(pending.id, curve, failed ? 'failed' : pruned !== undefined ? 'pruned' : 'completed');
    }
    const observation: Observation<C> = {
      id: pending.id,
      candidate: pending.candidate,
      key: pending.key,
      metrics: evaluation.metrics,
      losses: failed
        ? this.options.objectives.map(() => Number.POSITIVE_INFINITY)
        : toLosses(evaluation.metrics, this.options.objectives),
      cost: evaluation.cost,
      failed,
      ...(pruned !== undefined ? { pruned } : {}),
    };
    this.evaluations.set(pending.id, evaluation);
    this.observations.push(observation);
    this.budget.spend(evaluation);
    await this.options.strategy.tell([observation]);
  }

  private async emit(events: readonly NewRunEvent[]): Promise<void> {
    const written = await this.options.journal.append(events);
    for (const e of written) for (const o of this.options.observers ?? []) o.onEvent(e, false);
  }
}

import { InvalidInputError, oneOfMessage } from '../core/index.js';
import type { PruneDecision } from '../core/index.js';

/** One point of an evaluation's learning curve: the run's first objective, minimised, after `epoch` epochs. */
export interface CurvePoint {
  readonly epoch: number;
  readonly loss: number;
}

/**
 * Decides whether an evaluation in progress goes on (the scheduler of Syne Tune, Optuna's pruner).
 * Decisions depend only on what the pruner was told, in the order it was told, so a resumed run
 * (which replays the journal's curves) decides as the uninterrupted one would with one worker.
 */
export interface Pruner {
  readonly name: string;
  /** Evaluation `id` reached `point`: go on, or stop it now. */
  decide(id: number, point: CurvePoint): PruneDecision;
  /** Evaluation `id` finished (completed, pruned or failed) with this curve. */
  finished(id: number, curve: readonly CurvePoint[], outcome: 'completed' | 'pruned' | 'failed'): void;
}

/**
 * Optuna's median rule (Golovin et al. 2017, "Google Vizier", §3.2.2): stop an evaluation whose
 * value at epoch e is worse than the median of the completed evaluations' values at epoch e. It
 * waits for `startupTrials` completed evaluations and never stops one before `warmupEpochs`.
 */
export class MedianPruner implements Pruner {
  readonly name = 'median';
  private readonly completed: (readonly CurvePoint[])[] = [];

  constructor(private readonly options: { startupTrials?: number; warmupEpochs?: number } = {}) {}

  decide(_id: number, point: CurvePoint): PruneDecision {
    if (!Number.isFinite(point.loss)) return 'prune';
    if (point.epoch <= (this.options.warmupEpochs ?? 1)) return 'continue';
    if (this.completed.length < (this.options.startupTrials ?? 5)) return 'continue';
    const values = this.completed.flatMap((curve) => curve.filter((p) => p.epoch === point.epoch).map((p) => p.loss)).filter(Number.isFinite);
    if (values.length === 0) return 'continue';
    return point.loss > median(values) ? 'prune' : 'continue';
  }

  finished(_id: number, curve: readonly CurvePoint[], outcome: 'completed' | 'pruned' | 'failed'): void {
    if (outcome === 'completed' && curve.length > 0) this.completed.push(curve);
  }
}

/**
 * Asynchronous successive halving (ASHA; Li et al. 2020, "A System for Massively Parallel
 * Hyperparameter Tuning", Alg. 2) as a stopping rule: rungs at `minEpochs`·η^k epochs; an
 * evaluation reaching a rung goes on only if its value is among the best ⌊n/η⌋ of the n values
 * recorded at that rung so far (its own included; the first one always goes on).
 */
export class AshaPruner implements Pruner {
  readonly name = 'asha';
  private readonly rungs = new Map<number, Map<number, number>>();
  private readonly eta: number;
  private readonly minEpochs: number;

  constructor(options: { reductionFactor?: number; minEpochs?: number } = {}) {
    this.eta = options.reductionFactor ?? 3;
    this.minEpochs = options.minEpochs ?? 1;
  }

  /** Whether `epoch` is a rung: minEpochs · η^k. */
  isRung(epoch: number): boolean {
    for (let r = this.minEpochs; r <= epoch; r *= this.eta) if (r === epoch) return true;
    return false;
  }

  decide(id: number, point: CurvePoint): PruneDecision {
    if (!Number.isFinite(point.loss)) return 'prune';
    if (!this.isRung(point.epoch)) return 'continue';
    const rung = this.rungs.get(point.epoch) ?? new Map<number, number>();
    this.rungs.set(point.epoch, rung);
    rung.set(id, point.loss);
    const sorted = [...rung.values()].sort((a, b) => a - b);
    const keep = Math.max(1, Math.floor(sorted.length / this.eta));
    return point.loss <= (sorted[keep - 1] as number) ? 'continue' : 'prune';
  }

  finished(id: number, curve: readonly CurvePoint[]): void {
    // Replayed curves (resume) enter the rungs they passed; live ones are there already.
    for (const p of curve) {
      if (!this.isRung(p.epoch) || !Number.isFinite(p.loss)) continue;
      const rung = this.rungs.get(p.epoch) ?? new Map<number, number>();
      this.rungs.set(p.epoch, rung);
      if (!rung.has(id)) rung.set(id, p.loss);
    }
  }
}

export const PRUNERS = ['median', 'asha'] as const;
export type PrunerName = (typeof PRUNERS)[number];

export function createPruner(name: string): Pruner {
  if (name === 'median') return new MedianPruner();
  if (name === 'asha') return new AshaPruner();
  throw new InvalidInputError(oneOfMessage('pruner', PRUNERS, name));
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

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
    // Optuna's defaults: 5 startup trials, no warm-up (a report at 1/3 epoch may prune).
    if (point.epoch <= (this.options.warmupEpochs ?? 0)) return 'continue';
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
 * recorded at that rung so far (its own included). A rung judges only once it holds
 * `startupValues` values (5 by default, as the median rule waits for 5 completed evaluations):
 * until then everything reaching it goes on.
 *
 * The lowest rung is 1/3 epoch by default (rungs 1/3, 1, 3, 9, …, η = 3): resource may be counted
 * in any unit (Li et al. use iterations), and on short trainings rungs at whole epochs leave little
 * to save (the default MNIST search trains 1–3 epochs). The trainer reports at 1/3 of its first
 * epoch; a command trainer that reports whole epochs only meets the rungs 1, 3, 9, ….
 * Measured (`bench/pruning.mjs`, seed 0): a lowest rung of 1/9 pruned 32 of 40 and cost 1.8 points
 * of front best. Over seeds 0–4 (bench/results/pruning.txt), judging from the first value on cost
 * 0.47 points on average (2.4 at worst); waiting for 5 values, +0.13 on average (−0.45 at worst).
 */
export class AshaPruner implements Pruner {
  readonly name = 'asha';
  private readonly rungs = new Map<number, Map<number, number>>();
  private readonly eta: number;
  private readonly minEpochs: number;
  private readonly startup: number;

  constructor(options: { reductionFactor?: number; minEpochs?: number; startupValues?: number } = {}) {
    this.eta = options.reductionFactor ?? 3;
    this.minEpochs = options.minEpochs ?? 1 / 3;
    this.startup = options.startupValues ?? 5;
  }

  /** Whether `epoch` is a rung: minEpochs · η^k. */
  isRung(epoch: number): boolean {
    return this.rungOf(epoch) !== undefined;
  }

  /** The rung `epoch` lands on (k of minEpochs · η^k, so 1/9·9 and 1 are one rung), if any. */
  private rungOf(epoch: number): number | undefined {
    if (!(epoch > 0)) return undefined;
    const k = Math.round(Math.log(epoch / this.minEpochs) / Math.log(this.eta));
    if (k < 0) return undefined;
    const rung = this.minEpochs * this.eta ** k;
    return Math.abs(rung - epoch) <= 1e-6 * rung ? k : undefined;
  }

  decide(id: number, point: CurvePoint): PruneDecision {
    if (!Number.isFinite(point.loss)) return 'prune';
    const k = this.rungOf(point.epoch);
    if (k === undefined) return 'continue';
    const rung = this.rungs.get(k) ?? new Map<number, number>();
    this.rungs.set(k, rung);
    rung.set(id, point.loss);
    if (rung.size < this.startup) return 'continue';
    const sorted = [...rung.values()].sort((a, b) => a - b);
    const keep = Math.max(1, Math.floor(sorted.length / this.eta));
    return point.loss <= (sorted[keep - 1] as number) ? 'continue' : 'prune';
  }

  finished(id: number, curve: readonly CurvePoint[]): void {
    // Replayed curves (resume) enter the rungs they passed; live ones are there already.
    for (const p of curve) {
      const k = this.rungOf(p.epoch);
      if (k === undefined || !Number.isFinite(p.loss)) continue;
      const rung = this.rungs.get(k) ?? new Map<number, number>();
      this.rungs.set(k, rung);
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

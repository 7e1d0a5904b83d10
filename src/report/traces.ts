import type { Objective } from '../core/index.js';
import { hypervolume, idealPoint, nadirPoint, normalise, paretoFront } from '../pareto/index.js';
import type { Point } from '../pareto/index.js';
import type { ProductCandidate } from '../space/index.js';
import { comparable } from './run-analysis.js';
import type { RunAnalysis } from './run-analysis.js';
import { trueParetoFront } from '../bench/index.js';
import type { MeasuredPoint } from '../run/index.js';

/** Value after each evaluation (index i = after i+1 evaluations); NaN before the first comparable one. */
export type Trace = readonly number[];

/** Best-so-far of one objective, in its real units (a "max" objective stays a maximum). */
export function bestSoFar(analysis: RunAnalysis, objectiveIndex: number): Trace {
  const objective = analysis.objectives[objectiveIndex] as Objective;
  const ok = new Set(comparable(analysis.evaluated).map((e) => e.id));
  let best = Number.POSITIVE_INFINITY;
  return analysis.evaluated.map((e) => {
    if (ok.has(e.id)) best = Math.min(best, e.losses[objectiveIndex] as number);
    return Number.isFinite(best) ? (objective.direction === 'max' ? -best : best) : Number.NaN;
  });
}

export interface HypervolumeTrace {
  readonly values: Trace;
  /**
   * `true-front`: hypervolume ratio to the tabular benchmark's true front (normalised by its ideal
   * and nadir, reference = nadir: the project's metric, as `jars bench` reports it), computed on
   * the benchmark's noise-free values of the candidates found. `run`: hypervolume normalised by
   * this run's own final ideal and nadir with reference 1.1 per objective (so the front's extreme
   * points count), divided by the reference box's volume so it lies in [0, 1]: relative progress
   * within the run.
   */
  readonly basis: 'true-front' | 'run';
  readonly reference: readonly number[];
  readonly trueFrontSize?: number;
}

/**
 * Hypervolume after each evaluation, for multi-objective runs. Uses the benchmark's true front
 * when the run is on a tabular benchmark, else the run's own extremes.
 */
export function hypervolumeTrace(analysis: RunAnalysis): HypervolumeTrace | undefined {
  if (analysis.objectives.length < 2) return undefined;
  const pool = comparable(analysis.evaluated);
  if (pool.length === 0) return undefined;
  const benchmark = analysis.parts?.benchmark;
  if (benchmark) {
    const truth = trueParetoFront(benchmark, analysis.objectives);
    const ideal = idealPoint(truth);
    const nadir = nadirPoint(truth);
    const ref = ideal.map(() => 1);
    const trueVolume = hypervolume(normalise(truth, ideal, nadir), ref);
    if (trueVolume > 0) {
      const pointOf = (e: MeasuredPoint) => normalise([truthLosses(analysis, e)], ideal, nadir)[0] as number[];
      return { values: incremental(analysis, pool, pointOf, ref, trueVolume), basis: 'true-front', reference: ref, trueFrontSize: truth.length };
    }
  }
  const points = pool.map((e) => e.losses);
  const ideal = idealPoint(points);
  const nadir = nadirPoint(points);
  const ref = ideal.map(() => 1.1);
  const pointOf = (e: MeasuredPoint) => normalise([e.losses], ideal, nadir)[0] as number[];
  // Divided by the reference box's volume (1.1^m), so 1 would be a point at the ideal: in [0, 1].
  const box = ref.reduce((a, b) => a * b, 1);
  return { values: incremental(analysis, pool, pointOf, ref, box), basis: 'run', reference: ref };
}

/** The benchmark's noise-free objective values of a candidate (as minimised losses). */
function truthLosses(analysis: RunAnalysis, e: MeasuredPoint): number[] {
  const benchmark = analysis.parts?.benchmark;
  if (!benchmark) return e.losses.slice();
  const truth = benchmark.truth(e.candidate as unknown as ProductCandidate);
  return analysis.objectives.map((o) => {
    const v = truth[o.metric] ?? e.evaluation.metrics[o.metric];
    if (v === undefined || !Number.isFinite(v)) return Number.POSITIVE_INFINITY;
    return o.direction === 'max' ? -v : v;
  });
}

/** Recomputes the volume only when a new point is not dominated by the current front. */
function incremental(
  analysis: RunAnalysis,
  pool: readonly MeasuredPoint[],
  pointOf: (e: MeasuredPoint) => number[],
  ref: readonly number[],
  divisor: number,
): number[] {
  const counted = new Set(pool.map((e) => e.id));
  let front: Point[] = [];
  let volume = 0;
  return analysis.evaluated.map((e) => {
    if (!counted.has(e.id)) return volume / divisor;
    const p = pointOf(e);
    if (!front.some((q) => q.every((v, j) => v <= (p[j] as number)))) {
      const all = [...front, p];
      front = paretoFront(all).map((i) => all[i] as Point);
      volume = hypervolume(front, ref);
    }
    return volume / divisor;
  });
}

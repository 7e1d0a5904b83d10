import type { Objective } from '../core/index.js';

/** The range a metric's values can take: `[low, high]`, either end possibly infinite. */
export type MetricRange = readonly [number, number];

const UNBOUNDED: MetricRange = [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
const ACCURACY = /(^|[a-z])(acc|accuracy)$/i;
// Times, sizes, rates, counts and error measures: never below zero.
const NON_NEGATIVE = /(seconds|ms|secs|^paramsM|^flopsM|params|flops|macs|bytes|mb|mse|rmse|mae|loss|persecond|epochs|count)$/i;

/**
 * What a prediction of `metric` may be. Accuracies lie in [0, 1], or in [0, 100] where the
 * measurements show percentages (`observedMax` > 1, as the NB201 tables record them); times,
 * sizes and error measures are ≥ 0; other metrics (a user command's own) are left unbounded.
 */
export function metricRange(metric: string, observedMax = Number.NEGATIVE_INFINITY): MetricRange {
  if (ACCURACY.test(metric)) return [0, observedMax > 1 ? 100 : 1];
  if (NON_NEGATIVE.test(metric)) return [0, Number.POSITIVE_INFINITY];
  return UNBOUNDED;
}

/** A minimised prediction (a "max" objective negated) clamped to its metric's range. */
export function boundLoss(loss: number, objective: Objective, range: MetricRange): number {
  if (!Number.isFinite(loss)) return loss;
  const value = objective.direction === 'max' ? -loss : loss;
  const bounded = Math.min(range[1], Math.max(range[0], value));
  return objective.direction === 'max' ? -bounded : bounded;
}

import { InvalidInputError } from '../core/index.js';
import type { Rng } from '../core/index.js';
import { hypervolumeImprovement, paretoFront } from '../pareto/index.js';
import type { Point } from '../pareto/index.js';
import { normalCdf, normalPdf } from './normal.js';
import type { Prediction } from './predictor.js';

/*
 * Acquisition functions over a predictor's mean and std (objectives minimised). Every function
 * returns one score per candidate where HIGHER means "evaluate this first".
 */

/** Lower confidence bound, negated: −(μ − κσ). κ trades exploration for exploitation. */
export function upperConfidenceBound(prediction: Prediction, kappa = 2, objective = 0): number[] {
  return column(prediction, objective).map(({ mu, sigma }) => -(mu - kappa * sigma));
}

/**
 * Expected improvement below `best` (Jones et al. 1998): E[max(best − ξ − Y, 0)] for
 * Y ~ N(μ, σ²); with σ = 0 it is the plain improvement.
 */
export function expectedImprovement(prediction: Prediction, best: number, xi = 0, objective = 0): number[] {
  return column(prediction, objective).map(({ mu, sigma }) => {
    const gain = best - xi - mu;
    if (sigma <= 0) return Math.max(0, gain);
    const z = gain / sigma;
    return gain * normalCdf(z) + sigma * normalPdf(z);
  });
}

/** Probability that Y ~ N(μ, σ²) is below `best − ξ`. */
export function probabilityOfImprovement(prediction: Prediction, best: number, xi = 0, objective = 0): number[] {
  return column(prediction, objective).map(({ mu, sigma }) => {
    const gain = best - xi - mu;
    if (sigma <= 0) return gain > 0 ? 1 : 0;
    return normalCdf(gain / sigma);
  });
}

/**
 * Monte-Carlo expected hypervolume improvement over the non-dominated points of `observed`
 * w.r.t. `reference`: the mean, over `samples` draws from independent normals N(μ_o, σ_o²) per
 * objective, of the exact hypervolume improvement (src/pareto). With σ = 0 every draw is the mean,
 * so it reduces to the improvement of the predicted point. Cost: candidates × samples exact
 * improvements, each one hypervolume of at most |front| points.
 */
export function expectedHypervolumeImprovement(
  prediction: Prediction,
  observed: readonly Point[],
  reference: Point,
  samples: number,
  rng: Rng,
): number[] {
  const d = reference.length;
  if (!Number.isInteger(samples) || samples < 1) throw new InvalidInputError(`samples must be an integer ≥ 1, but got ${samples}`);
  prediction.mean.forEach((m, i) => {
    if (m.length !== d) throw new InvalidInputError(`prediction ${i} has ${m.length} objectives but the reference point has ${d}`);
  });
  const front = paretoFront(observed).map((i) => observed[i] as Point);
  return prediction.mean.map((mu, i) => {
    const sigma = prediction.std[i] ?? mu.map(() => 0);
    if (sigma.every((s) => s <= 0)) return hypervolumeImprovement(front, mu, reference);
    let total = 0;
    for (let s = 0; s < samples; s++) {
      const y = mu.map((m, o) => m + (sigma[o] ?? 0) * rng.normal());
      total += hypervolumeImprovement(front, y, reference);
    }
    return total / samples;
  });
}

function column(prediction: Prediction, objective: number): { mu: number; sigma: number }[] {
  return prediction.mean.map((m, i) => {
    const mu = m[objective];
    if (mu === undefined) throw new InvalidInputError(`objective must be < ${m.length}, but got ${objective}`);
    return { mu, sigma: prediction.std[i]?.[objective] ?? 0 };
  });
}

import * as tf from '@tensorflow/tfjs';

/**
 * Losses for fitting measured targets. `mse` and `huber` regress the scaled targets; `rank` is a
 * pairwise logistic ranking loss (RankNet, Burges et al. 2005) that only cares about order — what a
 * search needs from a predictor — plus a small MSE term (`rankMseWeight`) that keeps the outputs on
 * the target scale so means and standard deviations stay usable by acquisition functions.
 */
export const LOSSES = ['mse', 'huber', 'rank'] as const;
export type LossName = (typeof LOSSES)[number];

export interface ScoreLossOptions {
  readonly loss: LossName;
  readonly rankMseWeight: number;
  readonly huberDelta: number;
}

/**
 * Sampled pairs for the ranking loss (all B² pairs cost too much on wasm), as constants built in
 * JS: gathering predictions would need a gradient kernel (UnsortedSegmentSum) that wasm lacks, so
 * pair differences are one matmul with a ±1 matrix instead.
 */
export interface PairSample {
  /** [P, B]: +1 at column j, −1 at column i, so diff·pred = pred_j − pred_i. */
  readonly diff: tf.Tensor2D;
  /** [P, objectives]: sign(y_j − y_i), +1 where i is better (lower); 0 for tied pairs. */
  readonly sign: tf.Tensor2D;
  /** [P, members]: product of the two bootstrap multiplicities. */
  readonly weight: tf.Tensor2D;
}

/**
 * Sum over members of each member's weighted mean loss. `pred` [members, B, objectives],
 * `y` [B, objectives], `w` [B, members] bootstrap multiplicities; `pairs` needed for `rank`.
 */
export function scoreLoss(pred: tf.Tensor3D, y: tf.Tensor2D, w: tf.Tensor2D, options: ScoreLossOptions, pairs?: PairSample): tf.Scalar {
  return tf.tidy(() => {
    const [m, b, o] = pred.shape;
    const wm = w.transpose().expandDims(2); // [M, B, 1]
    const diff = pred.sub(y.expandDims(0));
    const pointwise = options.loss === 'huber' ? huber(diff, options.huberDelta) : diff.square();
    const regression = pointwise.mul(wm).sum([1, 2]).div(wm.sum([1, 2]).mul(o).add(1e-9)); // [M]
    if (options.loss !== 'rank') return regression.sum() as tf.Scalar;
    if (!pairs) throw new Error('rank loss needs sampled pairs');
    const flat = pred.transpose([1, 0, 2]).reshape([b, m * o]);
    const d = tf.matMul(pairs.diff, flat).reshape([-1, m, o]); // [P, M, O]: pred_j − pred_i
    const s = pairs.sign.expandDims(1); // [P, 1, O]
    const pairLoss = tf.softplus(s.neg().mul(d)).mul(s.abs()); // [P, M, O]
    const weight = pairs.weight.expandDims(2); // [P, M, 1]
    const num = pairLoss.mul(weight).sum([0, 2]);
    const den = s.abs().mul(weight).sum([0, 2]).add(1e-9);
    return num.div(den).add(regression.mul(options.rankMseWeight)).sum() as tf.Scalar;
  });
}

/** Sum over members of the MSE of predicted `pred` [members, B, S] against standardised statistics [B, S]. */
export function proxyLoss(pred: tf.Tensor3D, stats: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => pred.sub(stats.expandDims(0)).square().mean([1, 2]).sum() as tf.Scalar);
}

function huber(diff: tf.Tensor, delta: number): tf.Tensor {
  const a = diff.abs();
  const quadratic = tf.minimum(a, delta);
  return quadratic.square().mul(0.5).add(a.sub(quadratic).mul(delta));
}

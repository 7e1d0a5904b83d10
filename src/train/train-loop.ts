import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../core/index.js';
import type { Dataset } from '../data/index.js';
import { sampleSize } from '../data/index.js';
import type { Recipe } from '../space/index.js';
import { BatchMaker } from './batches.js';
import { forward } from './forward.js';
import { nativeAverage, NativeOptimizer } from './native-optimizer.js';
import { learningRateAt, makeOptimizer, setLearningRate } from './schedule.js';

export interface EpochLog {
  readonly epoch: number;
  readonly loss: number;
  readonly lr: number;
  readonly seconds: number;
}

export interface TrainResult {
  /** Whole epochs completed. */
  readonly epochs: number;
  /** Epochs trained, with a part of one when a checkpoint stopped it (steps / steps per epoch). */
  readonly progress: number;
  readonly steps: number;
  readonly trainSeconds: number;
  readonly samplesPerSecond: number;
  readonly finalLoss: number;
  readonly history: readonly EpochLog[];
  /** Set when training stopped early: diverged (non-finite loss) or aborted. */
  readonly failure?: string;
  /** Set when `afterEpoch` stopped training before the recipe's last epoch (pruned), perhaps mid-epoch. */
  readonly stopped?: boolean;
  /** EMA of the weights, when the recipe asks for it; the caller swaps it in to evaluate. */
  readonly ema?: WeightAverage;
}

export interface TrainOptions {
  readonly signal?: AbortSignal;
  readonly onEpoch?: (log: EpochLog) => void;
  /**
   * Asked after each epoch but the last whether to go on (a pruner's decision); `ema` is the
   * weight average so far, which is what gets evaluated when the recipe has one.
   */
  readonly afterEpoch?: (log: EpochLog, state: { readonly ema?: WeightAverage }) => EpochDecision;
  /**
   * Fractions of the first epoch (each in (0, 1)) after which `afterEpoch` is asked too, with
   * `log.epoch` the fraction: a pruner can stop a hopeless training before its first epoch ends.
   */
  readonly checkpoints?: readonly number[];
}

/** After an epoch: train on, or stop here (the result then has `stopped` set). */
export type EpochDecision = 'continue' | 'stop';

/** `TrainOptions` whose `afterEpoch` may wait (e.g. for a decision from another process). */
export interface AsyncTrainOptions extends Omit<TrainOptions, 'afterEpoch'> {
  readonly afterEpoch?: (log: EpochLog, state: { readonly ema?: WeightAverage }) => EpochDecision | Promise<EpochDecision>;
}

/** Epochs actually trained for a recipe: `epochs × fidelity`, at least one. */
export function epochsToTrain(recipe: Recipe): number {
  return Math.max(1, Math.round(recipe.epochs * recipe.fidelity));
}

/**
 * Trains a logits model with a recipe: a custom loop (variableGrads → weight decay →
 * applyGradients → EMA) because model.fit cannot express decoupled weight decay, mixup soft
 * targets or per-step schedules. Per step it does what model.fit does plus only what the recipe
 * asks for, so it keeps model.fit's speed.
 */
export function trainModel(model: tf.LayersModel, train: Dataset, recipe: Recipe, rng: Rng, options: TrainOptions = {}): TrainResult {
  const epochs = trainEpochs(model, train, recipe, rng, options);
  let step = epochs.next('continue');
  while (!step.done) step = epochs.next(options.afterEpoch ? options.afterEpoch(step.value.log, step.value) : 'continue');
  return step.value;
}

/** `trainModel` whose `afterEpoch` may be asynchronous: between epochs it yields to the event loop. */
export async function trainModelAsync(model: tf.LayersModel, train: Dataset, recipe: Recipe, rng: Rng, options: AsyncTrainOptions = {}): Promise<TrainResult> {
  const epochs = trainEpochs(model, train, recipe, rng, options);
  let step = epochs.next('continue');
  while (!step.done) step = epochs.next(options.afterEpoch ? await options.afterEpoch(step.value.log, step.value) : 'continue');
  return step.value;
}

/** The training loop, paused after each epoch but the last, and at the first epoch's checkpoints, for a decision. */
function* trainEpochs(
  model: tf.LayersModel,
  train: Dataset,
  recipe: Recipe,
  rng: Rng,
  options: Omit<TrainOptions, 'afterEpoch'>,
): Generator<{ readonly log: EpochLog; readonly ema?: WeightAverage }, TrainResult, EpochDecision> {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  // Decay kernels only: biases and BN scale/shift are conventionally exempt.
  const decayed = new Set(model.trainableWeights.filter((w) => w.shape.length >= 2).map((w) => w.read().id));
  const update = weightUpdate(recipe, vars, decayed);
  const n = train.y.length;
  const batchSize = Math.min(recipe.batchSize, n);
  const stepsPerEpoch = Math.ceil(n / batchSize);
  const epochs = epochsToTrain(recipe);
  const maker = new BatchMaker(train, recipe, rng.fork('batches'));
  const shuffler = rng.fork('shuffle');
  const inputShape = train.sampleShape.slice();
  const ema = recipe.emaDecay > 0 ? new WeightAverage(vars, recipe.emaDecay) : undefined;
  const history: EpochLog[] = [];
  // The step after which each checkpoint falls (at least one step in), in order.
  const checkpoints = [...new Set(options.checkpoints ?? [])]
    .filter((f) => f > 0 && f < 1)
    .sort((a, b) => a - b)
    .map((fraction) => ({ fraction, step: Math.max(1, Math.round(fraction * stepsPerEpoch)) }))
    .filter((c) => c.step < stepsPerEpoch);
  const started = performance.now();
  let steps = 0;
  let samples = 0;
  let lastLoss = Number.NaN;
  let failure: string | undefined;
  let stopped = false;
  try {
    outer: for (let epoch = 0; epoch < epochs; epoch++) {
      const epochStart = performance.now();
      const order = shuffler.shuffle(Array.from({ length: n }, (_, i) => i));
      let lossSum = 0;
      let lr = recipe.lr;
      for (let s = 0; s < stepsPerEpoch; s++) {
        if (options.signal?.aborted) {
          failure = 'aborted';
          break outer;
        }
        lr = learningRateAt(recipe, epoch + s / stepsPerEpoch);
        const batch = maker.make(order.slice(s * batchSize, Math.min(n, (s + 1) * batchSize)));
        const loss = tf.tidy(() => {
          const xs = tf.tensor(batch.x, [batch.size, ...inputShape]);
          const ys = tf.tensor2d(batch.targets, [batch.size, train.numClasses]);
          const { value, grads } = tf.variableGrads(() => {
            const logits = forward(model, xs, true);
            return tf.losses.softmaxCrossEntropy(ys, logits) as tf.Scalar;
          }, vars);
          update.step(grads, lr);
          return value.dataSync()[0] as number;
        });
        steps++;
        samples += batch.size;
        if (!Number.isFinite(loss)) {
          failure = `training diverged: loss is ${loss} at epoch ${epoch + 1}, step ${s + 1}`;
          break outer;
        }
        ema?.update(steps);
        lossSum += loss * batch.size;
        lastLoss = loss;
        if (epoch === 0 && epochs > 0) {
          for (const c of checkpoints) {
            if (c.step !== s + 1) continue;
            const log = { epoch: c.fraction, loss: lossSum / samples, lr, seconds: (performance.now() - epochStart) / 1000 };
            if ((yield ema ? { log, ema } : { log }) === 'stop') {
              stopped = true;
              break outer;
            }
          }
        }
      }
      const log = { epoch: epoch + 1, loss: lossSum / n, lr, seconds: (performance.now() - epochStart) / 1000 };
      history.push(log);
      options.onEpoch?.(log);
      if (epoch + 1 < epochs && (yield ema ? { log, ema } : { log }) === 'stop') {
        stopped = true;
        break;
      }
    }
  } finally {
    update.dispose();
  }
  const trainSeconds = (performance.now() - started) / 1000;
  const result = { epochs: history.length, progress: steps / stepsPerEpoch, steps, trainSeconds, samplesPerSecond: samples / Math.max(trainSeconds, 1e-9), finalLoss: lastLoss, history };
  if (failure !== undefined) {
    ema?.dispose();
    return { ...result, failure };
  }
  const done = stopped ? { ...result, stopped } : result;
  return ema ? { ...done, ema } : done;
}

interface WeightUpdate {
  /** One optimizer step with the recipe's weight decay (inside the caller's tidy). */
  step(grads: tf.NamedTensorMap, lr: number): void;
  dispose(): void;
}

/**
 * The recipe's update: one native call per variable when the native kernels are loaded, else
 * tfjs's optimizer plus the loop's L2 (`g + wd·v`) or decoupled AdamW decay (`v·(1 − lr·wd)`).
 */
function weightUpdate(recipe: Recipe, vars: readonly tf.Variable[], decayed: ReadonlySet<number>): WeightUpdate {
  const fused = NativeOptimizer.create(recipe, vars);
  if (fused) return { step: (grads, lr) => fused.step(grads, lr, decayed), dispose: () => fused.dispose() };
  const optimizer = makeOptimizer(recipe);
  const wd = recipe.weightDecay;
  return {
    step(grads, lr) {
      setLearningRate(optimizer, lr);
      if (wd > 0 && recipe.optimizer !== 'adamw') {
        for (const v of vars) if (decayed.has(v.id)) grads[v.name] = tf.add(grads[v.name] as tf.Tensor, tf.mul(v, wd));
      }
      optimizer.applyGradients(grads);
      if (wd > 0 && recipe.optimizer === 'adamw') {
        const factor = 1 - lr * wd;
        for (const v of vars) if (decayed.has(v.id)) v.assign(tf.mul(v, factor));
      }
    },
    dispose() {
      optimizer.dispose();
      // MomentumOptimizer.dispose() forgets the learning-rate scalar its SGD base keeps (tfjs 4.22).
      (optimizer as unknown as { c?: tf.Tensor }).c?.dispose();
    },
  };
}

/**
 * Exponential moving average of weights; the decay ramps up as min(decay, (1+t)/(10+t)) like
 * TensorFlow's ExponentialMovingAverage, so short runs are not dominated by the initial weights.
 */
export class WeightAverage {
  private readonly shadows: tf.Variable[];
  constructor(private readonly vars: readonly tf.Variable[], private readonly decay: number) {
    this.shadows = vars.map((v) => {
      const copy = v.clone();
      const shadow = tf.variable(copy, false);
      copy.dispose();
      return shadow;
    });
  }

  update(step: number): void {
    const d = Math.min(this.decay, (1 + step) / (10 + step));
    if (nativeAverage(this.shadows, this.vars, d)) return;
    tf.tidy(() => this.vars.forEach((v, i) => {
      const s = this.shadows[i] as tf.Variable;
      s.assign(tf.add(tf.mul(s, d), tf.mul(v, 1 - d)));
    }));
  }

  /** Runs `f` with the averaged weights in place, then restores the raw ones. */
  withAveraged<T>(f: () => T): T {
    const saved = this.vars.map((v) => v.clone());
    this.vars.forEach((v, i) => v.assign(this.shadows[i] as tf.Variable));
    try {
      return f();
    } finally {
      this.vars.forEach((v, i) => v.assign(saved[i] as tf.Tensor));
      tf.dispose(saved);
    }
  }

  dispose(): void {
    tf.dispose(this.shadows);
  }
}

export interface AccuracyResult {
  readonly accuracy: number;
  readonly loss: number;
}

/** Top-1 accuracy and mean cross-entropy over a dataset, in inference mode. */
export function evaluateAccuracy(model: tf.LayersModel, data: Dataset, batchSize = 256): AccuracyResult {
  const size = sampleSize(data);
  const n = data.y.length;
  let correct = 0;
  let lossSum = 0;
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    const [pred, losses] = tf.tidy(() => {
      const xs = tf.tensor(data.x.subarray(start * size, (start + count) * size), [count, ...data.sampleShape]);
      const logits = model.apply(xs, { training: false }) as tf.Tensor2D;
      const labels = tf.oneHot(tf.tensor1d(data.y.subarray(start, start + count), 'int32'), data.numClasses);
      const ce = tf.losses.softmaxCrossEntropy(labels, logits, undefined, undefined, tf.Reduction.NONE);
      return [tf.argMax(logits, 1).dataSync(), ce.dataSync()];
    });
    for (let i = 0; i < count; i++) {
      if (pred[i] === data.y[start + i]) correct++;
      lossSum += losses[i] as number;
    }
  }
  return { accuracy: correct / n, loss: lossSum / n };
}

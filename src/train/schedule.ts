import * as tf from '@tensorflow/tfjs';
import type { Recipe } from '../space/index.js';

/**
 * Learning rate at a (fractional) epoch: linear warm-up from lr/(warm-up steps) to lr, then the
 * schedule over the full `recipe.epochs` (a reduced fidelity stops early on the same curve, as
 * FBNetV3's early-stopping proxy does).
 */
export function learningRateAt(recipe: Recipe, epoch: number): number {
  const { lr, warmupEpochs, epochs } = recipe;
  if (warmupEpochs > 0 && epoch < warmupEpochs) return lr * Math.max(epoch, 1e-3) / warmupEpochs;
  switch (recipe.schedule) {
    case 'constant':
      return lr;
    case 'cosine': {
      const span = Math.max(epochs - warmupEpochs, 1e-9);
      const t = Math.min(1, Math.max(0, (epoch - warmupEpochs) / span));
      return 0.5 * lr * (1 + Math.cos(Math.PI * t));
    }
    case 'step': {
      if (recipe.stepEvery > 0) return lr * recipe.stepGamma ** Math.floor(epoch / recipe.stepEvery);
      const drops = (epoch >= 0.5 * epochs ? 1 : 0) + (epoch >= 0.75 * epochs ? 1 : 0);
      return lr * recipe.stepGamma ** drops;
    }
  }
}

/** The tfjs optimizer for a recipe (weight decay is applied by the training loop). */
export function makeOptimizer(recipe: Recipe): tf.Optimizer {
  switch (recipe.optimizer) {
    case 'sgd':
      return recipe.momentum > 0 ? tf.train.momentum(recipe.lr, recipe.momentum, recipe.nesterov) : tf.train.sgd(recipe.lr);
    case 'adam':
    case 'adamw':
      return tf.train.adam(recipe.lr, 0.9, 0.999, 1e-7);
    case 'rmsprop':
      return tf.train.rmsprop(recipe.lr, 0.9, recipe.momentum, 1e-7);
  }
}

/** Sets the learning rate of an optimizer from `makeOptimizer` for the next step. */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  // tfjs optimizers' instanceof checks are duck-typed (every optimizer "is" an SGDOptimizer).
  const sgd = optimizer as unknown as { setLearningRate?: (lr: number) => void; learningRate: number };
  if (typeof sgd.setLearningRate === 'function') sgd.setLearningRate(lr);
  // Adam and RMSProp read `learningRate` on every step; it is protected only in the typings.
  else sgd.learningRate = lr;
}

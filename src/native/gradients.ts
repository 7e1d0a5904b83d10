import * as tf from '@tensorflow/tfjs';

/**
 * Gradients of Sum and Mean that broadcast dy with a Tile instead of multiplying by a
 * full-size `ones` tensor: tfjs-core's versions build that array in JS and copy it onto the
 * wasm heap, which was ~30% of a training step's CPU time once convolutions ran natively.
 * Same values (dy·1 = dy); pays off only with the native Tile.
 */

function expandedDy(dy: tf.Tensor, x: tf.Tensor, axis: unknown): { expanded: tf.Tensor; reduceSize: number } {
  const axes = tf.util.parseAxisParam(axis as number | number[], x.shape);
  const shape = x.shape.slice();
  let reduceSize = 1;
  for (const a of axes) {
    reduceSize *= shape[a] as number;
    shape[a] = 1;
  }
  return { expanded: tf.reshape(dy, shape), reduceSize };
}

const sumGrad: tf.GradConfig = {
  kernelName: 'Sum',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const x = saved[0] as tf.Tensor;
    return {
      x: () => {
        const { expanded } = expandedDy(dy as tf.Tensor, x, attrs.axis);
        return tf.broadcastTo(tf.cast(expanded, 'float32'), x.shape);
      },
    };
  },
};

const meanGrad: tf.GradConfig = {
  kernelName: 'Mean',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const x = saved[0] as tf.Tensor;
    return {
      x: () => {
        const { expanded, reduceSize } = expandedDy(dy as tf.Tensor, x, attrs.axis);
        return tf.broadcastTo(tf.div(tf.cast(expanded, 'float32'), reduceSize), x.shape);
      },
    };
  },
};

import { batchNormGradient } from './batch-norm-gradient.js';

const REPLACEMENTS: Record<string, (original: tf.GradConfig) => tf.GradConfig> = {
  Sum: () => sumGrad,
  Mean: () => meanGrad,
  FusedBatchNorm: batchNormGradient,
};

/** tfjs-core's gradients replaced here, to restore. */
const saved = new Map<string, tf.GradConfig>();

/** Replaces the gradients (idempotent) but those excluded (`Name:grad`); returns their labels. */
export function replaceGradients(exclude: ReadonlySet<string> = new Set()): string[] {
  const chosen = Object.keys(REPLACEMENTS).filter((name) => !exclude.has(`${name}:grad`));
  for (const name of chosen) {
    if (!saved.has(name)) {
      const original = tf.getGradient(name);
      if (original === undefined) continue;
      saved.set(name, original);
    }
    tf.registerGradient((REPLACEMENTS[name] as (original: tf.GradConfig) => tf.GradConfig)(saved.get(name) as tf.GradConfig));
  }
  return chosen.filter((name) => saved.has(name)).map((name) => `${name}:grad`);
}

export function restoreGradients(): void {
  for (const g of saved.values()) tf.registerGradient(g);
  saved.clear();
}

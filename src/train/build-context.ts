import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../core/index.js';
import { DropPath, SeededDropout } from './layers.js';
import { FusedBatchNormalization, LazyGradConv2D, LazyGradDense } from './lazy-grad-layers.js';

export interface ModelInput {
  /** One sample: `[h, w, c]` images or `[features]`. */
  readonly sampleShape: readonly number[];
  readonly numClasses: number;
}

export interface BuildOptions {
  /** Dropout before the classifier (recipe.dropout). */
  readonly dropout?: number;
  /** Largest drop-path rate, reached by the last residual block (recipe.stochasticDepth). */
  readonly stochasticDepth?: number;
}

/** Seeded initialisers and unique layer names for one model build. */
export class BuildContext {
  private counter = 0;
  constructor(readonly rng: Rng, readonly options: BuildOptions = {}) {}

  name(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  convInit(): ReturnType<typeof tf.initializers.heNormal> {
    return tf.initializers.heNormal({ seed: this.rng.seed31() });
  }

  denseInit(): ReturnType<typeof tf.initializers.glorotUniform> {
    return tf.initializers.glorotUniform({ seed: this.rng.seed31() });
  }

  dropout(x: tf.SymbolicTensor, rate = this.options.dropout ?? 0): tf.SymbolicTensor {
    if (rate <= 0) return x;
    return new SeededDropout({ rate, seed: this.rng.seed31(), name: this.name('dropout') }).apply(x) as tf.SymbolicTensor;
  }

  dropPath(x: tf.SymbolicTensor, rate: number): tf.SymbolicTensor {
    if (rate <= 0) return x;
    return new DropPath({ rate, seed: this.rng.seed31(), name: this.name('droppath') }).apply(x) as tf.SymbolicTensor;
  }

  conv(x: tf.SymbolicTensor, filters: number, kernel: number | [number, number], strides = 1, useBias = false): tf.SymbolicTensor {
    return new LazyGradConv2D({ filters, kernelSize: kernel, strides, padding: 'same', useBias, kernelInitializer: this.convInit(), name: this.name('conv') }).apply(
      x,
    ) as tf.SymbolicTensor;
  }

  depthwise(x: tf.SymbolicTensor, kernel: number, strides = 1): tf.SymbolicTensor {
    return tf.layers
      .depthwiseConv2d({ kernelSize: kernel, strides, padding: 'same', useBias: false, depthwiseInitializer: this.convInit(), name: this.name('dwconv') })
      .apply(x) as tf.SymbolicTensor;
  }

  bn(x: tf.SymbolicTensor): tf.SymbolicTensor {
    return new FusedBatchNormalization({ name: this.name('bn'), momentum: 0.9, epsilon: 1e-5 }).apply(x) as tf.SymbolicTensor;
  }

  act(x: tf.SymbolicTensor, activation: 'relu' | 'tanh' | 'swish' | 'sigmoid' | 'gelu' = 'relu'): tf.SymbolicTensor {
    return tf.layers.activation({ activation: activation as 'relu', name: this.name(activation) }).apply(x) as tf.SymbolicTensor;
  }

  dense(x: tf.SymbolicTensor, units: number, activation?: 'relu' | 'tanh' | 'sigmoid'): tf.SymbolicTensor {
    return new LazyGradDense({ units, kernelInitializer: this.denseInit(), name: this.name('dense'), ...(activation ? { activation } : {}) }).apply(
      x,
    ) as tf.SymbolicTensor;
  }

  add(xs: tf.SymbolicTensor[]): tf.SymbolicTensor {
    if (xs.length === 1) return xs[0] as tf.SymbolicTensor;
    return tf.layers.add({ name: this.name('add') }).apply(xs) as tf.SymbolicTensor;
  }

  globalPool(x: tf.SymbolicTensor): tf.SymbolicTensor {
    return tf.layers.globalAveragePooling2d({ name: this.name('gap') }).apply(x) as tf.SymbolicTensor;
  }
}

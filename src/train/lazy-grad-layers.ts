import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_TRAIN_KERNEL, nativeTrainKernel } from '../native/index.js';

/**
 * tfjs-layers' Conv2D and Dense run through `tf.fused.*` even without an activation. In
 * training those ops are `customGrad` functions whose gradient computes the derivatives of ALL
 * inputs eagerly, so the first layer also computes the gradient of the input images, which
 * nobody uses: for a 1- or 3-channel input that backward-data convolution cost about a third
 * of a small CNN's training step once the other kernels ran natively. The unfused ops
 * (tf.conv2d, tf.matMul + bias add) have per-input gradients that tfjs only calls for inputs on
 * a path to a variable. Same values; inference keeps the fused kernels. The layers save as the
 * stock classes (same weights and config), so exported models load without jars.
 */

type LayerCall = (inputs: tf.Tensor | tf.Tensor[], kwargs: tf.serialization.ConfigDict) => tf.Tensor | tf.Tensor[];

interface ConvInternals {
  rank: number;
  strides: number[];
  padding: string;
  dataFormat: string;
  dilationRate: number | number[];
  kernel: tf.LayerVariable;
  bias?: tf.LayerVariable | null;
  activation: { apply(x: tf.Tensor): tf.Tensor; getClassName(): string };
}

interface DenseInternals {
  kernel: tf.LayerVariable;
  bias?: tf.LayerVariable | null;
  activation?: { apply(x: tf.Tensor): tf.Tensor } | null;
}

/** The runtime class behind a tfjs-layers factory (the classes themselves are not exported). */
function classOf<T>(make: () => T): new (args: never) => tf.layers.Layer {
  return (Object.getPrototypeOf(make()) as { constructor: new (args: never) => tf.layers.Layer }).constructor;
}

const StockConv2D = classOf(() => tf.layers.conv2d({ filters: 1, kernelSize: 1 }));
const StockDense = classOf(() => tf.layers.dense({ units: 1 }));

/** The stock layer's own `call` on `layer` (the path for everything these classes do not speed up). */
function stockCall(stock: new (args: never) => tf.layers.Layer, layer: tf.layers.Layer, inputs: tf.Tensor | tf.Tensor[], kwargs: tf.serialization.ConfigDict): tf.Tensor | tf.Tensor[] {
  return (stock.prototype as unknown as { call: LayerCall }).call.call(layer, inputs, kwargs);
}

function single(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
}

function isUnitDilation(d: number | number[]): boolean {
  return Array.isArray(d) ? d.every((v) => v === 1) : d === 1;
}

/** Conv2D whose training step skips the gradient of inputs that need none. */
export class LazyGradConv2D extends StockConv2D {
  static readonly className = 'Conv2D';

  constructor(args: Parameters<typeof tf.layers.conv2d>[0]) {
    super(args as never);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: tf.serialization.ConfigDict): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as ConvInternals;
    if (kwargs.training !== true || self.rank !== 2 || self.dataFormat !== 'channelsLast' || !isUnitDilation(self.dilationRate)) {
      return stockCall(StockConv2D, this, inputs, kwargs);
    }
    return tf.tidy(() => {
      const x = single(inputs) as tf.Tensor4D;
      const strides = self.strides as [number, number];
      let y: tf.Tensor = tf.conv2d(x, self.kernel.read() as tf.Tensor4D, strides, self.padding === 'same' ? 'same' : 'valid', 'NHWC');
      if (self.bias) y = tf.add(y, self.bias.read());
      return self.activation.apply(y);
    });
  }
}

/** Dense whose training step skips the gradient of inputs that need none (an MLP's first layer). */
export class LazyGradDense extends StockDense {
  static readonly className = 'Dense';

  constructor(args: Parameters<typeof tf.layers.dense>[0]) {
    super(args as never);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: tf.serialization.ConfigDict): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as DenseInternals;
    const x = single(inputs);
    if (kwargs.training !== true || x.rank !== 2) return stockCall(StockDense, this, inputs, kwargs);
    return tf.tidy(() => {
      let y: tf.Tensor = tf.matMul(x as tf.Tensor2D, self.kernel.read() as tf.Tensor2D);
      if (self.bias) y = tf.add(y, self.bias.read());
      return self.activation ? self.activation.apply(y) : y;
    });
  }
}

interface BatchNormInternals {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

const StockBatchNorm = classOf(() => tf.layers.batchNormalization({}));

/**
 * BatchNormalization whose training step runs as one native kernel (batch statistics and
 * normalisation) with a native gradient, when the native kernels are loaded: tfjs-layers builds
 * it from moments + batchNorm, ~20 activation-sized ops forward and backward. Same values,
 * same moving-average updates; anything else (inference, plain wasm, other axes) is the stock
 * layer.
 */
export class FusedBatchNormalization extends StockBatchNorm {
  static readonly className = 'BatchNormalization';

  constructor(args: Parameters<typeof tf.layers.batchNormalization>[0]) {
    super(args as never);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: tf.serialization.ConfigDict): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as BatchNormInternals;
    const x = single(inputs);
    const lastAxis = self.axis === -1 || self.axis === x.rank - 1;
    if (kwargs.training !== true || !lastAxis || !self.center || !self.scale || x.rank < 2 || x.dtype !== 'float32' || !nativeTrainKernel(BATCH_NORM_TRAIN_KERNEL)) {
      return stockCall(StockBatchNorm, this, inputs, kwargs);
    }
    return tf.tidy(() => {
      const [y, mean, variance] = tf.engine().runKernel(
        BATCH_NORM_TRAIN_KERNEL,
        { x, scale: self.gamma.read(), offset: self.beta.read() },
        { epsilon: self.epsilon },
      ) as [tf.Tensor, tf.Tensor, tf.Tensor];
      // The stock layer's moving averages: v ← v − (v − batch)·(1 − momentum).
      for (const [variable, value] of [[self.movingMean, mean], [self.movingVariance, variance]] as const) {
        tf.tidy(() => {
          const orig = variable.read();
          variable.write(tf.sub(orig, tf.mul(tf.sub(orig, value), 1 - self.momentum)));
        });
      }
      return y;
    });
  }
}

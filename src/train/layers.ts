import * as tf from '@tensorflow/tfjs';

/**
 * Small custom layers. Randomness inside a layer takes a seed and a step counter, because
 * tfjs-layers' own Dropout either reuses one fixed mask (seeded) or uses Math.random (unseeded);
 * neither gives "same seed ⇒ same run".
 */

interface SeededArgs {
  rate: number;
  seed: number;
  name?: string;
}

function isTraining(kwargs: tf.serialization.ConfigDict | undefined): boolean {
  return kwargs?.training === true;
}

/**
 * Inverted dropout of a seeded random mask, fresh on every call in training, identity at
 * inference; subclasses choose the mask's shape.
 */
abstract class SeededMaskLayer extends tf.layers.Layer {
  private readonly rate: number;
  private readonly seed: number;
  private calls = 0;

  constructor(args: SeededArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    this.rate = args.rate;
    this.seed = args.seed;
  }

  /** Shape of the keep-mask for input shape `shape` (broadcast over the rest). */
  protected abstract maskShape(shape: readonly number[]): number[];

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: tf.serialization.ConfigDict): tf.Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    if (!isTraining(kwargs) || this.rate === 0) return x;
    const seed = this.seed + this.calls++;
    return tf.tidy(() => {
      const keep = tf.step(tf.sub(tf.randomUniform(this.maskShape(x.shape), 0, 1, 'float32', seed), this.rate));
      return tf.mul(x, tf.mul(keep, 1 / (1 - this.rate)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

/** Inverted dropout with a fresh, seeded mask per call. */
export class SeededDropout extends SeededMaskLayer {
  static readonly className = 'JarsSeededDropout';

  protected maskShape(shape: readonly number[]): number[] {
    return shape.slice();
  }
}

/**
 * Stochastic depth (Huang et al. 2016): in training, the residual branch of a sample is dropped
 * with probability `rate` and survivors are scaled by 1/(1 − rate); identity at inference.
 */
export class DropPath extends SeededMaskLayer {
  static readonly className = 'JarsDropPath';

  protected maskShape(shape: readonly number[]): number[] {
    return [shape[0] as number, ...shape.slice(1).map(() => 1)];
  }
}

/** x·0: NB201's `none` edge when a node must still exist (a conv may read it). */
export class ZeroLike extends tf.layers.Layer {
  static readonly className = 'JarsZeroLike';

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    return tf.zerosLike(x);
  }
}

/** Channel-wise rescale by a [batch, C] gate (squeeze-and-excitation's last step). */
export class ChannelScale extends tf.layers.Layer {
  static readonly className = 'JarsChannelScale';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (inputShape as tf.Shape[])[0] as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x, gate] = inputs as tf.Tensor[];
    return tf.tidy(() => tf.mul(x as tf.Tensor, tf.reshape(gate as tf.Tensor, [(gate as tf.Tensor).shape[0] as number, 1, 1, -1])));
  }
}

/** Bilinear resize of NHWC images to a fixed side (tf.layers.resizing reports a rank-3 shape in 4.22). */
export class ResizeImages extends tf.layers.Layer {
  static readonly className = 'JarsResizeImages';
  private readonly side: number;

  constructor(args: { side: number; name?: string }) {
    super(args.name === undefined ? {} : { name: args.name });
    this.side = args.side;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = inputShape as tf.Shape;
    return [shape[0] ?? null, this.side, this.side, shape[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return tf.image.resizeBilinear(x, [this.side, this.side]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), side: this.side };
  }
}

for (const cls of [SeededDropout, DropPath, ZeroLike, ChannelScale, ResizeImages]) tf.serialization.registerClass(cls);

import * as tf from '@tensorflow/tfjs';

interface DilatedConvArgs {
  filters: number;
  kernelSize: number;
  dilation: number;
  strides: number;
  seed: number;
  name?: string;
}

/**
 * A dilated k×k convolution ('same' padding) computed as space-to-batch → dense conv →
 * batch-to-space, the identity TensorFlow uses. tfjs refuses gradients of convolutions with
 * dilation > 1; this form only needs the stride-1 conv gradients. Stride 2 subsamples the result.
 */
export class DilatedConv2D extends tf.layers.Layer {
  static readonly className = 'JarsDilatedConv2D';
  private readonly args: DilatedConvArgs;
  private kernel?: tf.LayerVariable;

  constructor(args: DilatedConvArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    this.args = args;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const cin = shape[shape.length - 1] as number;
    const k = this.args.kernelSize;
    this.kernel = this.addWeight('kernel', [k, k, cin, this.args.filters], 'float32', tf.initializers.heNormal({ seed: this.args.seed }));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [b, h, w] = inputShape as tf.Shape;
    const s = this.args.strides;
    return [b ?? null, h == null ? null : Math.ceil(h / s), w == null ? null : Math.ceil(w / s), this.args.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    const { dilation: d, strides } = this.args;
    return tf.tidy(() => {
      const [batch, h, w] = x.shape;
      const padH = (d - (h % d)) % d;
      const padW = (d - (w % d)) % d;
      const blocks = tf.spaceToBatchND(x, [d, d], [[0, padH], [0, padW]]) as tf.Tensor4D;
      const kernel = this.kernel!.read() as tf.Tensor4D;
      if (strides === d) {
        // Output pixel (s·i, s·j) of the dilated conv is a plain conv of the phase-(0,0) sub-image,
        // the first `batch` entries of space-to-batch's output.
        return tf.conv2d(tf.slice(blocks, [0, 0, 0, 0], [batch, -1, -1, -1]), kernel, 1, 'same');
      }
      if (strides !== 1) throw new Error(`DilatedConv2D supports stride 1 or stride = dilation, got ${strides}`);
      return tf.batchToSpaceND(tf.conv2d(blocks, kernel, 1, 'same'), [d, d], [[0, padH], [0, padW]]);
    });
  }

  /** Multiply-adds per sample, as countFlops reports for dense convs. */
  flops(): number {
    const [, oh, ow] = this.outputShape as number[];
    const kernel = this.kernel!.shape as number[];
    return (oh as number) * (ow as number) * kernel.reduce((a, b) => a * b, 1);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.args };
  }
}

tf.serialization.registerClass(DilatedConv2D);

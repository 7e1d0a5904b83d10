import * as tf from '@tensorflow/tfjs';

/**
 * Multiply-adds of the conv and dense layers of a built model (biases counted as one add each),
 * the convention NAS-Bench-201 and most NAS papers report as "FLOPs". Normalisation, pooling and
 * elementwise layers are not counted. Per-sample, so independent of the batch size.
 */
export function countFlops(model: tf.LayersModel): number {
  let total = 0;
  for (const layer of model.layers) {
    if (layer instanceof tf.LayersModel) {
      total += countFlops(layer);
      continue;
    }
    const config = layer.getConfig();
    const out = layer.outputShape as number[];
    const inShape = layer.inputSpec?.[0]?.shape ?? ((layer.input as tf.SymbolicTensor).shape as number[]);
    const bias = config.useBias === true;
    switch (layer.getClassName()) {
      case 'Conv2D': {
        const [kh, kw] = config.kernelSize as [number, number];
        const [, oh, ow, cout] = out as [number, number, number, number];
        const cin = (layer.getWeights()[0]?.shape[2] ?? inShape[3]) as number;
        total += oh * ow * cout * (kh * kw * cin + (bias ? 1 : 0));
        break;
      }
      case 'DepthwiseConv2D': {
        const [kh, kw] = config.kernelSize as [number, number];
        const [, oh, ow, cout] = out as [number, number, number, number];
        total += oh * ow * cout * (kh * kw + (bias ? 1 : 0));
        break;
      }
      case 'SeparableConv2D': {
        const [kh, kw] = config.kernelSize as [number, number];
        const [, oh, ow, cout] = out as [number, number, number, number];
        const depthwise = layer.getWeights()[0]?.shape as number[];
        const mid = (depthwise[2] as number) * (depthwise[3] as number);
        total += oh * ow * (mid * kh * kw + mid * cout + (bias ? cout : 0));
        break;
      }
      case 'Dense': {
        const kernel = layer.getWeights()[0]?.shape as [number, number];
        const positions = out.slice(1, -1).reduce((a, b) => a * (b ?? 1), 1);
        total += positions * kernel[1] * (kernel[0] + (bias ? 1 : 0));
        break;
      }
      default: {
        const custom = layer as unknown as { flops?: () => number };
        if (typeof custom.flops === 'function') total += custom.flops();
        break;
      }
    }
  }
  return total;
}

/** Trainable parameters (BN scale/shift included, running statistics not). */
export function countTrainableParams(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
}

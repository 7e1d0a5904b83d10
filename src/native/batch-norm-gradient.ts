import * as tf from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.js';
import { hasWasmKernel, registerOwnKernel, unregisterOwnKernel } from './registry.js';
import { heapBuffer, heapOffset, params, sizeOf } from './wasm-heap.js';
import type { KernelArgs, WasmBackendView } from './wasm-heap.js';

/**
 * BatchNorm's gradient in few passes. tfjs-core's FusedBatchNorm gradient builds it from ~14
 * elementwise ops over activation-sized tensors (x − mean, tiles, products, sums); with
 * g = scale, inv = 1/√(var + ε) and per-channel sums S1 = Σ dy, S2 = Σ dy·(x − mean):
 *   dx = dy·g·inv, dmean = −g·inv·S1, dvar = −½·g·inv³·S2, dscale = inv·S2, doffset = S1
 * which is one broadcast multiply and two reductions. Each input's gradient is computed on
 * demand (tfjs asks only for those on the path to a variable).
 */
export const CENTERED_DOT_KERNEL = 'JarsCenteredDot';

/** Registers the kernel computing S2 = Σ_rows dy·(x − mean) per channel, for `wasm`. */
export function registerCenteredDotKernel(addon: NativeAddon): void {
  const kernelFunc = ({ inputs, backend }: KernelArgs): tf.TensorInfo => {
    const wasm = backend as WasmBackendView;
    const x = inputs.x as tf.TensorInfo;
    const dy = inputs.dy as tf.TensorInfo;
    const mean = inputs.mean as tf.TensorInfo;
    const channels = sizeOf(mean.shape);
    const out = wasm.makeOutput([channels], 'float32');
    const p = params;
    p[0] = heapOffset(wasm, x);
    p[1] = heapOffset(wasm, dy);
    p[2] = heapOffset(wasm, mean);
    p[3] = heapOffset(wasm, out);
    p[4] = sizeOf(x.shape) / channels;
    p[5] = channels;
    addon.centeredDot(heapBuffer(wasm), p);
    return out;
  };
  registerOwnKernel(CENTERED_DOT_KERNEL, kernelFunc);
}

export function unregisterCenteredDotKernel(): void {
  unregisterOwnKernel(CENTERED_DOT_KERNEL);
}

/** The replacement gradient; `original` serves every case it does not cover. */
export function batchNormGradient(original: tf.GradConfig): tf.GradConfig {
  return {
    kernelName: 'FusedBatchNorm',
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dy, saved, attrs) => {
      const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
      const d = dy as tf.Tensor;
      const channels = mean.size;
      const covered =
        tf.getBackend() === 'wasm' &&
        hasWasmKernel(CENTERED_DOT_KERNEL) &&
        mean.rank === 1 &&
        variance.rank === 1 &&
        variance.size === channels &&
        (scale === undefined || (scale.rank === 1 && scale.size === channels)) &&
        x.rank >= 2 &&
        x.shape[x.rank - 1] === channels &&
        [x, d, mean, variance, scale].every((t) => t === undefined || t.dtype === 'float32');
      if (!covered) return original.gradFunc(dy, saved, attrs);
      const epsilon = (attrs.varianceEpsilon as number | undefined) ?? 0.001;
      const axes = x.shape.slice(0, -1).map((_, i) => i);
      const inv = () => tf.rsqrt(tf.add(variance, epsilon));
      const gain = () => (scale === undefined ? inv() : tf.mul(scale, inv()));
      const s2 = () => tf.engine().runKernel(CENTERED_DOT_KERNEL, { x, dy: d, mean } as unknown as tf.NamedTensorMap, {}) as tf.Tensor;
      return {
        x: () => tf.mul(d, gain()),
        mean: () => tf.neg(tf.mul(gain(), tf.sum(d, axes))),
        variance: () => tf.mul(tf.mul(gain(), tf.mul(tf.square(inv()), -0.5)), s2()),
        scale: () => tf.mul(inv(), s2()),
        offset: () => tf.sum(d, axes),
      };
    },
  };
}

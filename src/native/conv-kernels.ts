import * as tf from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.js';
import { conv2dInfoFromAttrs } from './conv-info.js';
import { heapBuffer, heapOffset, isFloat, params, sizeOf } from './wasm-heap.js';
import type { KernelArgs, WasmBackendView } from './wasm-heap.js';

/**
 * oneDNN convolutions (dense and depthwise) and their gradients. A kernel returns null for a
 * case it does not handle (NCHW, other dtypes, activations oneDNN cannot fuse, odd bias
 * shapes); the registry then runs the stock kernel.
 */
export type NativeKernelImpl = (args: KernelArgs, addon: NativeAddon) => tf.TensorInfo | null;


const enum Kind {
  Forward = 0,
  BackwardData = 1,
  BackwardWeights = 2,
}

/** tfjs fused activation → the addon's code; absent = not fusable natively. */
const ACTIVATIONS: Record<string, number> = { linear: 0, relu: 1, relu6: 2, leakyrelu: 3, sigmoid: 4, elu: 5 };

function isNhwc(attrs: tf.NamedAttrMap): boolean {
  const format = attrs.dataFormat as string | undefined;
  return format === undefined || format === 'NHWC' || format === 'channelsLast';
}


/** Runs one oneDNN convolution; false when oneDNN rejected the shape (caller falls back). */
function runConv(
  addon: NativeAddon,
  backend: WasmBackendView,
  kind: Kind,
  info: tf.backend_util.Conv2DInfo,
  groups: number,
  src: tf.TensorInfo,
  wei: tf.TensorInfo,
  bias: tf.TensorInfo | undefined,
  dst: tf.TensorInfo,
  activation = 0,
  alpha = 0,
): boolean {
  const p = params;
  p[0] = kind;
  p[1] = info.batchSize;
  p[2] = info.inHeight;
  p[3] = info.inWidth;
  p[4] = info.inChannels;
  p[5] = info.outHeight;
  p[6] = info.outWidth;
  p[7] = info.outChannels;
  p[8] = info.filterHeight;
  p[9] = info.filterWidth;
  p[10] = info.strideHeight;
  p[11] = info.strideWidth;
  p[12] = info.dilationHeight;
  p[13] = info.dilationWidth;
  p[14] = info.padInfo.top;
  p[15] = info.padInfo.left;
  p[16] = info.padInfo.bottom;
  p[17] = info.padInfo.right;
  p[18] = groups;
  p[19] = activation;
  p[20] = alpha;
  p[21] = heapOffset(backend, src);
  p[22] = heapOffset(backend, wei);
  p[23] = bias === undefined ? -1 : heapOffset(backend, bias);
  p[24] = heapOffset(backend, dst);
  try {
    addon.conv(heapBuffer(backend), p);
    return true;
  } catch {
    return false;
  }
}

function withOutput(backend: WasmBackendView, shape: number[], run: (out: tf.TensorInfo) => boolean): tf.TensorInfo | null {
  const out = backend.makeOutput(shape, 'float32');
  if (run(out)) return out;
  backend.disposeData(out.dataId, true);
  return null;
}

function forward(depthwise: boolean, fused: boolean): NativeKernelImpl {
  return ({ inputs, backend, attrs = {} }, addon) => {
    const wasm = backend as WasmBackendView;
    const x = inputs.x as tf.TensorInfo;
    const filter = inputs.filter as tf.TensorInfo;
    const bias = fused ? (inputs.bias as tf.TensorInfo | undefined) : undefined;
    const activationName = fused ? ((attrs.activation as string | undefined) ?? 'linear') : 'linear';
    const activation = ACTIVATIONS[activationName];
    if (!isNhwc(attrs) || !isFloat(x, filter, bias) || x.shape.length !== 4 || activation === undefined) return null;
    const info = conv2dInfoFromAttrs(x.shape, filter.shape, attrs, depthwise);
    if (bias !== undefined && (sizeOf(bias.shape) !== info.outChannels || bias.shape[bias.shape.length - 1] !== info.outChannels)) return null;
    const alpha = activationName === 'leakyrelu' ? ((attrs.leakyreluAlpha as number | undefined) ?? 0.2) : 0;
    const groups = depthwise ? info.inChannels : 1;
    return withOutput(wasm, info.outShape.slice(), (out) => runConv(addon, wasm, Kind.Forward, info, groups, x, filter, bias, out, activation, alpha));
  };
}

function backwardData(depthwise: boolean): NativeKernelImpl {
  return ({ inputs, backend, attrs = {} }, addon) => {
    const wasm = backend as WasmBackendView;
    const dy = inputs.dy as tf.TensorInfo;
    const filter = inputs.filter as tf.TensorInfo;
    const inputShape = attrs.inputShape as number[];
    if (!isNhwc(attrs) || !isFloat(dy, filter) || inputShape.length !== 4) return null;
    const info = conv2dInfoFromAttrs(inputShape, filter.shape, attrs, depthwise);
    const groups = depthwise ? info.inChannels : 1;
    return withOutput(wasm, inputShape.slice(), (out) => runConv(addon, wasm, Kind.BackwardData, info, groups, dy, filter, undefined, out));
  };
}

function backwardFilter(depthwise: boolean): NativeKernelImpl {
  return ({ inputs, backend, attrs = {} }, addon) => {
    const wasm = backend as WasmBackendView;
    const x = inputs.x as tf.TensorInfo;
    const dy = inputs.dy as tf.TensorInfo;
    const filterShape = attrs.filterShape as number[];
    if (!isNhwc(attrs) || !isFloat(x, dy) || x.shape.length !== 4) return null;
    const info = conv2dInfoFromAttrs(x.shape, filterShape, attrs, depthwise);
    const groups = depthwise ? info.inChannels : 1;
    return withOutput(wasm, filterShape.slice(), (out) => runConv(addon, wasm, Kind.BackwardWeights, info, groups, x, dy, undefined, out));
  };
}

export const CONV_KERNELS: Record<string, NativeKernelImpl> = {
  Conv2D: forward(false, false),
  FusedConv2D: forward(false, true),
  Conv2DBackpropInput: backwardData(false),
  Conv2DBackpropFilter: backwardFilter(false),
  DepthwiseConv2dNative: forward(true, false),
  FusedDepthwiseConv2D: forward(true, true),
  DepthwiseConv2dNativeBackpropInput: backwardData(true),
  DepthwiseConv2dNativeBackpropFilter: backwardFilter(true),
};

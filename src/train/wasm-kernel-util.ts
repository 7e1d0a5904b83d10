import * as tf from '@tensorflow/tfjs';

/** The parts of the wasm backend these kernels touch (a structural view of `BackendWasm`). */
export interface WasmBackendView {
  makeOutput(shape: number[], dtype: 'float32', memoryOffset?: number, values?: Float32Array): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  disposeData(dataId: tf.DataId): boolean;
}

export interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}

export type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
export type Rounding = 'floor' | 'round' | 'ceil' | undefined;
export type Shape4 = [number, number, number, number];

export type Kernel = (args: KernelArgs) => tf.TensorInfo;

export function kernel(name: string): Kernel {
  return tf.getKernel(name, 'wasm').kernelFunc as unknown as Kernel;
}

export function convInfo(xShape: number[], filterShape: number[], attrs: tf.NamedAttrMap, depthwise: boolean): tf.backend_util.Conv2DInfo {
  const dataFormat = attrs.dataFormat as string | undefined;
  if (dataFormat === 'NCHW') throw new Error('wasm gradient kernels support NHWC only');
  return tf.backend_util.computeConv2DInfo(
    xShape as Shape4,
    filterShape as Shape4,
    attrs.strides as number | [number, number],
    (attrs.dilations as number | [number, number] | undefined) ?? 1,
    attrs.pad as Pad,
    attrs.dimRoundingMode as Rounding,
    depthwise,
    'channelsLast',
  );
}


import * as tf from '@tensorflow/tfjs';
import { conv2dInfoFromAttrs } from './conv-info.js';
import type { KernelArgs } from './conv-info.js';

/** The parts of the wasm backend these kernels touch (a structural view of `BackendWasm`). */
export interface WasmBackendView {
  makeOutput(shape: number[], dtype: 'float32', memoryOffset?: number, values?: Float32Array): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  disposeData(dataId: tf.DataId): boolean;
}

export type { KernelArgs };

export type Kernel = (args: KernelArgs) => tf.TensorInfo;

export function kernel(name: string): Kernel {
  return tf.getKernel(name, 'wasm').kernelFunc as unknown as Kernel;
}

export function convInfo(xShape: number[], filterShape: number[], attrs: tf.NamedAttrMap, depthwise: boolean): tf.backend_util.Conv2DInfo {
  const dataFormat = attrs.dataFormat as string | undefined;
  if (dataFormat === 'NCHW') throw new Error('wasm gradient kernels support NHWC only');
  return conv2dInfoFromAttrs(xShape, filterShape, attrs, depthwise);
}


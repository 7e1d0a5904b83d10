import type * as tf from '@tensorflow/tfjs';

/** The parts of tfjs-backend-wasm's `BackendWasm` the native kernels use (a structural view). */
export interface WasmBackendView {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

export type { KernelArgs } from './conv-info.js';

/** Byte offset of a tensor in the wasm heap. */
export function heapOffset(backend: WasmBackendView, info: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) throw new Error('native kernel: tensor is not on the wasm backend');
  return data.memoryOffset;
}

/**
 * The heap's current ArrayBuffer. Read it only after every output of a kernel has been
 * allocated: an allocation can grow the heap, which detaches the previous buffer.
 */
export function heapBuffer(backend: WasmBackendView): ArrayBuffer {
  return backend.wasm.HEAPU8.buffer as ArrayBuffer;
}

/** One reusable parameter block: kernels run one at a time, so nothing is allocated per call. */
export const params = new Float64Array(64);

/**
 * Fills `params` with the heap offsets of `tensors` and then `numbers`, the layout of the addon's
 * calls that take tensors first and sizes after.
 */
export function packParams(backend: WasmBackendView, tensors: readonly tf.TensorInfo[], numbers: readonly number[] = []): Float64Array {
  tensors.forEach((t, i) => (params[i] = heapOffset(backend, t)));
  numbers.forEach((v, i) => (params[tensors.length + i] = v));
  return params;
}

export function isFloat(...infos: (tf.TensorInfo | undefined)[]): boolean {
  return infos.every((info) => info === undefined || info.dtype === 'float32');
}

export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

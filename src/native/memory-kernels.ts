import * as tf from '@tensorflow/tfjs';
import type { NativeKernelImpl } from './conv-kernels.js';
import { heapBuffer, heapOffset, isFloat, params, sizeOf } from './wasm-heap.js';
import type { WasmBackendView } from './wasm-heap.js';
import { pool2dInfoFromAttrs } from './conv-info.js';

/**
 * Memory-bound kernels that dominate a step once convolutions are fast, in the shapes
 * tfjs-core's gradients produce: per-channel tiles (BatchNorm's gradient), sums over leading
 * axes (bias and BatchNorm gradients), per-channel broadcasts, and pooling gradients.
 * Returning null hands the call to the stock kernel.
 */


const tile: NativeKernelImpl = ({ inputs, backend, attrs = {} }, addon) => {
  const wasm = backend as WasmBackendView;
  const x = inputs.x as tf.TensorInfo;
  const reps = attrs.reps as number[];
  // A bit copy: any 4-byte dtype works.
  if ((x.dtype !== 'float32' && x.dtype !== 'int32') || x.shape.length < 1 || x.shape.length > 8 || reps.length !== x.shape.length) return null;
  const outShape = x.shape.map((d, i) => d * (reps[i] as number));
  const out = wasm.makeOutput(outShape, x.dtype);
  if (sizeOf(outShape) === 0) return out;
  const p = params;
  p[0] = heapOffset(wasm, x);
  p[1] = heapOffset(wasm, out);
  p[2] = x.shape.length;
  x.shape.forEach((d, i) => {
    p[3 + i] = d;
    p[3 + x.shape.length + i] = reps[i] as number;
  });
  addon.tile(heapBuffer(wasm), p);
  return out;
};

/** Sum or mean over one contiguous run of axes, as [outer, rows, cols] → [outer, cols]. */
function reduce(mean: boolean): NativeKernelImpl {
  return ({ inputs, backend, attrs = {} }, addon) => {
    const wasm = backend as WasmBackendView;
    const x = inputs.x as tf.TensorInfo;
    if (!isFloat(x) || x.shape.length === 0) return null;
    const axes = [...new Set(tf.util.parseAxisParam(attrs.axis as number | number[], x.shape))].sort((a, b) => a - b);
    if (axes.length === 0) return null;
    const first = axes[0] as number;
    const last = axes[axes.length - 1] as number;
    // Inner-most axes need no transpose in the stock kernel; a gap needs one here too.
    if (last - first + 1 !== axes.length || last === x.shape.length - 1) return null;
    const outer = sizeOf(x.shape.slice(0, first));
    const rows = sizeOf(x.shape.slice(first, last + 1));
    const cols = sizeOf(x.shape.slice(last + 1));
    const kept = x.shape.filter((_, i) => i < first || i > last);
    const outShape = attrs.keepDims === true ? tf.backend_util.expandShapeToKeepDim(kept, axes) : kept;
    const out = wasm.makeOutput(outShape, 'float32');
    if (outer * cols === 0) return out;
    const p = params;
    p[0] = heapOffset(wasm, x);
    p[1] = heapOffset(wasm, out);
    p[2] = outer;
    p[3] = rows;
    p[4] = cols;
    p[5] = mean ? 1 / rows : 1;
    addon.sumMiddle(heapBuffer(wasm), p);
    return out;
  };
}

/**
 * Broadcasting binary op, reduced to at most three groups of axes in which each operand is
 * either dense or broadcast (stride 0): covers x ∘ per-channel, x ∘ [N,1,1,C], x ∘ scalar.
 */
function binary(op: number): NativeKernelImpl {
  return ({ inputs, backend }, addon) => {
    const wasm = backend as WasmBackendView;
    const a = inputs.a as tf.TensorInfo;
    const b = inputs.b as tf.TensorInfo;
    if (!isFloat(a, b)) return null;
    const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const groups = broadcastGroups(a.shape, b.shape, outShape);
    if (groups === null) return null;
    const out = wasm.makeOutput(outShape, 'float32');
    if (sizeOf(outShape) === 0) return out;
    const p = params;
    p[0] = op;
    p[1] = heapOffset(wasm, a);
    p[2] = heapOffset(wasm, b);
    p[3] = heapOffset(wasm, out);
    for (let i = 0; i < 3; i++) {
      p[4 + i] = groups.dims[i] as number;
      p[7 + i] = groups.aStrides[i] as number;
      p[10 + i] = groups.bStrides[i] as number;
    }
    addon.binary(heapBuffer(wasm), p);
    return out;
  };
}

export interface BroadcastGroups {
  dims: number[];
  aStrides: number[];
  bStrides: number[];
}

/** Merges axes where both operands are alike (dense or broadcast); null when > 3 groups. */
export function broadcastGroups(aShape: number[], bShape: number[], outShape: number[]): BroadcastGroups | null {
  const rank = outShape.length;
  const groups: { size: number; aDense: boolean; bDense: boolean }[] = [];
  for (let i = 0; i < rank; i++) {
    const size = outShape[i] as number;
    if (size === 1) continue;
    const aDim = aShape[i - (rank - aShape.length)] ?? 1;
    const bDim = bShape[i - (rank - bShape.length)] ?? 1;
    const aDense = aDim === size;
    const bDense = bDim === size;
    const lastGroup = groups[groups.length - 1];
    if (lastGroup !== undefined && lastGroup.aDense === aDense && lastGroup.bDense === bDense) lastGroup.size *= size;
    else groups.push({ size, aDense, bDense });
  }
  if (groups.length > 3) return null;
  while (groups.length < 3) groups.unshift({ size: 1, aDense: true, bDense: true });
  const dims = groups.map((g) => g.size);
  const strides = (dense: (g: (typeof groups)[number]) => boolean): number[] => {
    const result = [0, 0, 0];
    let acc = 1;
    for (let i = 2; i >= 0; i--) {
      const g = groups[i] as (typeof groups)[number];
      if (dense(g) && g.size > 1) {
        result[i] = acc;
        acc *= g.size;
      }
    }
    return result;
  };
  return { dims, aStrides: strides((g) => g.aDense), bStrides: strides((g) => g.bDense) };
}

const batchNorm: NativeKernelImpl = ({ inputs, backend, attrs = {} }, addon) => {
  const wasm = backend as WasmBackendView;
  const x = inputs.x as tf.TensorInfo;
  const mean = inputs.mean as tf.TensorInfo;
  const variance = inputs.variance as tf.TensorInfo;
  const offset = inputs.offset as tf.TensorInfo | undefined;
  const scale = inputs.scale as tf.TensorInfo | undefined;
  if (!isFloat(x, mean, variance, offset, scale) || x.shape.length === 0) return null;
  const channels = x.shape[x.shape.length - 1] as number;
  // Each parameter is one value or one per channel (on the last axis).
  const perChannel = (t: tf.TensorInfo | undefined): boolean => {
    if (t === undefined) return true;
    const size = sizeOf(t.shape);
    return size === 1 || (size === channels && t.shape[t.shape.length - 1] === channels && t.shape.length <= x.shape.length);
  };
  if (![mean, variance, offset, scale].every(perChannel)) return null;
  const out = wasm.makeOutput(x.shape.slice(), 'float32');
  const total = sizeOf(x.shape);
  if (total === 0) return out;
  const p = params;
  p[0] = heapOffset(wasm, x);
  p[1] = heapOffset(wasm, mean);
  p[2] = sizeOf(mean.shape);
  p[3] = heapOffset(wasm, variance);
  p[4] = sizeOf(variance.shape);
  p[5] = offset === undefined ? -1 : heapOffset(wasm, offset);
  p[6] = offset === undefined ? 0 : sizeOf(offset.shape);
  p[7] = scale === undefined ? -1 : heapOffset(wasm, scale);
  p[8] = scale === undefined ? 0 : sizeOf(scale.shape);
  p[9] = heapOffset(wasm, out);
  p[10] = total / channels;
  p[11] = channels;
  p[12] = (attrs.varianceEpsilon as number | undefined) ?? 0.001;
  addon.batchNorm(heapBuffer(wasm), p);
  return out;
};


function writePool(info: tf.backend_util.Conv2DInfo): void {
  const p = params;
  p[0] = info.batchSize;
  p[1] = info.inHeight;
  p[2] = info.inWidth;
  p[3] = info.inChannels;
  p[4] = info.outHeight;
  p[5] = info.outWidth;
  p[6] = info.filterHeight;
  p[7] = info.filterWidth;
  p[8] = info.strideHeight;
  p[9] = info.strideWidth;
  p[10] = info.dilationHeight;
  p[11] = info.dilationWidth;
  p[12] = info.padInfo.top;
  p[13] = info.padInfo.left;
}

const maxPoolGrad: NativeKernelImpl = ({ inputs, backend, attrs = {} }, addon) => {
  const wasm = backend as WasmBackendView;
  const dy = inputs.dy as tf.TensorInfo;
  const x = inputs.input as tf.TensorInfo;
  const y = inputs.output as tf.TensorInfo;
  if (!isFloat(dy, x, y) || x.shape.length !== 4) return null;
  const info = pool2dInfoFromAttrs(x.shape, attrs);
  const dx = wasm.makeOutput(x.shape.slice(), 'float32');
  writePool(info);
  params[14] = heapOffset(wasm, x);
  params[15] = heapOffset(wasm, dy);
  params[16] = heapOffset(wasm, dx);
  params[17] = heapOffset(wasm, y);
  addon.maxPoolGrad(heapBuffer(wasm), params);
  return dx;
};

const avgPoolGrad: NativeKernelImpl = ({ inputs, backend, attrs = {} }, addon) => {
  const wasm = backend as WasmBackendView;
  const dy = inputs.dy as tf.TensorInfo;
  const x = inputs.input as tf.TensorInfo;
  if (!isFloat(dy, x) || x.shape.length !== 4) return null;
  const info = pool2dInfoFromAttrs(x.shape, attrs);
  const dx = wasm.makeOutput(x.shape.slice(), 'float32');
  writePool(info);
  params[14] = heapOffset(wasm, dy);
  params[15] = heapOffset(wasm, dx);
  addon.avgPoolGrad(heapBuffer(wasm), params);
  return dx;
};

/**
 * Shares the input's buffer (reference-counted, like the backend's Reshape) instead of copying
 * it: tfjs-core clones every tensor it saves for the backward pass, and the stock wasm
 * Identity copies, so each training step copied every activation once more. Safe because
 * tfjs tensors are immutable: no kernel writes into its inputs.
 */
const identity: NativeKernelImpl = ({ inputs, backend }) => {
  const x = inputs.x as tf.TensorInfo;
  if (x.dtype === 'string') return null;
  (backend as { incRef(dataId: tf.DataId): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
};

/** Cast to the same dtype (ReLU's gradient casts float32 to float32) shares the buffer too. */
const cast: NativeKernelImpl = (args) => {
  const x = args.inputs.x as tf.TensorInfo;
  return args.attrs?.dtype === x.dtype ? identity(args, undefined as never) : null;
};

/**
 * Gather along axis 0 (how model.fit slices a batch out of the data set) as row copies on the
 * heap; the stock kernel walks element by element.
 */
const gather: NativeKernelImpl = ({ inputs, backend, attrs = {} }) => {
  const wasm = backend as WasmBackendView;
  const x = inputs.x as tf.TensorInfo;
  const indices = inputs.indices as tf.TensorInfo;
  const axis = (attrs.axis as number | undefined) ?? 0;
  const batchDims = (attrs.batchDims as number | undefined) ?? 0;
  if ((axis !== 0 && axis !== -x.shape.length) || batchDims !== 0 || indices.dtype !== 'int32') return null;
  if ((x.dtype !== 'float32' && x.dtype !== 'int32') || x.shape.length === 0) return null;
  const rows = x.shape[0] as number;
  const rowBytes = sizeOf(x.shape.slice(1)) * 4;
  const out = wasm.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
  const heap = new Uint8Array(heapBuffer(wasm));
  const idx = new Int32Array(heap.buffer, heapOffset(wasm, indices), sizeOf(indices.shape));
  for (const i of idx) {
    if (i < 0 || i >= rows) {
      wasm.disposeData(out.dataId, true);
      return null;
    }
  }
  const src = heapOffset(wasm, x);
  let dst = heapOffset(wasm, out);
  for (const i of idx) {
    heap.copyWithin(dst, src + i * rowBytes, src + (i + 1) * rowBytes);
    dst += rowBytes;
  }
  return out;
};

export const MEMORY_KERNELS: Record<string, NativeKernelImpl> = {
  Identity: identity,
  Cast: cast,
  GatherV2: gather,
  Tile: tile,
  Sum: reduce(false),
  Mean: reduce(true),
  Add: binary(0),
  Sub: binary(1),
  Multiply: binary(2),
  RealDiv: binary(3),
  FusedBatchNorm: batchNorm,
  MaxPoolGrad: maxPoolGrad,
  AvgPoolGrad: avgPoolGrad,
};

import * as tf from '@tensorflow/tfjs';
import { convInfo, kernel } from './wasm-kernel-util.js';
import type { Kernel, KernelArgs, WasmBackendView } from './wasm-kernel-util.js';

/**
 * Faster compositions for wasm kernels that training leans on (see registerWasmGradientKernels):
 * the same sums, in a different order.
 */

/** a·b with transposes done by wasm's Transpose kernel, so the multiply takes the fast path. */
export function batchMatMulTransposingFirst(args: KernelArgs, original: Kernel): tf.TensorInfo {
  const attrs = args.attrs ?? {};
  if (!attrs.transposeA && !attrs.transposeB) return original(args);
  const wasm = args.backend as WasmBackendView;
  const transpose = kernel('Transpose');
  const swapLast = (t: tf.TensorInfo): tf.TensorInfo => {
    const perm = t.shape.map((_, i) => i);
    const r = perm.length;
    [perm[r - 2], perm[r - 1]] = [perm[r - 1] as number, perm[r - 2] as number];
    return transpose({ inputs: { x: t }, backend: args.backend, attrs: { perm } });
  };
  const a = args.inputs.a as tf.TensorInfo;
  const b = args.inputs.b as tf.TensorInfo;
  const a2 = attrs.transposeA ? swapLast(a) : a;
  const b2 = attrs.transposeB ? swapLast(b) : b;
  try {
    return original({ inputs: { a: a2, b: b2 }, backend: args.backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
  } finally {
    if (a2 !== a) wasm.disposeData(a2.dataId);
    if (b2 !== b) wasm.disposeData(b2.dataId);
  }
}

/** Tile by writing one copy of each level and replicating it with copyWithin. */
export function tileByBlockCopies(args: KernelArgs, original: Kernel): tf.TensorInfo {
  const x = args.inputs.x as tf.TensorInfo;
  if (x.dtype === 'string' || x.dtype === 'complex64') return original(args);
  const reps = (args.attrs?.reps ?? []) as number[];
  const shape = x.shape.length === 0 ? [1] : x.shape;
  const outShape = shape.map((d, i) => d * (reps[i] ?? 1));
  const wasm = args.backend as unknown as { makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo; typedArrayFromHeap(info: tf.TensorInfo): Float32Array };
  const out = wasm.makeOutput(x.shape.length === 0 ? [] : outShape, x.dtype);
  const src = wasm.typedArrayFromHeap(x);
  const dst = wasm.typedArrayFromHeap({ ...out, shape: outShape });
  const rank = shape.length;
  const srcStride = new Array<number>(rank).fill(1);
  const dstStride = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) {
    srcStride[d] = (srcStride[d + 1] as number) * (shape[d + 1] as number);
    dstStride[d] = (dstStride[d + 1] as number) * (outShape[d + 1] as number);
  }
  const fill = (d: number, srcOff: number, dstOff: number): void => {
    const n = shape[d] as number;
    const rep = reps[d] ?? 1;
    if (d === rank - 1) {
      if (n === 1) dst.fill(src[srcOff] as number, dstOff, dstOff + rep);
      else {
        dst.set(src.subarray(srcOff, srcOff + n), dstOff);
        for (let r = 1; r < rep; r++) dst.copyWithin(dstOff + r * n, dstOff, dstOff + n);
      }
      return;
    }
    for (let i = 0; i < n; i++) fill(d + 1, srcOff + i * (srcStride[d] as number), dstOff + i * (dstStride[d] as number));
    const block = n * (dstStride[d] as number);
    for (let r = 1; r < rep; r++) dst.copyWithin(dstOff + r * block, dstOff, dstOff + block);
  };
  fill(0, 0, 0);
  return out;
}

/**
 * dx of a conv = a stride-1 'valid' conv of dy (stride-dilated with zeros and padded by
 * k − 1 − pad) with the filter rotated 180° and its channel axes swapped.
 */
export function conv2dBackpropInputAsConv(args: KernelArgs, original: Kernel): tf.TensorInfo {
  const attrs = args.attrs ?? {};
  const dy = args.inputs.dy as tf.TensorInfo;
  const filter = args.inputs.filter as tf.TensorInfo;
  const inputShape = attrs.inputShape as number[];
  if (attrs.dataFormat === 'NCHW') return original(args);
  const info = convInfo(inputShape, filter.shape, { ...attrs, dilations: 1 }, false);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const top = kh - 1 - info.padInfo.top;
  const left = kw - 1 - info.padInfo.left;
  const bottom = inHeight + info.padInfo.top - 1 - (outHeight - 1) * sh;
  const right = inWidth + info.padInfo.left - 1 - (outWidth - 1) * sw;
  if (top < 0 || left < 0 || bottom < 0 || right < 0) return original(args);
  const wasm = args.backend as WasmBackendView;
  const flipped = wasm.makeOutput([kh, kw, outChannels, inChannels], 'float32');
  const dilated = sh === 1 && sw === 1 ? undefined : wasm.makeOutput([batchSize, (outHeight - 1) * sh + 1, (outWidth - 1) * sw + 1, outChannels], 'float32');
  // Views only after every allocation: growing the heap detaches earlier views.
  const fv = wasm.typedArrayFromHeap(filter);
  const rv = wasm.typedArrayFromHeap(flipped);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const src = (i * kw + j) * inChannels * outChannels;
      const dst = ((kh - 1 - i) * kw + (kw - 1 - j)) * outChannels * inChannels;
      for (let ci = 0; ci < inChannels; ci++) {
        for (let co = 0; co < outChannels; co++) rv[dst + co * inChannels + ci] = fv[src + ci * outChannels + co] as number;
      }
    }
  }
  if (dilated) {
    const dv = wasm.typedArrayFromHeap(dy);
    const out = wasm.typedArrayFromHeap(dilated);
    out.fill(0);
    const dh = (outHeight - 1) * sh + 1;
    const dw = (outWidth - 1) * sw + 1;
    for (let b = 0; b < batchSize; b++) {
      for (let oh = 0; oh < outHeight; oh++) {
        for (let ow = 0; ow < outWidth; ow++) {
          const src = ((b * outHeight + oh) * outWidth + ow) * outChannels;
          out.set(dv.subarray(src, src + outChannels), ((b * dh + oh * sh) * dw + ow * sw) * outChannels);
        }
      }
    }
  }
  try {
    return kernel('Conv2D')({
      inputs: { x: dilated ?? dy, filter: flipped },
      backend: args.backend,
      attrs: { strides: 1, dilations: 1, dataFormat: 'NHWC', pad: [[0, 0], [top, bottom], [left, right], [0, 0]] as unknown as tf.NamedAttrMap[string] },
    });
  } finally {
    wasm.disposeData(flipped.dataId);
    if (dilated) wasm.disposeData(dilated.dataId);
  }
}

import * as tf from '@tensorflow/tfjs';
// Registers wasm's own kernels, which the replacements wrap.
import '@tensorflow/tfjs-backend-wasm';
import { batchMatMulTransposingFirst, conv2dBackpropInputAsConv, tileByBlockCopies } from './wasm-kernel-replacements.js';
import { convInfo, kernel } from './wasm-kernel-util.js';
import type { Kernel, KernelArgs, WasmBackendView } from './wasm-kernel-util.js';

/**
 * Gradient kernels that tfjs-backend-wasm 4.22 lacks, so conv nets cannot train on it without
 * them: `Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackpropFilter` and
 * `DepthwiseConv2dNativeBackpropInput`. The dense one is im2col (in JS, straight into the wasm
 * heap) followed by the backend's own SIMD `BatchMatMul`; the depthwise ones are direct loops
 * (their cost is a small share of a separable/MBConv block). NHWC only, like the wasm backend.
 */

/** Upper bound on im2col floats per chunk (16 MiB): big batches are processed in slices. */
const IM2COL_CHUNK_FLOATS = 4 * 1024 * 1024;

export const WASM_GRADIENT_KERNELS = [
  'Conv2DBackpropFilter',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
] as const;

/** wasm kernels replaced by faster compositions (see `registerWasmGradientKernels`). */
export const WASM_REPLACED_KERNELS = ['BatchMatMul', 'Conv2DBackpropInput', 'Tile'] as const;

const REPLACEMENT = Symbol('jars.replacement');

/**
 * Registers the missing gradient kernels for `wasm`, and replaces two slow wasm kernels that
 * training leans on: `BatchMatMul` with a transposed operand (about 12× slower than transposing
 * first and using the fast path, measured on this machine) and `Conv2DBackpropInput` (a naive
 * loop, ~10× slower than the XNNPACK forward conv it is rewritten into), and `Tile` (which batch
 * norm's gradient calls on activation-sized tensors; ~100× slower than block copies). Results are the same
 * sums in a different order. Idempotent: a missing kernel that is already registered (by an
 * earlier call, or by a future wasm release) is left as it is; replacements are applied once.
 */
export function registerWasmGradientKernels(): void {
  const impls: Record<(typeof WASM_GRADIENT_KERNELS)[number], (args: KernelArgs) => tf.TensorInfo> = {
    Conv2DBackpropFilter: conv2dBackpropFilter,
    DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter,
    DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput,
  };
  for (const name of WASM_GRADIENT_KERNELS) {
    if (hasKernel(name, 'wasm')) continue;
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: impls[name] as unknown as tf.KernelFunc });
  }
  replaceKernel('BatchMatMul', (original) => (args) => batchMatMulTransposingFirst(args, original));
  replaceKernel('Conv2DBackpropInput', (original) => (args) => conv2dBackpropInputAsConv(args, original));
  replaceKernel('Tile', (original) => (args) => tileByBlockCopies(args, original));
}

function hasKernel(name: string, backend: string): boolean {
  // getKernel returns undefined for unknown pairs (typed as always present).
  return (tf.getKernel(name, backend) as tf.KernelConfig | undefined) !== undefined;
}

function replaceKernel(name: string, wrap: (original: Kernel) => Kernel): void {
  const config = tf.getKernel(name, 'wasm') as tf.KernelConfig | undefined;
  if (config === undefined || (config.kernelFunc as unknown as Record<symbol, unknown>)[REPLACEMENT]) return;
  const replacement = wrap(config.kernelFunc as unknown as Kernel) as unknown as tf.KernelFunc & Record<symbol, unknown>;
  replacement[REPLACEMENT] = true;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...config, kernelFunc: replacement });
}

/** What both filter gradients read: the input, the output gradient and the conv geometry. */
function filterGradientArgs({ inputs, backend, attrs = {} }: KernelArgs, depthwise: boolean) {
  const x = inputs.x as tf.TensorInfo;
  const filterShape = attrs.filterShape as number[];
  return {
    wasm: backend as WasmBackendView,
    x,
    dy: inputs.dy as tf.TensorInfo,
    filterShape,
    info: convInfo(x.shape, filterShape, attrs, depthwise),
  };
}

/**
 * dW = im2colᵀ · dy, accumulated over batch slices. The patch matrix is written already
 * transposed ([k, rows]) because wasm's matmul is an order of magnitude slower with transposeA.
 */
function conv2dBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const { wasm, x, dy, filterShape, info } = filterGradientArgs(args, false);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const k = filterHeight * filterWidth * inChannels;
  const rowsPerImage = outHeight * outWidth;
  const imagesPerChunk = Math.max(1, Math.floor(IM2COL_CHUNK_FLOATS / (rowsPerImage * k)));
  const batchMatMul = kernel('BatchMatMul');
  let total: Float32Array | undefined;
  let single: tf.TensorInfo | undefined;

  for (let b0 = 0; b0 < batchSize; b0 += imagesPerChunk) {
    const nb = Math.min(imagesPerChunk, batchSize - b0);
    const rows = nb * rowsPerImage;
    // Allocate first: growing the wasm heap detaches earlier views of it.
    const cols = wasm.makeOutput([k, rows], 'float32');
    const whole = nb === batchSize;
    const dySlice = whole ? { dataId: dy.dataId, shape: [rows, outChannels], dtype: dy.dtype } : wasm.makeOutput([rows, outChannels], 'float32');
    const xv = wasm.typedArrayFromHeap(x);
    const cv = wasm.typedArrayFromHeap(cols);
    if (!whole) {
      const dyv = wasm.typedArrayFromHeap(dy);
      const start = b0 * rowsPerImage * outChannels;
      wasm.typedArrayFromHeap(dySlice).set(dyv.subarray(start, start + rows * outChannels));
    }
    // Row r of patch column (kh, kw, c) is x at the input pixel output position r reads.
    for (let kh = 0; kh < filterHeight; kh++) {
      for (let kw = 0; kw < filterWidth; kw++) {
        for (let c = 0; c < inChannels; c++) {
          let at = ((kh * filterWidth + kw) * inChannels + c) * rows;
          for (let b = 0; b < nb; b++) {
            const xImage = (b0 + b) * inHeight * inWidth * inChannels + c;
            for (let oh = 0; oh < outHeight; oh++) {
              const ih = oh * strideHeight + kh * dilationHeight - top;
              if (ih < 0 || ih >= inHeight) {
                cv.fill(0, at, at + outWidth);
                at += outWidth;
                continue;
              }
              const xRow = xImage + ih * inWidth * inChannels;
              for (let ow = 0; ow < outWidth; ow++, at++) {
                const iw = ow * strideWidth + kw * dilationWidth - left;
                cv[at] = iw < 0 || iw >= inWidth ? 0 : (xv[xRow + iw * inChannels] as number);
              }
            }
          }
        }
      }
    }
    const product = batchMatMul({
      inputs: { a: cols, b: dySlice },
      backend: wasm,
      attrs: { transposeA: false, transposeB: false },
    });
    wasm.disposeData(cols.dataId);
    if (!whole) wasm.disposeData(dySlice.dataId);
    if (whole) {
      single = product;
      break;
    }
    const pv = wasm.typedArrayFromHeap(product);
    if (total === undefined) total = Float32Array.from(pv);
    else for (let i = 0; i < total.length; i++) total[i] = (total[i] as number) + (pv[i] as number);
    wasm.disposeData(product.dataId);
  }
  if (single !== undefined) return { dataId: single.dataId, shape: filterShape.slice(), dtype: 'float32' };
  return wasm.makeOutput(filterShape.slice(), 'float32', undefined, total ?? new Float32Array(k * outChannels));
}

/** dW[kh,kw,c,m] = Σ_{b,oh,ow} x[b, ih, iw, c] · dy[b, oh, ow, c·M + m]. */
function depthwiseBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const { wasm, x, dy, filterShape, info } = filterGradientArgs(args, true);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const mult = outChannels / inChannels;
  const acc = new Float64Array(filterHeight * filterWidth * outChannels);
  const xv = wasm.typedArrayFromHeap(x);
  const dyv = wasm.typedArrayFromHeap(dy);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * outChannels;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight + kh * dilationHeight - top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth + kw * dilationWidth - left;
            if (iw < 0 || iw >= inWidth) continue;
            const xBase = ((b * inHeight + ih) * inWidth + iw) * inChannels;
            const wBase = (kh * filterWidth + kw) * outChannels;
            if (mult === 1) {
              for (let c = 0; c < inChannels; c++) acc[wBase + c] = (acc[wBase + c] as number) + (xv[xBase + c] as number) * (dyv[dyBase + c] as number);
            } else {
              for (let c = 0; c < inChannels; c++) {
                const xval = xv[xBase + c] as number;
                for (let m = 0; m < mult; m++) {
                  const o = c * mult + m;
                  acc[wBase + o] = (acc[wBase + o] as number) + xval * (dyv[dyBase + o] as number);
                }
              }
            }
          }
        }
      }
    }
  }
  return wasm.makeOutput(filterShape.slice(), 'float32', undefined, Float32Array.from(acc));
}

/** dx[b,ih,iw,c] = Σ over taps that read (ih,iw), Σ_m dy[b,oh,ow,c·M+m] · w[kh,kw,c,m]. */
function depthwiseBackpropInput({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const wasm = backend as WasmBackendView;
  const dy = inputs.dy as tf.TensorInfo;
  const filter = inputs.filter as tf.TensorInfo;
  const inputShape = attrs.inputShape as number[];
  const info = convInfo(inputShape, filter.shape, attrs, true);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const mult = outChannels / inChannels;
  const out = wasm.makeOutput(inputShape.slice(), 'float32');
  const dxv = wasm.typedArrayFromHeap(out);
  const dyv = wasm.typedArrayFromHeap(dy);
  const wv = wasm.typedArrayFromHeap(filter);
  const acc = new Float64Array(inChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let ih = 0; ih < inHeight; ih++) {
      for (let iw = 0; iw < inWidth; iw++) {
        acc.fill(0);
        for (let kh = 0; kh < filterHeight; kh++) {
          const th = ih + top - kh * dilationHeight;
          if (th < 0 || th % strideHeight !== 0) continue;
          const oh = th / strideHeight;
          if (oh >= outHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const tw = iw + left - kw * dilationWidth;
            if (tw < 0 || tw % strideWidth !== 0) continue;
            const ow = tw / strideWidth;
            if (ow >= outWidth) continue;
            const dyBase = ((b * outHeight + oh) * outWidth + ow) * outChannels;
            const wBase = (kh * filterWidth + kw) * outChannels;
            for (let o = 0; o < outChannels; o++) {
              const c = mult === 1 ? o : Math.floor(o / mult);
              acc[c] = (acc[c] as number) + (dyv[dyBase + o] as number) * (wv[wBase + o] as number);
            }
          }
        }
        dxv.set(acc, ((b * inHeight + ih) * inWidth + iw) * inChannels);
      }
    }
  }
  return out;
}

import * as tf from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.js';
import type { NativeKernelImpl } from './conv-kernels.js';
import { hasWasmKernel, registerOwnKernel, unregisterOwnKernel } from './registry.js';
import { heapBuffer, heapOffset, isFloat, packParams, params, sizeOf } from './wasm-heap.js';
import type { KernelArgs, WasmBackendView } from './wasm-heap.js';

/**
 * Kernels that cut the op count or the copies of a training step, where per-op JS overhead
 * dominates small networks: BatchMatMul (override: oneDNN's matmul primitive reads transposed
 * operands in place through strides; the stock kernel copies them through a Transpose first),
 * and jars' own kernels (no stock equivalent; only the trainer calls them, after checking
 * `nativeTrainKernels()`):
 * - `JarsOptimizerStep`: one optimizer update of one variable (SGD, momentum, Adam, RMSProp,
 *   weight EMA) with L2 or decoupled weight decay, in place of ~10 elementwise ops;
 * - `JarsBatchNormTrain` (+ gradient kernels): batch norm with batch statistics in two passes,
 *   and its input gradient through those statistics in two more, in place of ~20
 *   activation-sized ops of tfjs's moments + batchNorm + their gradients.
 *
 * An earlier BatchMatMul override called oneDNN's `sgemm`; the malloc heap got corrupted whenever
 * SIGPROF (node --cpu-prof) landed inside sgemm with a transposed operand, so it was dropped. The
 * matmul primitive is a different code path; test/native/train-kernels.test.ts runs it under the
 * profiler's signals.
 */

const matMul: NativeKernelImpl = ({ inputs, backend, attrs = {} }, addon) => {
  const wasm = backend as WasmBackendView;
  const a = inputs.a as tf.TensorInfo;
  const b = inputs.b as tf.TensorInfo;
  if (!isFloat(a, b) || a.shape.length < 2 || b.shape.length < 2) return null;
  const transA = attrs.transposeA === true;
  const transB = attrs.transposeB === true;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = (transA ? a.shape[ra - 1] : a.shape[ra - 2]) as number;
  const k = (transA ? a.shape[ra - 2] : a.shape[ra - 1]) as number;
  const kb = (transB ? b.shape[rb - 1] : b.shape[rb - 2]) as number;
  const n = (transB ? b.shape[rb - 2] : b.shape[rb - 1]) as number;
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const batchA = sizeOf(aBatch);
  const batchB = sizeOf(bBatch);
  const sameBatch = aBatch.length === bBatch.length && aBatch.every((d, i) => d === bBatch[i]);
  if (k !== kb || !(sameBatch || batchA === 1 || batchB === 1)) return null;
  const outShape = [...tf.backend_util.assertAndGetBroadcastShape(aBatch, bBatch), m, n];
  if (sizeOf(outShape) !== Math.max(batchA, batchB) * m * n || k === 0) return null;
  const out = wasm.makeOutput(outShape, 'float32');
  if (m * n === 0) return out;
  addon.matmul(heapBuffer(wasm), packParams(wasm, [a, b, out], [batchA, batchB, m, n, k, transA ? 1 : 0, transB ? 1 : 0]));
  return out;
};

export const TRAIN_OVERRIDES: Record<string, NativeKernelImpl> = { BatchMatMul: matMul };

export const OPTIMIZER_STEP_KERNEL = 'JarsOptimizerStep';
export const BATCH_NORM_TRAIN_KERNEL = 'JarsBatchNormTrain';
const BN_GRAD_STATS_KERNEL = 'JarsBatchNormGradStats';
const BN_GRAD_INPUT_KERNEL = 'JarsBatchNormGradInput';
export const OWN_TRAIN_KERNELS = [OPTIMIZER_STEP_KERNEL, BATCH_NORM_TRAIN_KERNEL, BN_GRAD_STATS_KERNEL, BN_GRAD_INPUT_KERNEL];

/** Optimizer kinds of `JarsOptimizerStep` (the addon's codes). */
export const OPTIMIZER_KINDS = { sgd: 0, momentum: 1, adam: 2, rmsprop: 3, average: 4 } as const;

/** Attributes of `JarsOptimizerStep`; see native/src/kernels.h for each formula. */
export interface OptimizerStepAttrs {
  kind: number;
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: number;
  accBeta2: number;
  l2: number;
  decayFactor: number;
  nesterov: boolean;
}

/** Inputs x, g (absent for `average`), s1, s2 → outputs [x′ (not for average), s1′?, s2′?]. */
function optimizerStep(addon: NativeAddon) {
  return ({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo[] => {
    const wasm = backend as WasmBackendView;
    const a = attrs as unknown as OptimizerStepAttrs;
    const x = inputs.x as tf.TensorInfo;
    const g = inputs.g as tf.TensorInfo | undefined;
    const s1 = inputs.s1 as tf.TensorInfo | undefined;
    const s2 = inputs.s2 as tf.TensorInfo | undefined;
    const size = sizeOf(x.shape);
    for (const t of [g, s1, s2]) {
      if (t !== undefined && sizeOf(t.shape) !== size) throw new Error(`${OPTIMIZER_STEP_KERNEL}: slot of ${sizeOf(t.shape)} values for a variable of ${size}`);
    }
    if (!isFloat(x, g, s1, s2)) throw new Error(`${OPTIMIZER_STEP_KERNEL}: float32 only`);
    const average = a.kind === OPTIMIZER_KINDS.average;
    const xOut = average ? undefined : wasm.makeOutput(x.shape.slice(), 'float32');
    const s1Out = s1 === undefined ? undefined : wasm.makeOutput(x.shape.slice(), 'float32');
    const s2Out = s2 === undefined ? undefined : wasm.makeOutput(x.shape.slice(), 'float32');
    const outs = [xOut, s1Out, s2Out].filter((t): t is tf.TensorInfo => t !== undefined);
    if (size === 0) return outs;
    const off = (t: tf.TensorInfo | undefined) => (t === undefined ? -1 : heapOffset(wasm, t));
    const p = params;
    p[0] = a.kind;
    p[1] = a.lr;
    p[2] = a.beta1;
    p[3] = a.beta2;
    p[4] = a.epsilon;
    p[5] = a.accBeta1;
    p[6] = a.accBeta2;
    p[7] = a.l2;
    p[8] = a.decayFactor;
    p[9] = a.nesterov ? 1 : 0;
    p[10] = size;
    p[11] = off(x);
    p[12] = off(g);
    p[13] = off(s1);
    p[14] = off(s2);
    p[15] = off(xOut);
    p[16] = off(s1Out);
    p[17] = off(s2Out);
    addon.optimizerStep(heapBuffer(wasm), p);
    return outs;
  };
}

function channelsOf(x: tf.TensorInfo): { rows: number; channels: number } {
  const channels = x.shape[x.shape.length - 1] as number;
  return { rows: sizeOf(x.shape) / channels, channels };
}

/** x [..., C], scale [C], offset [C] → y, mean [C], variance [C] (biased, as tfjs moments). */
function batchNormTrain(addon: NativeAddon) {
  return ({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo[] => {
    const wasm = backend as WasmBackendView;
    const x = inputs.x as tf.TensorInfo;
    const { rows, channels } = channelsOf(x);
    const y = wasm.makeOutput(x.shape.slice(), 'float32');
    const mean = wasm.makeOutput([channels], 'float32');
    const variance = wasm.makeOutput([channels], 'float32');
    const tensors = [x, inputs.scale, inputs.offset, y, mean, variance] as tf.TensorInfo[];
    addon.batchNormTrain(heapBuffer(wasm), packParams(wasm, tensors, [rows, channels, attrs.epsilon as number]));
    return [y, mean, variance];
  };
}

function batchNormGradStats(addon: NativeAddon) {
  return ({ inputs, backend }: KernelArgs): tf.TensorInfo[] => {
    const wasm = backend as WasmBackendView;
    const x = inputs.x as tf.TensorInfo;
    const { rows, channels } = channelsOf(x);
    const s1 = wasm.makeOutput([channels], 'float32');
    const s2 = wasm.makeOutput([channels], 'float32');
    addon.batchNormGradStats(heapBuffer(wasm), packParams(wasm, [x, inputs.dy, inputs.mean, s1, s2] as tf.TensorInfo[], [rows, channels]));
    return [s1, s2];
  };
}

function batchNormGradInput(addon: NativeAddon) {
  return ({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo => {
    const wasm = backend as WasmBackendView;
    const x = inputs.x as tf.TensorInfo;
    const { rows, channels } = channelsOf(x);
    const dx = wasm.makeOutput(x.shape.slice(), 'float32');
    const tensors = [x, inputs.dy, inputs.mean, inputs.variance, inputs.scale, inputs.s1, inputs.s2, dx] as tf.TensorInfo[];
    addon.batchNormGradInput(heapBuffer(wasm), packParams(wasm, tensors, [rows, channels, attrs.epsilon as number]));
    return dx;
  };
}

/**
 * y's gradient only: the mean and variance outputs feed the moving averages, never the loss,
 * so their (zero) gradients are ignored. dscale = S2·inv, doffset = S1, dx through the batch
 * statistics (see batchNormGradInput in native/src/train-kernels.cc).
 */
const batchNormTrainGradient: tf.GradConfig = {
  kernelName: BATCH_NORM_TRAIN_KERNEL,
  inputsToSave: ['x', 'scale'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const dy = (Array.isArray(dys) ? dys[0] : dys) as tf.Tensor;
    const [x, scale, mean, variance] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const epsilon = attrs.epsilon as number;
    const [s1, s2] = tf.engine().runKernel(BN_GRAD_STATS_KERNEL, { x, dy, mean } as unknown as tf.NamedTensorMap, {}) as tf.Tensor[];
    return {
      x: () => tf.engine().runKernel(BN_GRAD_INPUT_KERNEL, { x, dy, mean, variance, scale, s1, s2 } as unknown as tf.NamedTensorMap, { epsilon }) as tf.Tensor,
      scale: () => tf.mul(s2 as tf.Tensor, tf.rsqrt(tf.add(variance, epsilon))),
      offset: () => tf.clone(s1 as tf.Tensor),
    };
  },
};

/** Registers jars' own training kernels for `wasm` (they have no stock version). */
export function registerTrainKernels(addon: NativeAddon, exclude: ReadonlySet<string> = new Set()): string[] {
  unregisterTrainKernels();
  const own: Record<string, (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[]> = {
    [OPTIMIZER_STEP_KERNEL]: optimizerStep(addon),
    [BATCH_NORM_TRAIN_KERNEL]: batchNormTrain(addon),
    [BN_GRAD_STATS_KERNEL]: batchNormGradStats(addon),
    [BN_GRAD_INPUT_KERNEL]: batchNormGradInput(addon),
  };
  // Excluding a forward kernel (ablations) leaves the trainer on the stock ops for it.
  if (exclude.has(BATCH_NORM_TRAIN_KERNEL)) delete own[BATCH_NORM_TRAIN_KERNEL];
  if (exclude.has(OPTIMIZER_STEP_KERNEL)) delete own[OPTIMIZER_STEP_KERNEL];
  for (const [kernelName, kernelFunc] of Object.entries(own)) registerOwnKernel(kernelName, kernelFunc);
  tf.registerGradient(batchNormTrainGradient);
  return Object.keys(own);
}

export function unregisterTrainKernels(): void {
  for (const name of OWN_TRAIN_KERNELS) unregisterOwnKernel(name);
}

/** Whether jars' training kernel `name` can run now: the backend is wasm and it is registered. */
export function nativeTrainKernel(name: typeof OPTIMIZER_STEP_KERNEL | typeof BATCH_NORM_TRAIN_KERNEL): boolean {
  return tf.getBackend() === 'wasm' && hasWasmKernel(name);
}

import * as tf from '@tensorflow/tfjs';
import type { PnasArch, PnasBlockSpec, PnasOp } from './arch-spec.js';
import type { BuildContext, ModelInput } from './build-context.js';
import { DilatedConv2D } from './dilated-conv.js';

/**
 * A PNAS/NASNet-style network (Liu et al. 2018; Zoph et al. 2018): stem conv, then stages of N
 * normal cells separated by reduction cells (same blocks, stride 2 on the cell inputs, filters
 * doubled). A cell preprocesses its two inputs (the previous two cells) with ReLU-1×1 conv-BN,
 * computes each block as op1(in1) + op2(in2), and concatenates the blocks no other block used.
 */
export function buildPnas(spec: PnasArch, input: ModelInput, ctx: BuildContext): tf.LayersModel {
  const inp = tf.input({ shape: input.sampleShape.slice(), name: 'input' });
  const stem = ctx.bn(ctx.conv(inp, spec.filters, 3));
  let prev2 = stem;
  let prev1 = stem;
  let filters = spec.filters;
  for (let stage = 0; stage <= spec.reductions; stage++) {
    for (let n = 0; n < spec.cellsPerStage; n++) {
      [prev2, prev1] = [prev1, cell(prev2, prev1, spec.blocks, filters, false, ctx)];
    }
    if (stage < spec.reductions) {
      filters *= 2;
      [prev2, prev1] = [prev1, cell(prev2, prev1, spec.blocks, filters, true, ctx)];
    }
  }
  let x = ctx.act(prev1);
  x = ctx.dropout(ctx.globalPool(x));
  return tf.model({ inputs: inp, outputs: ctx.dense(x, input.numClasses), name: 'pnas' });
}

function side(x: tf.SymbolicTensor): number {
  return x.shape[1] as number;
}

function cell(prev2: tf.SymbolicTensor, prev1: tf.SymbolicTensor, blocks: readonly PnasBlockSpec[], filters: number, reduction: boolean, ctx: BuildContext): tf.SymbolicTensor {
  // An input at twice prev1's resolution (the cell before a reduction) is reduced on the way in.
  const h2 = ctx.bn(ctx.conv(ctx.act(prev2), filters, 1, side(prev2) > side(prev1) ? 2 : 1));
  const h1 = ctx.bn(ctx.conv(ctx.act(prev1), filters, 1));
  const outputs: tf.SymbolicTensor[] = [];
  const used = new Set<number>();
  for (const [in1, op1, in2, op2] of blocks) {
    const pick = (i: number): [tf.SymbolicTensor, number] => {
      if (i >= 0) {
        used.add(i);
        return [outputs[i] as tf.SymbolicTensor, 1];
      }
      return [i === -1 ? h1 : h2, reduction ? 2 : 1];
    };
    const [a, sa] = pick(in1);
    const [b, sb] = pick(in2);
    outputs.push(ctx.add([applyOp(op1, a, filters, sa, ctx), applyOp(op2, b, filters, sb, ctx)]));
  }
  const free = outputs.filter((_, i) => !used.has(i));
  if (free.length === 1) return free[0] as tf.SymbolicTensor;
  return tf.layers.concatenate({ axis: -1, name: ctx.name('concat') }).apply(free) as tf.SymbolicTensor;
}

function applyOp(op: PnasOp, x: tf.SymbolicTensor, filters: number, stride: number, ctx: BuildContext): tf.SymbolicTensor {
  switch (op) {
    case 'identity':
      return stride === 1 ? x : ctx.bn(ctx.conv(ctx.act(x), filters, 1, stride));
    case 'sep3x3':
    case 'sep5x5':
    case 'sep7x7': {
      const k = Number(op[3]);
      const y = tf.layers
        .separableConv2d({ filters, kernelSize: k, strides: stride, padding: 'same', useBias: false, depthwiseInitializer: ctx.convInit(), pointwiseInitializer: ctx.convInit(), name: ctx.name('sepconv') })
        .apply(ctx.act(x)) as tf.SymbolicTensor;
      return ctx.bn(y);
    }
    case 'conv1x7_7x1': {
      const a = tf.layers.conv2d({ filters, kernelSize: [1, 7], strides: [1, stride], padding: 'same', useBias: false, kernelInitializer: ctx.convInit(), name: ctx.name('conv1x7') }).apply(ctx.act(x)) as tf.SymbolicTensor;
      const b = tf.layers.conv2d({ filters, kernelSize: [7, 1], strides: [stride, 1], padding: 'same', useBias: false, kernelInitializer: ctx.convInit(), name: ctx.name('conv7x1') }).apply(a) as tf.SymbolicTensor;
      return ctx.bn(b);
    }
    case 'dil3x3':
      return ctx.bn(new DilatedConv2D({ filters, kernelSize: 3, dilation: 2, strides: stride, seed: ctx.rng.seed31(), name: ctx.name('dilconv') }).apply(ctx.act(x)) as tf.SymbolicTensor);
    case 'max3x3':
      return tf.layers.maxPooling2d({ poolSize: 3, strides: stride, padding: 'same', name: ctx.name('maxpool') }).apply(x) as tf.SymbolicTensor;
    case 'avg3x3':
      return tf.layers.averagePooling2d({ poolSize: 3, strides: stride, padding: 'same', name: ctx.name('avgpool') }).apply(x) as tf.SymbolicTensor;
  }
}

import * as tf from '@tensorflow/tfjs';
import { NB201_EDGES, parseNb201 } from '../space/index.js';
import type { Nb201Op } from '../space/index.js';
import type { Nb201Arch } from './arch-spec.js';
import type { BuildContext, ModelInput } from './build-context.js';
import { ZeroLike } from './layers.js';

/**
 * The NAS-Bench-201 network (Dong & Yang 2020, "TinyNetwork"): stem conv 3×3 + BN, three stages
 * of N cells at C, 2C, 4C channels separated by residual reduction blocks, then BN-ReLU, global
 * pool and a linear classifier. Convs have no bias (BN follows), so the counted multiply-adds
 * equal the benchmark's analytic FLOPs.
 */
export function buildNb201(spec: Nb201Arch, input: ModelInput, ctx: BuildContext): tf.LayersModel {
  const ops = parseNb201(spec.cell, 'arch.cell');
  const inp = tf.input({ shape: input.sampleShape.slice(), name: 'input' });
  let x = ctx.bn(ctx.conv(inp, spec.channels, 3));
  const stages = [spec.channels, spec.channels * 2, spec.channels * 4];
  stages.forEach((channels, s) => {
    if (s > 0) x = residualReduction(x, channels, ctx);
    for (let n = 0; n < spec.cellsPerStage; n++) {
      x = cell(x, ops, channels, ctx);
    }
  });
  x = ctx.act(ctx.bn(x));
  x = ctx.dropout(ctx.globalPool(x));
  return tf.model({ inputs: inp, outputs: ctx.dense(x, input.numClasses), name: 'nb201' });
}

function reluConvBn(x: tf.SymbolicTensor, channels: number, kernel: number, stride: number, ctx: BuildContext): tf.SymbolicTensor {
  return ctx.bn(ctx.conv(ctx.act(x), channels, kernel, stride));
}

function residualReduction(x: tf.SymbolicTensor, channels: number, ctx: BuildContext): tf.SymbolicTensor {
  const branch = reluConvBn(reluConvBn(x, channels, 3, 2, ctx), channels, 3, 1, ctx);
  const pooled = tf.layers.averagePooling2d({ poolSize: 2, strides: 2, name: ctx.name('avgpool') }).apply(x) as tf.SymbolicTensor;
  return ctx.add([ctx.conv(pooled, channels, 1), branch]);
}

/** Node j = Σ_{i<j} op_ij(node i); a node with only `none` inputs is an explicit zero tensor. */
function cell(input: tf.SymbolicTensor, ops: readonly Nb201Op[], channels: number, ctx: BuildContext): tf.SymbolicTensor {
  const nodes: tf.SymbolicTensor[] = [input];
  for (let j = 1; j <= 3; j++) {
    const terms: tf.SymbolicTensor[] = [];
    NB201_EDGES.forEach(([from, to], e) => {
      if (to !== j) return;
      const src = nodes[from] as tf.SymbolicTensor;
      switch (ops[e]) {
        case 'nor_conv_3x3':
          terms.push(reluConvBn(src, channels, 3, 1, ctx));
          break;
        case 'nor_conv_1x1':
          terms.push(reluConvBn(src, channels, 1, 1, ctx));
          break;
        case 'skip_connect':
          terms.push(src);
          break;
        case 'avg_pool_3x3':
          terms.push(tf.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same', name: ctx.name('avgpool') }).apply(src) as tf.SymbolicTensor);
          break;
        default:
          break;
      }
    });
    nodes.push(terms.length > 0 ? ctx.add(terms) : (new ZeroLike({ name: ctx.name('zero') }).apply(input) as tf.SymbolicTensor));
  }
  return nodes[3] as tf.SymbolicTensor;
}

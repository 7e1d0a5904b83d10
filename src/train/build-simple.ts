import * as tf from '@tensorflow/tfjs';
import type { CnnArch, MlpArch } from './arch-spec.js';
import type { BuildContext, ModelInput } from './build-context.js';

/** MLP for tabular rows (images are flattened): dense → [BN] → act → dropout, then logits. */
export function buildMlp(spec: MlpArch, input: ModelInput, ctx: BuildContext): tf.LayersModel {
  const inp = tf.input({ shape: input.sampleShape.slice(), name: 'input' });
  let x: tf.SymbolicTensor = input.sampleShape.length > 1 ? (tf.layers.flatten().apply(inp) as tf.SymbolicTensor) : inp;
  for (const units of spec.hidden) {
    x = ctx.dense(x, units);
    if (spec.batchNorm) x = ctx.bn(x);
    x = ctx.act(x, spec.activation);
    x = ctx.dropout(x);
  }
  return tf.model({ inputs: inp, outputs: ctx.dense(x, input.numClasses), name: 'mlp' });
}

/** A small plain CNN: conv (→ BN) → ReLU per entry, 2×2 max-pool between them, dense head. */
export function buildCnn(spec: CnnArch, input: ModelInput, ctx: BuildContext): tf.LayersModel {
  const inp = tf.input({ shape: input.sampleShape.slice(), name: 'input' });
  let x: tf.SymbolicTensor = inp;
  spec.filters.forEach((filters, i) => {
    x = ctx.conv(x, filters, spec.kernel, 1, !spec.batchNorm);
    if (spec.batchNorm) x = ctx.bn(x);
    x = ctx.act(x);
    if (i < spec.filters.length - 1) x = tf.layers.maxPooling2d({ poolSize: 2, name: ctx.name('pool') }).apply(x) as tf.SymbolicTensor;
  });
  x = tf.layers.flatten({ name: ctx.name('flatten') }).apply(x) as tf.SymbolicTensor;
  x = ctx.dropout(x);
  if (spec.dense > 0) {
    x = ctx.dense(x, spec.dense, 'relu');
    x = ctx.dropout(x);
  }
  return tf.model({ inputs: inp, outputs: ctx.dense(x, input.numClasses), name: 'cnn' });
}

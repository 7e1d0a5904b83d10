import * as tf from '@tensorflow/tfjs';
import type { MbconvArch } from './arch-spec.js';
import type { BuildContext, ModelInput } from './build-context.js';
import { ChannelScale, ResizeImages } from './layers.js';

/**
 * An FBNet/MobileNetV2-style macro network: [resize] → stem conv 3×3 → stages of inverted
 * residual (MBConv) blocks → 1×1 head → pool → classifier. A block expands by e with a 1×1
 * conv (skipped when e = 1), runs a k×k depthwise conv (stride on the first block of a stage),
 * optionally squeezes-and-excites (Hu et al. 2018; reduction 4), projects with a linear 1×1
 * conv, and adds the input when shapes match, through drop-path when the recipe asks for it.
 */
export function buildMbconv(spec: MbconvArch, input: ModelInput, ctx: BuildContext): tf.LayersModel {
  const inp = tf.input({ shape: input.sampleShape.slice(), name: 'input' });
  let x: tf.SymbolicTensor = inp;
  if (spec.resolution !== undefined && spec.resolution !== input.sampleShape[0]) {
    x = new ResizeImages({ side: spec.resolution, name: ctx.name('resize') }).apply(x) as tf.SymbolicTensor;
  }
  x = ctx.act(ctx.bn(ctx.conv(x, spec.stemChannels, 3)));
  const totalBlocks = spec.stages.reduce((n, s) => n + s.depth, 0);
  const maxDrop = ctx.options.stochasticDepth ?? 0;
  let index = 0;
  let channels = spec.stemChannels;
  for (const stage of spec.stages) {
    for (let d = 0; d < stage.depth; d++) {
      const stride = d === 0 ? stage.stride : 1;
      const inputX = x;
      const expanded = channels * stage.expansion;
      let y = inputX;
      if (stage.expansion > 1) y = ctx.act(ctx.bn(ctx.conv(y, expanded, 1)));
      y = ctx.act(ctx.bn(ctx.depthwise(y, stage.kernel, stride)));
      if (stage.se) {
        const squeezed = Math.max(1, Math.floor(channels / 4));
        const gate = ctx.dense(ctx.dense(ctx.globalPool(y), squeezed, 'relu'), expanded, 'sigmoid');
        y = new ChannelScale({ name: ctx.name('se_scale') }).apply([y, gate]) as tf.SymbolicTensor;
      }
      y = ctx.bn(ctx.conv(y, stage.channels, 1));
      if (stride === 1 && channels === stage.channels) {
        y = ctx.dropPath(y, (maxDrop * index) / Math.max(1, totalBlocks - 1));
        y = ctx.add([inputX, y]);
      }
      x = y;
      channels = stage.channels;
      index++;
    }
  }
  x = ctx.act(ctx.bn(ctx.conv(x, spec.headChannels, 1)));
  x = ctx.dropout(ctx.globalPool(x));
  return tf.model({ inputs: inp, outputs: ctx.dense(x, input.numClasses), name: 'mbconv' });
}

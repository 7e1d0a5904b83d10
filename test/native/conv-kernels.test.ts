import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { nativeStatus } from '../../src/native/index.js';
import { expectSame, randomArray, runKernel, setupWasm, stockAndNative } from './helpers.js';

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

interface ConvCase {
  x: [number, number, number, number];
  k: [number, number];
  out: number; // output channels (dense) or channel multiplier (depthwise)
  stride: number | [number, number];
  pad: Pad;
  dilation?: number;
}

const DENSE: ConvCase[] = [
  { x: [2, 7, 7, 1], k: [3, 3], out: 4, stride: 1, pad: 'same' },
  { x: [2, 28, 28, 1], k: [3, 3], out: 16, stride: 1, pad: 'same' },
  { x: [3, 9, 8, 3], k: [3, 3], out: 16, stride: 2, pad: 'valid' },
  { x: [2, 14, 14, 16], k: [3, 3], out: 32, stride: 1, pad: 'same' },
  { x: [1, 10, 11, 5], k: [5, 5], out: 7, stride: 2, pad: 'same' },
  { x: [2, 8, 8, 4], k: [1, 1], out: 6, stride: 1, pad: 'valid' },
  { x: [2, 9, 9, 3], k: [3, 2], out: 5, stride: [3, 1], pad: 'same' },
  { x: [2, 6, 7, 3], k: [3, 3], out: 4, stride: 1, pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
  { x: [4, 6, 6, 32], k: [3, 3], out: 64, stride: 1, pad: 'same' },
  { x: [1, 13, 13, 8], k: [7, 7], out: 3, stride: 2, pad: 'valid' },
];

const DEPTHWISE: ConvCase[] = [
  { x: [2, 9, 9, 8], k: [3, 3], out: 1, stride: 1, pad: 'same' },
  { x: [2, 10, 10, 4], k: [5, 5], out: 2, stride: 2, pad: 'same' },
  { x: [1, 7, 7, 3], k: [3, 3], out: 1, stride: 2, pad: 'valid' },
  { x: [3, 8, 8, 16], k: [3, 3], out: 1, stride: 1, pad: 'same' },
];

const label = (c: ConvCase) => `x=${c.x.join('x')} k=${c.k.join('x')} out=${c.out} s=${String(c.stride)} pad=${JSON.stringify(c.pad)}${c.dilation ? ` d=${c.dilation}` : ''}`;

let loaded = false;
beforeAll(async () => {
  loaded = await setupWasm();
  if (!loaded) console.warn(`native conv tests skipped: ${nativeStatus().reason ?? ''}`);
});

function convTensors(c: ConvCase, depthwise: boolean, seed: number) {
  const rng = new Rng(seed);
  const [n, h, w, ch] = c.x;
  const filterShape: [number, number, number, number] = [c.k[0], c.k[1], ch, c.out];
  const x = tf.tensor4d(randomArray(rng, n * h * w * ch), c.x);
  const filter = tf.tensor4d(randomArray(rng, filterShape.reduce((a, b) => a * b)), filterShape);
  const info = tf.backend_util.computeConv2DInfo(c.x, filterShape, c.stride, c.dilation ?? 1, c.pad as 'same', undefined, depthwise);
  const dy = tf.tensor4d(randomArray(rng, info.outShape.reduce((a, b) => a * b)), info.outShape);
  const bias = tf.tensor1d(randomArray(rng, info.outChannels));
  return { x, filter, dy, bias, filterShape };
}

describe('native dense conv kernels match the stock wasm kernels', () => {
  for (const c of [...DENSE, { x: [2, 12, 12, 3], k: [3, 3], out: 8, stride: 1, pad: 'same', dilation: 2 } as ConvCase]) {
    it(`Conv2D ${label(c)}`, ({ skip }) => {
      if (!loaded) skip();
      const t = convTensors(c, false, 1);
      const attrs = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', dilations: c.dilation ?? 1 };
      expectSame(stockAndNative(() => runKernel('Conv2D', { x: t.x, filter: t.filter }, attrs)));
    });
    if (c.dilation !== undefined) continue;
    it(`Conv2DBackpropInput ${label(c)}`, ({ skip }) => {
      if (!loaded) skip();
      const t = convTensors(c, false, 2);
      const attrs = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x };
      expectSame(stockAndNative(() => runKernel('Conv2DBackpropInput', { dy: t.dy, filter: t.filter }, attrs)));
    });
    it(`Conv2DBackpropFilter ${label(c)}`, ({ skip }) => {
      if (!loaded) skip();
      const t = convTensors(c, false, 3);
      const attrs = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', filterShape: t.filterShape };
      expectSame(stockAndNative(() => runKernel('Conv2DBackpropFilter', { x: t.x, dy: t.dy }, attrs)));
    });
  }

  for (const activation of ['linear', 'relu', 'relu6', 'leakyrelu', 'sigmoid', 'elu', 'prelu'] as const) {
    it(`FusedConv2D with bias and ${activation}`, ({ skip }) => {
      if (!loaded) skip();
      const c = DENSE[3] as ConvCase;
      const t = convTensors(c, false, 4);
      const prelu = tf.fill([c.out * 2], 0.1);
      const run = () =>
        tf.tidy(() => {
          const y = tf.fused.conv2d({
            x: t.x,
            filter: t.filter,
            strides: c.stride,
            pad: c.pad as 'same',
            bias: t.bias,
            activation,
            leakyreluAlpha: 0.3,
            preluActivationWeights: activation === 'prelu' ? prelu.slice(0, c.out) : undefined,
          });
          return { shape: y.shape.slice(), values: y.dataSync() as Float32Array };
        });
      expectSame(stockAndNative(run));
    });
  }
});

describe('native depthwise conv kernels match the stock wasm kernels', () => {
  for (const c of DEPTHWISE) {
    it(`DepthwiseConv2dNative ${label(c)}`, ({ skip }) => {
      if (!loaded) skip();
      const t = convTensors(c, true, 5);
      const attrs = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', dilations: 1 };
      expectSame(stockAndNative(() => runKernel('DepthwiseConv2dNative', { x: t.x, filter: t.filter }, attrs)));
    });
    it(`DepthwiseConv2dNativeBackpropInput ${label(c)}`, ({ skip }) => {
      if (!loaded) skip();
      const t = convTensors(c, true, 6);
      const attrs = { strides: c.stride, pad: c.pad, dilations: 1, inputShape: c.x };
      expectSame(stockAndNative(() => runKernel('DepthwiseConv2dNativeBackpropInput', { dy: t.dy, filter: t.filter }, attrs)));
    });
    it(`DepthwiseConv2dNativeBackpropFilter ${label(c)}`, ({ skip }) => {
      if (!loaded) skip();
      const t = convTensors(c, true, 7);
      const attrs = { strides: c.stride, pad: c.pad, dilations: 1, filterShape: t.filterShape };
      expectSame(stockAndNative(() => runKernel('DepthwiseConv2dNativeBackpropFilter', { x: t.x, dy: t.dy }, attrs)));
    });
  }
});

describe('unsupported cases fall back to the stock kernel', () => {
  it('int32 tile and a 4-group broadcast still give the stock result', ({ skip }) => {
    if (!loaded) skip();
    const pair = stockAndNative(() => runKernel('Tile', { x: tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32') }, { reps: [2, 3] }));
    expectSame(pair);
    expect(Array.from(pair[1].values).slice(0, 6)).toEqual([1, 2, 1, 2, 1, 2]);
    const a = tf.tensor4d(randomArray(new Rng(8), 2 * 3 * 4 * 5), [2, 3, 4, 5]);
    const b = tf.tensor4d(randomArray(new Rng(9), 3 * 5), [1, 3, 1, 5]);
    expectSame(stockAndNative(() => runKernel('Add', { a, b }, {})));
  });
});

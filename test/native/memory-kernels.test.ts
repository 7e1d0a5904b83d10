import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { broadcastGroups, nativeStatus } from '../../src/native/index.js';
import { expectSame, randomArray, relativeError, runKernel, setupWasm, stockAndNative } from './helpers.js';

let loaded = false;
beforeAll(async () => {
  loaded = await setupWasm();
  if (!loaded) console.warn(`native memory-kernel tests skipped: ${nativeStatus().reason ?? ''}`);
});

const rand = (shape: number[], seed: number, zeroFraction = 0) => tf.tensor(randomArray(new Rng(seed), shape.reduce((a, b) => a * b, 1), zeroFraction), shape);

describe('broadcastGroups', () => {
  it('merges axes where both operands are alike', () => {
    expect(broadcastGroups([4, 5, 6, 8], [8], [4, 5, 6, 8])).toEqual({ dims: [1, 120, 8], aStrides: [0, 8, 1], bStrides: [0, 0, 1] });
    expect(broadcastGroups([4, 1, 1, 8], [4, 5, 6, 8], [4, 5, 6, 8])).toEqual({ dims: [4, 30, 8], aStrides: [8, 0, 1], bStrides: [240, 8, 1] });
    expect(broadcastGroups([2, 3], [], [2, 3])).toEqual({ dims: [1, 1, 6], aStrides: [0, 0, 1], bStrides: [0, 0, 0] });
    expect(broadcastGroups([2, 3, 4, 5], [1, 3, 1, 5], [2, 3, 4, 5])).toBeNull();
  });
});

describe('native memory-bound kernels match the stock wasm kernels', () => {
  const tiles: [number[], number[]][] = [
    [[1, 1, 1, 16], [8, 5, 5, 1]],
    [[3, 1, 4], [2, 5, 1]],
    [[7], [3]],
    [[2, 3, 1, 2], [1, 2, 3, 2]],
    [[5, 1], [1, 0]],
  ];
  for (const [shape, reps] of tiles) {
    it(`Tile ${shape.join('x')} by ${reps.join('x')}`, ({ skip }) => {
      if (!loaded) skip();
      const x = rand(shape, 1);
      expectSame(stockAndNative(() => runKernel('Tile', { x }, { reps })), 0);
    });
  }

  const reductions: [number[], number | number[], boolean][] = [
    [[4, 5, 6, 7], [0, 1, 2], false],
    [[4, 5, 6, 7], [1, 2], true],
    [[10, 3], 0, false],
    [[64, 14, 14, 32], [0, 1, 2], false],
    [[3, 4, 5], [2], false],
    [[3, 4, 5], [-3, -2], true],
    [[6, 4], [0, 1], false],
  ];
  for (const kernel of ['Sum', 'Mean']) {
    for (const [shape, axis, keepDims] of reductions) {
      it(`${kernel} of ${shape.join('x')} over ${JSON.stringify(axis)}${keepDims ? ' keepDims' : ''}`, ({ skip }) => {
        if (!loaded) skip();
        const x = rand(shape, 2);
        expectSame(stockAndNative(() => runKernel(kernel, { x }, { axis, keepDims })));
      });
    }
  }

  const broadcasts: [number[], number[]][] = [
    [[4, 5, 6, 8], [8]],
    [[8], [4, 5, 6, 8]],
    [[4, 1, 1, 8], [4, 5, 6, 8]],
    [[4, 5, 6, 8], [1, 1, 1, 8]],
    [[3, 7], []],
    [[], [3, 7]],
    [[3, 7], [3, 7]],
    [[3, 1], [1, 7]],
  ];
  for (const kernel of ['Add', 'Sub', 'Multiply', 'RealDiv']) {
    for (const [aShape, bShape] of broadcasts) {
      it(`${kernel} ${aShape.join('x') || 'scalar'} with ${bShape.join('x') || 'scalar'}`, ({ skip }) => {
        if (!loaded) skip();
        const a = rand(aShape, 3);
        const b = rand(bShape, 4);
        expectSame(stockAndNative(() => runKernel(kernel, { a, b }, {})));
      });
    }
  }

  it('FusedBatchNorm with and without offset/scale, per-channel and scalar parameters', ({ skip }) => {
    if (!loaded) skip();
    const x = rand([4, 6, 6, 8], 5);
    const mean = rand([8], 6);
    const variance = tf.abs(rand([8], 7)).add(0.1);
    const offset = rand([8], 8);
    const scale = rand([8], 9);
    const run = (o?: tf.Tensor, s?: tf.Tensor) => () =>
      tf.tidy(() => {
        const y = tf.batchNorm(x, mean as tf.Tensor1D, variance as tf.Tensor1D, o as tf.Tensor1D | undefined, s as tf.Tensor1D | undefined, 1e-3);
        return { shape: y.shape.slice(), values: y.dataSync() as Float32Array };
      });
    expectSame(stockAndNative(run(offset, scale)));
    expectSame(stockAndNative(run()));
    const scalarRun = () =>
      tf.tidy(() => {
        const y = tf.batchNorm(x, tf.scalar(0.2), tf.scalar(1.5), tf.scalar(0.5), undefined, 1e-3);
        return { shape: y.shape.slice(), values: y.dataSync() as Float32Array };
      });
    expectSame(stockAndNative(scalarRun));
  });

  const pools: { x: number[]; filterSize: number | [number, number]; strides: number; pad: 'same' | 'valid' }[] = [
    { x: [2, 28, 28, 16], filterSize: 2, strides: 2, pad: 'valid' },
    { x: [2, 7, 7, 4], filterSize: 3, strides: 2, pad: 'same' },
    { x: [1, 9, 8, 3], filterSize: 3, strides: 1, pad: 'same' },
    { x: [2, 9, 9, 5], filterSize: [2, 3], strides: 2, pad: 'valid' },
    { x: [2, 7, 9, 4], filterSize: 2, strides: 2, pad: 'valid' },
    { x: [2, 7, 7, 4], filterSize: 2, strides: 2, pad: 'same' },
    { x: [1, 9, 9, 3], filterSize: 3, strides: 3, pad: 'valid' },
    // Channel counts that exercise every block width of the native kernel (16, 4 and 1 lanes).
    { x: [2, 8, 10, 21], filterSize: 2, strides: 2, pad: 'valid' },
    { x: [2, 11, 11, 16], filterSize: 3, strides: 3, pad: 'valid' },
    { x: [2, 9, 9, 37], filterSize: 3, strides: 2, pad: 'same' },
    { x: [1, 6, 7, 20], filterSize: 3, strides: 1, pad: 'same' },
    { x: [1, 7, 6, 19], filterSize: 2, strides: 1, pad: 'valid' },
  ];
  for (const p of pools) {
    const label = `x=${p.x.join('x')} f=${String(p.filterSize)} s=${p.strides} ${p.pad}`;
    // Against the cpu backend: stock wasm MaxPoolGrad (tfjs 4.22) routes the gradient of a
    // window whose values are all ≤ 0 to the wrong cell and breaks ties towards the last
    // maximum; the cpu kernel takes the first maximum, as TensorFlow does.
    it(`MaxPoolGrad ${label}, with ties and all-negative windows, matches the cpu kernel`, async ({ skip }) => {
      if (!loaded) skip();
      const input = tf.tidy(() => tf.sub(tf.relu(rand(p.x, 10, 0.3)), tf.mul(rand(p.x, 16).greater(1.5), 3)));
      const attrs = { filterSize: p.filterSize, strides: p.strides, pad: p.pad };
      const output = tf.maxPool(input as tf.Tensor4D, p.filterSize, p.strides, p.pad);
      const dy = rand(output.shape, 11);
      const native = runKernel('MaxPoolGrad', { dy, input, output }, attrs);
      await tf.setBackend('cpu');
      const reference = runKernel('MaxPoolGrad', { dy, input, output }, attrs);
      await tf.setBackend('wasm');
      expectSame([reference, native], 1e-6);
    });
    it(`AvgPoolGrad ${label}`, ({ skip }) => {
      if (!loaded) skip();
      const input = rand(p.x, 12);
      const output = tf.avgPool(input as tf.Tensor4D, p.filterSize, p.strides, p.pad);
      const dy = rand(output.shape, 13);
      const attrs = { filterSize: p.filterSize, strides: p.strides, pad: p.pad };
      expectSame(stockAndNative(() => runKernel('AvgPoolGrad', { dy, input }, attrs)));
    });
  }
});

describe('broadcasting Sum/Mean gradients', () => {
  for (const [kernel, op] of [
    ['Sum', tf.sum],
    ['Mean', tf.mean],
  ] as const) {
    it(`${kernel} gradient equals tfjs-core's over leading, middle and all axes`, ({ skip }) => {
      if (!loaded) skip();
      const x = rand([4, 5, 6, 8], 14);
      for (const axis of [[0, 1, 2], [1, 2], [3], undefined]) {
        const run = () =>
          tf.tidy(() => {
            const reduced = op(x, axis);
            const weights = rand(reduced.shape, 15);
            const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(op(t, axis), weights)))(x);
            return { shape: g.shape.slice(), values: g.dataSync() as Float32Array };
          });
        const [stock, native] = stockAndNative(run);
        expect(native.shape).toEqual(stock.shape);
        expect(relativeError(native.values, stock.values)).toBeLessThanOrEqual(1e-6);
      }
    });
  }
});

describe('FusedBatchNorm gradient', () => {
  // No case without scale: tfjs-core itself cannot differentiate batchNorm without one (it
  // saves the missing input for the backward pass and fails cloning it).
  for (const shape of [
    [4, 5, 6, 8],
    [16, 12],
  ]) {
    it(`matches tfjs-core's for x ${shape.join('x')}`, ({ skip }) => {
      if (!loaded) skip();
      const c = shape[shape.length - 1] as number;
      const x = rand(shape, 20);
      const mean = rand([c], 21);
      const variance = tf.abs(rand([c], 22)).add(0.2);
      const offset = rand([c], 23);
      const scale = rand([c], 24);
      const weights = rand(shape, 25);
      const run = () =>
        tf.tidy(() => {
          const f = (a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, o: tf.Tensor, s: tf.Tensor) =>
            tf.sum(tf.mul(tf.batchNorm(a, m as tf.Tensor1D, v as tf.Tensor1D, o as tf.Tensor1D, s as tf.Tensor1D, 1e-3), weights));
          const grads = tf.grads(f)([x, mean, variance, offset, scale]);
          return grads.map((g) => ({ shape: g.shape.slice(), values: g.dataSync() as Float32Array }));
        });
      const [stock, native] = stockAndNative(run);
      stock.forEach((g, i) => expectSame([g, native[i] as typeof g]));
    });
  }
});

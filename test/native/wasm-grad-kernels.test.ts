import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { registerWasmGradientKernels, WASM_GRADIENT_KERNELS, WASM_REPLACED_KERNELS } from '../../src/native/wasm-grad-kernels.js';
import { relativeError } from '../support/relative-error.js';

type Pad = 'same' | 'valid';

function randomArray(rng: Rng, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}


async function onBackend<T>(name: string, f: () => T): Promise<T> {
  await tf.setBackend(name);
  return f();
}

/** Gradients of sum(conv(x, w) ⊙ r) w.r.t. x and w: every element of dy is distinct. */
function convGrads(kind: 'conv' | 'depthwise', x: Float32Array, xs: number[], w: Float32Array, ws: number[], stride: number, pad: Pad, r: (shape: number[]) => Float32Array): Float32Array[] {
  return tf.tidy(() => {
    const xt = tf.tensor4d(x, xs as [number, number, number, number]);
    const wt = tf.tensor4d(w, ws as [number, number, number, number]);
    const f = (a: tf.Tensor, b: tf.Tensor) => {
      const y = kind === 'conv' ? tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad) : tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad);
      return tf.sum(tf.mul(y, tf.tensor(r(y.shape), y.shape)));
    };
    const [gx, gw] = tf.grads(f)([xt, wt]);
    return [gx!.dataSync() as Float32Array, gw!.dataSync() as Float32Array];
  });
}

beforeAll(async () => {
  registerWasmGradientKernels();
  registerWasmGradientKernels(); // idempotent: a second call must not throw or re-register
  await tf.setBackend('wasm');
});

describe('wasm gradient kernels', () => {
  it('are registered once for wasm', () => {
    for (const name of WASM_GRADIENT_KERNELS) expect(tf.getKernel(name, 'wasm')).toBeDefined();
    const funcs = WASM_REPLACED_KERNELS.map((name) => tf.getKernel(name, 'wasm').kernelFunc);
    registerWasmGradientKernels();
    expect(WASM_REPLACED_KERNELS.map((name) => tf.getKernel(name, 'wasm').kernelFunc)).toEqual(funcs);
  });

  const matmulCases: [string, number[], number[], boolean, boolean][] = [
    ['aᵀb', [37, 5], [37, 6], true, false],
    ['abᵀ', [5, 37], [6, 37], false, true],
    ['aᵀbᵀ', [37, 5], [6, 37], true, true],
    ['batched aᵀb', [3, 9, 4], [3, 9, 7], true, false],
    ['plain', [4, 9], [9, 7], false, false],
  ];
  const tileCases: [string, number[], number[]][] = [
    ['bn-like', [1, 1, 1, 5], [2, 3, 4, 1]],
    ['inner repeat', [3, 2], [2, 3]],
    ['single column', [4, 1], [1, 6]],
    ['1-d', [3], [4]],
    ['no-op', [2, 3], [1, 1]],
  ];
  it.each(tileCases)('tile %s matches cpu', async (_name, shape, reps) => {
    const values = randomArray(new Rng(`tile:${_name}`), shape.reduce((x, y) => x * y));
    const run = () => tf.tidy(() => Array.from(tf.tile(tf.tensor(values, shape), reps).dataSync()));
    const run32 = () => tf.tidy(() => Array.from(tf.tile(tf.tensor(values, shape).toInt(), reps).dataSync()));
    expect(await onBackend('wasm', run)).toEqual(await onBackend('cpu', run));
    expect(await onBackend('wasm', run32)).toEqual(await onBackend('cpu', run32));
  });

  it.each(matmulCases)('matMul %s matches cpu', async (_name, as, bs, ta, tb) => {
    const rng = new Rng(`mm:${_name}`);
    const a = randomArray(rng, as.reduce((x, y) => x * y));
    const b = randomArray(rng, bs.reduce((x, y) => x * y));
    const run = () => tf.tidy(() => tf.matMul(tf.tensor(a, as), tf.tensor(b, bs), ta, tb).dataSync() as Float32Array);
    const cpu = await onBackend('cpu', run);
    const wasm = await onBackend('wasm', run);
    expect(relativeError(wasm, cpu)).toBeLessThanOrEqual(1e-5);
  });

  const convCases: [string, number[], number[], number, Pad][] = [
    ['3x3 s1 same', [2, 7, 7, 3], [3, 3, 3, 4], 1, 'same'],
    ['3x3 s2 same', [2, 8, 8, 3], [3, 3, 3, 5], 2, 'same'],
    ['3x3 s2 valid odd', [1, 9, 9, 2], [3, 3, 2, 3], 2, 'valid'],
    ['5x5 s1 valid', [2, 9, 8, 4], [5, 5, 4, 2], 1, 'valid'],
    ['1x1 s1', [3, 5, 5, 6], [1, 1, 6, 7], 1, 'same'],
    ['1x7 same', [1, 9, 9, 2], [1, 7, 2, 3], 1, 'same'],
    ['7x1 s2 same', [1, 9, 9, 2], [7, 1, 2, 3], 2, 'same'],
    ['wide channels (block copy)', [2, 6, 6, 20], [3, 3, 20, 4], 1, 'same'],
    ['3x3 s2 valid even', [2, 8, 8, 3], [3, 3, 3, 4], 2, 'valid'],
    ['5x5 s3 same', [1, 11, 10, 2], [5, 5, 2, 3], 3, 'same'],
    ['batch split into im2col chunks', [8, 32, 32, 64], [3, 3, 64, 1], 1, 'same'],
  ];
  it.each(convCases)('conv2d %s matches cpu (≤1e-5 relative)', async (_name, xs, ws, stride, pad) => {
    const rng = new Rng(`conv:${_name}`);
    const x = randomArray(rng, xs.reduce((a, b) => a * b));
    const w = randomArray(rng, ws.reduce((a, b) => a * b));
    const rSeed = rng.seed31();
    const r = (shape: number[]) => randomArray(new Rng(rSeed), shape.reduce((a, b) => a * b));
    const cpu = await onBackend('cpu', () => convGrads('conv', x, xs, w, ws, stride, pad, r));
    const wasm = await onBackend('wasm', () => convGrads('conv', x, xs, w, ws, stride, pad, r));
    expect(relativeError(wasm[1]!, cpu[1]!)).toBeLessThanOrEqual(1e-5);
    expect(relativeError(wasm[0]!, cpu[0]!)).toBeLessThanOrEqual(1e-5);
  });

  const depthwiseCases: [string, number[], number[], number, Pad][] = [
    ['3x3 s1 same m1', [2, 7, 7, 3], [3, 3, 3, 1], 1, 'same'],
    ['3x3 s2 same m1', [2, 8, 8, 4], [3, 3, 4, 1], 2, 'same'],
    ['5x5 s2 valid m2', [1, 11, 11, 3], [5, 5, 3, 2], 2, 'valid'],
    ['7x7 s1 same m3', [2, 9, 9, 2], [7, 7, 2, 3], 1, 'same'],
    ['3x3 s2 same odd m2', [1, 9, 9, 5], [3, 3, 5, 2], 2, 'same'],
  ];
  it.each(depthwiseCases)('depthwise %s matches cpu (≤1e-5 relative)', async (_name, xs, ws, stride, pad) => {
    const rng = new Rng(`dw:${_name}`);
    const x = randomArray(rng, xs.reduce((a, b) => a * b));
    const w = randomArray(rng, ws.reduce((a, b) => a * b));
    const rSeed = rng.seed31();
    const r = (shape: number[]) => randomArray(new Rng(rSeed), shape.reduce((a, b) => a * b));
    const cpu = await onBackend('cpu', () => convGrads('depthwise', x, xs, w, ws, stride, pad, r));
    const wasm = await onBackend('wasm', () => convGrads('depthwise', x, xs, w, ws, stride, pad, r));
    expect(relativeError(wasm[1]!, cpu[1]!)).toBeLessThanOrEqual(1e-5);
    expect(relativeError(wasm[0]!, cpu[0]!)).toBeLessThanOrEqual(1e-5);
  });

  // tfjs refuses gradients of dilated convs and the cpu backprop kernels ignore dilation, so the
  // dilated kernels are checked directly against a brute-force adjoint: <dy, conv(x,w)> is
  // bilinear, hence <dW, w'> must equal <dy, conv(x, w')> for any w' (and likewise for dx).
  it('depthwise backprop kernels handle dilation 2 (adjoint identity)', async () => {
    await tf.setBackend('wasm');
    const rng = new Rng('dilated');
    const xs: [number, number, number, number] = [2, 9, 9, 3];
    const ws: [number, number, number, number] = [3, 3, 3, 2];
    const x = tf.tensor4d(randomArray(rng, 2 * 9 * 9 * 3), xs);
    const w = tf.tensor4d(randomArray(rng, 3 * 3 * 3 * 2), ws);
    const y = tf.depthwiseConv2d(x, w, 1, 'same', 'NHWC', 2);
    const dy = tf.tensor(randomArray(rng, y.size), y.shape);
    const attrs = { strides: 1, pad: 'same', dilations: 2, filterShape: ws, inputShape: xs } as unknown as tf.NamedAttrMap;
    const dW = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs) as tf.Tensor;
    const dX = tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: w }, attrs) as tf.Tensor;
    const lhsW = tf.sum(tf.mul(dW, w)).dataSync()[0]!;
    const lhsX = tf.sum(tf.mul(dX, x)).dataSync()[0]!;
    const rhs = tf.sum(tf.mul(dy, y)).dataSync()[0]!;
    expect(Math.abs(lhsW - rhs) / Math.abs(rhs)).toBeLessThan(1e-5);
    expect(Math.abs(lhsX - rhs) / Math.abs(rhs)).toBeLessThan(1e-5);
    tf.dispose([x, w, y, dy, dW, dX]);
  });

  it('leaves no tensors behind', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const rng = new Rng('leak');
    convGrads('conv', randomArray(rng, 2 * 6 * 6 * 2), [2, 6, 6, 2], randomArray(rng, 18 * 3), [3, 3, 2, 3], 1, 'same', (s) => new Float32Array(s.reduce((a, b) => a * b)).fill(1));
    expect(tf.memory().numTensors).toBe(before);
  });
});

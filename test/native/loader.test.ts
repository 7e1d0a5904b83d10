import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadNativeKernels, nativeActive, nativeStatus, NATIVE_KERNEL_NAMES, unloadNativeKernels, registerWasmGradientKernels } from '../../src/native/index.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  registerWasmGradientKernels();
});

afterEach(() => {
  delete process.env.JARS_NATIVE;
  unloadNativeKernels();
});

describe('loadNativeKernels', () => {
  it('JARS_NATIVE=0 leaves the stock kernels in place and says why', () => {
    process.env.JARS_NATIVE = '0';
    const before = tf.getKernel('Conv2D', 'wasm').kernelFunc;
    const status = loadNativeKernels();
    expect(status).toEqual({ loaded: false, reason: 'disabled by JARS_NATIVE=0', kernels: [] });
    expect(nativeActive()).toBe(false);
    expect(tf.getKernel('Conv2D', 'wasm').kernelFunc).toBe(before);
    // Plain wasm still trains a conv layer.
    const g = tf.grad((w: tf.Tensor) => tf.sum(tf.conv2d(tf.ones([1, 5, 5, 2]) as tf.Tensor4D, w as tf.Tensor4D, 1, 'same')))(tf.ones([3, 3, 2, 4]));
    expect(g.shape).toEqual([3, 3, 2, 4]);
  });

  it('either registers every kernel or reports why not, and unloading restores the stock ones', ({ skip }) => {
    const stockTile = tf.getKernel('Tile', 'wasm').kernelFunc;
    const status = loadNativeKernels();
    if (!status.loaded) {
      expect(status.reason).toMatch(/native kernels unavailable/);
      skip();
    }
    expect(status.kernels).toEqual([...NATIVE_KERNEL_NAMES, 'Sum:grad', 'Mean:grad', 'FusedBatchNorm:grad']);
    expect(status.onednnVersion).toMatch(/^\d+\.\d+/);
    expect(nativeActive()).toBe(true);
    expect(tf.getKernel('Tile', 'wasm').kernelFunc).not.toBe(stockTile);
    unloadNativeKernels();
    expect(tf.getKernel('Tile', 'wasm').kernelFunc).toBe(stockTile);
    expect(nativeStatus().loaded).toBe(false);
  });

  it('puts its kernels back when another module replaced them since', ({ skip }) => {
    if (!loadNativeKernels().loaded) skip();
    const native = tf.getKernel('Tile', 'wasm');
    tf.unregisterKernel('Tile', 'wasm');
    tf.registerKernel({ ...native, kernelFunc: (() => {
      throw new Error('displaced');
    }) as unknown as tf.KernelFunc });
    loadNativeKernels();
    expect(tf.tile(tf.tensor1d([1, 2]), [2]).arraySync()).toEqual([1, 2, 1, 2]);
  });

  it('exclude keeps the named kernels and gradients stock', ({ skip }) => {
    const stockSum = tf.getKernel('Sum', 'wasm').kernelFunc;
    const status = loadNativeKernels({ exclude: ['Sum', 'Mean:grad'] });
    if (!status.loaded) skip();
    expect(status.kernels).not.toContain('Sum');
    expect(status.kernels).not.toContain('Mean:grad');
    expect(status.kernels).toContain('Sum:grad');
    expect(tf.getKernel('Sum', 'wasm').kernelFunc).toBe(stockSum);
  });
});

describe('buffer-sharing kernels', () => {
  it('Identity, same-dtype Cast and GatherV2 give the stock values and free memory correctly', ({ skip }) => {
    if (!loadNativeKernels().loaded) skip();
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const before = tf.memory().numBytes;
    const copy = tf.clone(x);
    const same = tf.cast(x, 'float32');
    expect(copy.arraySync()).toEqual(x.arraySync());
    expect(same.arraySync()).toEqual(x.arraySync());
    const ints = tf.cast(x, 'int32');
    expect(ints.dtype).toBe('int32');
    ints.dispose();
    x.dispose();
    // The clones keep the shared buffer alive after the original is gone.
    expect(copy.arraySync()).toEqual([[1, 2], [3, 4], [5, 6]]);
    tf.dispose([copy, same]);
    expect(tf.memory().numBytes).toBeLessThan(before);
    const rows = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    expect(tf.gather(rows, tf.tensor1d([2, 0, 2], 'int32')).arraySync()).toEqual([[5, 6], [1, 2], [5, 6]]);
    expect(tf.gather(rows, tf.tensor1d([1], 'int32'), 1).arraySync()).toEqual([[2], [4], [6]]);
  });
});

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { loadNativeKernels, unloadNativeKernels, registerWasmGradientKernels } from '../../src/native/index.js';
import type { NativeOptions } from '../../src/native/index.js';
import { relativeError } from '../support/relative-error.js';

/**
 * Sets up the wasm backend with the trainer's gradient kernels, then tries the native ones.
 * Returns whether they loaded (false on machines without libdnnl-dev: native tests skip).
 * CI sets JARS_NATIVE_REQUIRED=1 where libdnnl-dev is installed, so a broken build fails
 * instead of skipping.
 */
export async function setupWasm(): Promise<boolean> {
  await tf.setBackend('wasm');
  await tf.ready();
  registerWasmGradientKernels();
  const status = loadNativeKernels();
  if (!status.loaded && process.env.JARS_NATIVE_REQUIRED === '1') throw new Error(`JARS_NATIVE_REQUIRED=1 but ${status.reason ?? ''}`);
  return status.loaded;
}

/** Runs f once on the stock wasm kernels and once on the native ones; returns [stock, native]. */
export function stockAndNative<T>(f: () => T): [T, T] {
  unloadNativeKernels();
  const stock = f();
  const status = loadNativeKernels();
  if (!status.loaded) throw new Error(status.reason);
  return [stock, f()];
}

/** stockAndNative for async work (e.g. `trainOnBatch`): the stock run finishes first. */
export async function stockAndNativeAsync<T>(f: () => Promise<T>, options: NativeOptions = {}): Promise<[T, T]> {
  unloadNativeKernels();
  const stock = await f();
  const status = loadNativeKernels(options);
  if (!status.loaded) throw new Error(status.reason);
  return [stock, await f()];
}

export function randomArray(rng: Rng, n: number, zeroFraction = 0): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = zeroFraction > 0 && rng.next() < zeroFraction ? 0 : rng.normal();
  return out;
}

export { relativeError };

/** Runs a kernel by name and reads its single output back. */
export function runKernel(name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>): { shape: number[]; values: Float32Array | Int32Array } {
  return tf.tidy(() => {
    const out = tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    return { shape: out.shape.slice(), values: out.dataSync() as Float32Array | Int32Array };
  });
}

/** Asserts stock and native agree on shape and values (≤ tol relative). */
export function expectSame(pair: [{ shape: number[]; values: ArrayLike<number> }, { shape: number[]; values: ArrayLike<number> }], tol = 1e-5): void {
  const [stock, native] = pair;
  expect(native.shape).toEqual(stock.shape);
  expect(relativeError(native.values, stock.values)).toBeLessThanOrEqual(tol);
}

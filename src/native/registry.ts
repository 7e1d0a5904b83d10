import * as tf from '@tensorflow/tfjs';
import type { NativeAddon } from './addon.js';
import type { NativeKernelImpl } from './conv-kernels.js';
import type { KernelArgs } from './wasm-heap.js';

/** The wasm kernels in force before the overrides, to fall back on and to restore. */
const stock = new Map<string, tf.KernelConfig | undefined>();
/** Kernel functions registered here, to tell whether something replaced them since. */
const ours = new Set<unknown>();

/**
 * Registers `impl` as the wasm kernel `name`, falling back to the kernel registered before the
 * first override (tfjs's own or the trainer's) when `impl` returns null. The stock setup function is kept,
 * so the override also works when the wasm backend is initialised afterwards.
 */
export function overrideKernel(name: string, impl: NativeKernelImpl, addon: NativeAddon): void {
  if (!stock.has(name)) stock.set(name, findKernel(name));
  const previous = stock.get(name);
  const kernelFunc = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const out = impl(args, addon);
    if (out !== null) return out;
    if (previous === undefined) throw new Error(`native ${name}: unsupported case and no stock wasm kernel to fall back on`);
    return previous.kernelFunc(args as Parameters<tf.KernelFunc>[0]);
  };
  ours.add(kernelFunc);
  if (findKernel(name) !== undefined) tf.unregisterKernel(name, 'wasm');
  const config: tf.KernelConfig = { kernelName: name, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc };
  if (previous?.setupFunc !== undefined) config.setupFunc = previous.setupFunc;
  if (previous?.disposeFunc !== undefined) config.disposeFunc = previous.disposeFunc;
  tf.registerKernel(config);
}

/** Puts every overridden kernel back as it was. */
export function restoreKernels(): void {
  for (const [name, previous] of stock) {
    if (findKernel(name) !== undefined) tf.unregisterKernel(name, 'wasm');
    if (previous !== undefined) tf.registerKernel(previous);
  }
  stock.clear();
  ours.clear();
}

/** Whether the wasm kernel `name` is still the override registered here. */
export function isOverridden(name: string): boolean {
  return ours.has(findKernel(name)?.kernelFunc);
}

/** Whether a wasm kernel `name` is registered (jars' own kernels exist only while native is loaded). */
export function hasWasmKernel(name: string): boolean {
  return findKernel(name) !== undefined;
}

/** Registers jars' own wasm kernel `name` (no stock kernel behind it), replacing an earlier one. */
export function registerOwnKernel(name: string, kernelFunc: (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[]): void {
  unregisterOwnKernel(name);
  tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc });
}

export function unregisterOwnKernel(name: string): void {
  if (hasWasmKernel(name)) tf.unregisterKernel(name, 'wasm');
}

function findKernel(name: string): tf.KernelConfig | undefined {
  // getKernel returns undefined for unknown pairs (typed as always present).
  return tf.getKernel(name, 'wasm') as tf.KernelConfig | undefined;
}

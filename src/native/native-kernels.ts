import * as tf from '@tensorflow/tfjs';
import { loadAddon } from './addon.js';
import type { NativeAddon } from './addon.js';
import { CONV_KERNELS } from './conv-kernels.js';
import { registerCenteredDotKernel, unregisterCenteredDotKernel } from './batch-norm-gradient.js';
import { replaceGradients, restoreGradients } from './gradients.js';
import { MEMORY_KERNELS } from './memory-kernels.js';
import { OWN_TRAIN_KERNELS, registerTrainKernels, TRAIN_OVERRIDES, unregisterTrainKernels } from './train-kernels.js';
import { isOverridden, overrideKernel, restoreKernels } from './registry.js';

export interface NativeStatus {
  /** Whether the native kernels are registered for the wasm backend. */
  loaded: boolean;
  /** Why they are not (disabled, not built, libdnnl missing…). */
  reason?: string;
  /** Overridden wasm kernels, then replaced gradients as `Name:grad`. */
  kernels: string[];
  onednnVersion?: string;
  /** Where the addon was loaded from. */
  from?: string;
}

let status: NativeStatus = { loaded: false, reason: 'loadNativeKernels() not called', kernels: [] };

/** Every kernel the package registers (stock overrides, then jars' own), in order. */
export const NATIVE_KERNEL_NAMES = [...Object.keys(CONV_KERNELS), ...Object.keys(MEMORY_KERNELS), ...Object.keys(TRAIN_OVERRIDES), ...OWN_TRAIN_KERNELS];

export interface NativeOptions {
  /** Kernel names (or `Sum:grad`, `Mean:grad`, `FusedBatchNorm:grad`) to leave stock: ablations. */
  exclude?: readonly string[];
}

/**
 * Registers the oneDNN-backed kernels as overrides for tfjs's `wasm` backend, plus gradient
 * replacements (Sum/Mean broadcast instead of multiplying by `ones`; BatchNorm's in three
 * passes). Optional and failure-tolerant: when `JARS_NATIVE=0`, when the addon was not built
 * (no libdnnl-dev at install time) or libdnnl.so.2 is missing, nothing changes and the reason
 * is reported. Call it right after the trainer's `registerWasmGradientKernels()` (every time:
 * that function wraps Tile and Conv2DBackpropInput when they are not its own, and a repeated
 * call here puts the native ones back), so the trainer's kernels stay the fallbacks.
 * Threads: one per process (JARS_NATIVE_THREADS overrides), use worker processes for more.
 * `JARS_NATIVE_EXCLUDE=BatchMatMul,Conv2D` leaves the named kernels stock (ablations in the
 * benches, or a way around a faulty kernel without rebuilding).
 */
export function loadNativeKernels(options: NativeOptions = {}): NativeStatus {
  if (status.loaded) {
    reapplyDisplaced();
    return nativeStatus();
  }
  if (process.env.JARS_NATIVE === '0') {
    status = { loaded: false, reason: 'disabled by JARS_NATIVE=0', kernels: [] };
    return nativeStatus();
  }
  const load = loadAddon();
  if (load.addon === undefined) {
    status = { loaded: false, reason: `native kernels unavailable (${load.reason})`, kernels: [] };
    return nativeStatus();
  }
  const addon = load.addon;
  excluded = new Set(options.exclude ?? excludedByEnvironment());
  const kernels: string[] = [];
  try {
    for (const [name, impl] of Object.entries({ ...CONV_KERNELS, ...MEMORY_KERNELS, ...TRAIN_OVERRIDES })) {
      if (excluded.has(name)) continue;
      overrideKernel(name, impl, addon);
      kernels.push(name);
    }
    registerCenteredDotKernel(addon);
    kernels.push(...registerTrainKernels(addon, excluded));
    kernels.push(...replaceGradients(excluded));
  } catch (error) {
    unregisterCenteredDotKernel();
    unregisterTrainKernels();
    restoreKernels();
    restoreGradients();
    status = { loaded: false, reason: `native kernels failed to register (${(error as Error).message})`, kernels: [] };
    return nativeStatus();
  }
  status = { loaded: true, kernels, onednnVersion: addon.onednnVersion, from: load.from };
  loadedAddon = addon;
  return nativeStatus();
}

let loadedAddon: NativeAddon | undefined;
let excluded = new Set<string>();

function excludedByEnvironment(): string[] {
  return (process.env.JARS_NATIVE_EXCLUDE ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/**
 * Another module may have wrapped or replaced a kernel since (the trainer's
 * `registerWasmGradientKernels` replaces Tile and Conv2DBackpropInput when they are not its
 * own): put the native one back, keeping the original stock kernel as its fallback.
 */
function reapplyDisplaced(): void {
  if (loadedAddon === undefined) return;
  for (const [name, impl] of Object.entries({ ...CONV_KERNELS, ...MEMORY_KERNELS, ...TRAIN_OVERRIDES })) {
    if (!excluded.has(name) && !isOverridden(name)) overrideKernel(name, impl, loadedAddon);
  }
  replaceGradients(excluded);
}

/** Puts tfjs's own wasm kernels and gradients back (tests compare both paths in one process). */
export function unloadNativeKernels(): void {
  unregisterCenteredDotKernel();
  unregisterTrainKernels();
  restoreKernels();
  restoreGradients();
  loadedAddon = undefined;
  status = { loaded: false, reason: 'unloaded', kernels: [] };
}

export function nativeStatus(): NativeStatus {
  return { ...status, kernels: status.kernels.slice() };
}

/** True when the current tfjs backend is `wasm` and the native kernels are registered for it. */
export function nativeActive(): boolean {
  return status.loaded && tf.getBackend() === 'wasm';
}

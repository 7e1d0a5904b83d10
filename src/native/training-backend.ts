import { initBackend } from './backend.js';
import type { BackendName } from './backend.js';
import { loadNativeKernels } from './native-kernels.js';
import { registerWasmGradientKernels } from './wasm-grad-kernels.js';

/**
 * The trainer's backend: `initBackend()` (tensorflow → wasm → cpu, `JARS_BACKEND` forces one)
 * plus the gradient kernels wasm needs for convolutions, then, on wasm, the optional native
 * oneDNN kernels (jars-native; `JARS_NATIVE=0` turns them off). The native ones go last: they
 * replace some of ours, and re-registering ours displaces them, so both calls run every time.
 */
export async function initTrainingBackend(preferred?: string): Promise<BackendName> {
  registerWasmGradientKernels();
  const name = await (preferred === undefined ? initBackend() : initBackend(preferred));
  if (name === 'wasm') loadNativeKernels();
  return name;
}

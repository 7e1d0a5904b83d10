import { initBackend } from '../core/index.js';
import type { BackendName } from '../core/index.js';
import { registerWasmGradientKernels } from './wasm-grad-kernels.js';

/**
 * The trainer's backend: `initBackend()` (tensorflow → wasm → cpu, `JARS_BACKEND` forces one)
 * plus the gradient kernels wasm needs for convolutions.
 */
export async function initTrainingBackend(preferred?: string): Promise<BackendName> {
  registerWasmGradientKernels();
  return preferred === undefined ? initBackend() : initBackend(preferred);
}

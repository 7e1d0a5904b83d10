import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The compiled `jars-native` addon (native/). Every kernel takes the wasm heap and a
 * Float64Array of parameters (byte offsets into the heap, shapes, attributes); the layout of
 * each parameter list is documented next to its C++ entry point in native/src/addon.cc.
 * A kernel returns true when it ran and throws when the shape is rejected.
 */
export interface NativeAddon {
  conv(heap: ArrayBuffer, params: Float64Array): boolean;
  tile(heap: ArrayBuffer, params: Float64Array): boolean;
  sumMiddle(heap: ArrayBuffer, params: Float64Array): boolean;
  binary(heap: ArrayBuffer, params: Float64Array): boolean;
  batchNorm(heap: ArrayBuffer, params: Float64Array): boolean;
  centeredDot(heap: ArrayBuffer, params: Float64Array): boolean;
  maxPoolGrad(heap: ArrayBuffer, params: Float64Array): boolean;
  avgPoolGrad(heap: ArrayBuffer, params: Float64Array): boolean;
  matmul(heap: ArrayBuffer, params: Float64Array): boolean;
  optimizerStep(heap: ArrayBuffer, params: Float64Array): boolean;
  batchNormTrain(heap: ArrayBuffer, params: Float64Array): boolean;
  batchNormGradStats(heap: ArrayBuffer, params: Float64Array): boolean;
  batchNormGradInput(heap: ArrayBuffer, params: Float64Array): boolean;
  setThreads(threads: number): boolean;
  onednnVersion: string;
}

export type AddonLoad = { addon: NativeAddon; from: string } | { addon: undefined; reason: string };

const ADDON_FUNCTIONS = ['conv', 'tile', 'sumMiddle', 'binary', 'batchNorm', 'centeredDot', 'maxPoolGrad', 'avgPoolGrad', 'setThreads',
  'matmul', 'optimizerStep', 'batchNormTrain', 'batchNormGradStats', 'batchNormGradInput'];

/**
 * Loads the addon: the installed optional dependency first, then a build inside this
 * checkout's `native/` folder (useful after `npm run install` there by hand). Never throws: a
 * missing build or an unloadable libdnnl.so.2 comes back as a reason.
 */
export function loadAddon(): AddonLoad {
  const require = createRequire(import.meta.url);
  const reasons: string[] = [];
  for (const candidate of ['jars-native', ...checkoutBuilds()]) {
    try {
      const addon = require(candidate) as Partial<NativeAddon>;
      const missing = ADDON_FUNCTIONS.filter((name) => typeof addon[name as keyof NativeAddon] !== 'function');
      if (missing.length > 0) {
        reasons.push(`${candidate}: stale build, missing ${missing.join(', ')}`);
        continue;
      }
      return { addon: addon as NativeAddon, from: candidate };
    } catch (error) {
      reasons.push(`${candidate}: ${firstLine(error)}`);
    }
  }
  return { addon: undefined, reason: reasons.join('; ') };
}

/** `native/index.cjs` in the checkout this file belongs to (src/native or dist/src/native). */
function checkoutBuilds(): string[] {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 4; up++) {
    dir = dirname(dir);
    const entry = join(dir, 'native', 'index.cjs');
    if (existsSync(join(dir, 'native', 'binding.gyp')) && existsSync(entry)) return [entry];
  }
  return [];
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

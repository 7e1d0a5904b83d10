import { createRequire } from 'node:module';
import { loadAddon } from './addon.js';
import type { AddonLoad } from './addon.js';

/** What decides whether a trainer run will train without the native kernels (injectable for tests). */
export interface NativeProbe {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Loads (or fails to load) the jars-native addon. */
  readonly loadAddon: () => AddonLoad;
  /** Whether @tensorflow/tfjs-node(-gpu) is installed: then the tensorflow backend trains, not wasm. */
  readonly tensorflowInstalled: () => boolean;
}

/**
 * The cost of training without the native kernels, measured (bench/results/native-speed.txt,
 * `node bench/native-search-evals.mjs --count 7` with and without JARS_NATIVE=0): the default
 * search's first 7 candidates took 99.6 s of evaluation on plain wasm and 14.7 s with the kernels
 * (6.8×; 6.3× in an earlier measurement).
 */
export const PLAIN_WASM_SLOWDOWN = "training runs about 6× slower (the default search's first 7 candidates: 100 s instead of 15 s)";

/**
 * One line for people when a trainer run is about to train on plain wasm because the native kernels
 * cannot load; undefined when they load, when another backend trains (tfjs-node installed, or
 * JARS_BACKEND set to another), or when JARS_NATIVE=0 turned them off on purpose.
 */
export function nativeNotice(probe: NativeProbe = defaultProbe): string | undefined {
  const backend = probe.env.JARS_BACKEND;
  if (backend !== undefined && backend !== '' && backend !== 'wasm') return undefined;
  if (probe.env.JARS_NATIVE === '0') return undefined;
  if ((backend === undefined || backend === '') && probe.tensorflowInstalled()) return undefined;
  const load = probe.loadAddon();
  if (load.addon !== undefined) return undefined;
  const why = /libdnnl/.test(load.reason)
    ? 'oneDNN (libdnnl.so) is not installed'
    : /Cannot find module|MODULE_NOT_FOUND/.test(load.reason)
      ? 'not built: libdnnl-dev was missing when npm ci ran'
      : `they do not load: ${load.reason.slice(0, 120)}`;
  return `native kernels off (${why}): ${PLAIN_WASM_SLOWDOWN}; run scripts/setup.sh to build them`;
}

const defaultProbe: NativeProbe = {
  env: process.env,
  loadAddon,
  tensorflowInstalled: () => {
    const require = createRequire(import.meta.url);
    return ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'].some((pkg) => {
      try {
        require.resolve(pkg);
        return true;
      } catch {
        return false;
      }
    });
  },
};

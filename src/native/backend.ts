import { InvalidInputError, oneOfMessage } from '../core/index.js';

export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

let ready: Promise<BackendName> | undefined;
let chosen: BackendName | undefined;

/**
 * Picks and initialises the tfjs backend once per process: `tensorflow` (tfjs-node-gpu, then
 * tfjs-node, both optional installs) → `wasm` → `cpu`. `JARS_BACKEND` (or `preferred`) forces one;
 * a forced backend that cannot load is an error rather than a silent fallback.
 */
export function initBackend(preferred: string | undefined = process.env.JARS_BACKEND): Promise<BackendName> {
  ready ??= chooseBackend(preferred === '' ? undefined : preferred).then((name) => (chosen = name));
  return ready;
}

async function chooseBackend(preferred: string | undefined): Promise<BackendName> {
  if (preferred !== undefined && !(BACKENDS as readonly string[]).includes(preferred)) {
    throw new InvalidInputError(oneOfMessage('JARS_BACKEND', BACKENDS, preferred));
  }
  const order: BackendName[] = preferred ? [preferred as BackendName] : [...BACKENDS];
  const errors: string[] = [];
  for (const name of order) {
    try {
      if (await tryBackend(name)) return name;
      errors.push(`${name}: not available`);
    } catch (error) {
      errors.push(`${name}: ${(error as Error).message.split('\n')[0] ?? ''}`);
    }
  }
  throw new InvalidInputError(`no tfjs backend could be initialised (${errors.join('; ')})`);
}

async function tryBackend(name: BackendName): Promise<boolean> {
  // Loaded on demand: commands that never train should not pay for importing tfjs.
  const tf = await import('@tensorflow/tfjs');
  if (name === 'tensorflow') {
    // Bindings to libtensorflow; optional dependencies, so absent on most machines.
    for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
      try {
        await import(pkg);
        if (await tf.setBackend('tensorflow')) {
          await tf.ready();
          return true;
        }
      } catch {
        // not installed or its native library failed to load: try the next one
      }
    }
    return false;
  }
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  const ok = await tf.setBackend(name);
  if (ok) await tf.ready();
  return ok;
}

/** The backend chosen by `initBackend` ('none' before it has finished). */
export function currentBackend(): BackendName | 'none' {
  return chosen ?? 'none';
}

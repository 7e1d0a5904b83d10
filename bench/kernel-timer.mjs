// Wall time per wasm kernel (by kernel name and input shapes), for the native-* bench scripts:
// wraps every kernel registered for the wasm backend at the time of the call, so load the native
// kernels first when they should be timed too.
import { performance } from 'node:perf_hooks';

export class KernelTimer {
  /** Set false to stop counting (warm-up, other phases). */
  active = true;
  /** `"Name shape,shape"` → { ms, n } */
  stats = new Map();

  constructor(tf) {
    for (const k of tf.getKernelsForBackend('wasm')) {
      const f = k.kernelFunc;
      tf.unregisterKernel(k.kernelName, 'wasm');
      tf.registerKernel({
        ...k,
        kernelFunc: (args) => {
          const t0 = performance.now();
          const out = f(args);
          if (this.active) {
            const key = `${k.kernelName} ${Object.values(args.inputs).filter(Boolean).map((t) => t.shape.join('x')).join(',')}`;
            const s = this.stats.get(key) ?? { ms: 0, n: 0 };
            s.ms += performance.now() - t0;
            s.n++;
            this.stats.set(key, s);
          }
          return out;
        },
      });
    }
  }

  totalMs() {
    let ms = 0;
    for (const s of this.stats.values()) ms += s.ms;
    return ms;
  }

  /** Milliseconds per kernel name, largest first. */
  byName() {
    const out = new Map();
    for (const [key, s] of this.stats) out.set(key.split(' ')[0], (out.get(key.split(' ')[0]) ?? 0) + s.ms);
    return [...out].sort((a, b) => b[1] - a[1]);
  }

  /** The `top` most expensive kernel+shape rows; times and counts divided by `per` (e.g. steps), printed in `unit` (ms or s). */
  rows(top, { per = 1, unit = 'ms', digits = 1 } = {}) {
    const scale = unit === 's' ? 1000 : 1;
    return [...this.stats]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, top)
      .map(([key, s]) => `${(s.ms / scale / per).toFixed(digits).padStart(8)} ${unit} ${String(s.n / per).padStart(6)}×  ${key}`);
  }
}

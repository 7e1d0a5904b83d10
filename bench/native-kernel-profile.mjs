// Time spent per wasm kernel during cnn3 training steps (wraps every registered kernel).
//   npx tsc -p tsconfig.build.json && node bench/native-kernel-profile.mjs [--input 28x28x1] [--plain]
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradientKernels } from '../dist/train/index.js';
import { loadNativeKernels } from '../dist/native/index.js';
import { cnn3 } from './cnn3.mjs';

const i = process.argv.indexOf('--input');
const [h, w, c] = (i >= 0 ? process.argv[i + 1] : '28x28x1').split('x').map(Number);
if (process.argv.includes('--plain')) process.env.JARS_NATIVE = '0';
await tf.setBackend('wasm');
await tf.ready();
registerWasmGradientKernels();
console.log(loadNativeKernels().loaded ? 'native' : 'plain');
const stats = new Map();
let timing = false;
for (const k of tf.getKernelsForBackend('wasm')) {
  const f = k.kernelFunc;
  tf.unregisterKernel(k.kernelName, 'wasm');
  tf.registerKernel({
    ...k,
    kernelFunc: (args) => {
      const t0 = performance.now();
      const out = f(args);
      if (timing) {
        const shapes = Object.values(args.inputs).filter(Boolean).map((t) => t.shape.join('x')).join(',');
        const key = `${k.kernelName} ${shapes}`;
        const s = stats.get(key) ?? { ms: 0, n: 0 };
        s.ms += performance.now() - t0;
        s.n++;
        stats.set(key, s);
      }
      return out;
    },
  });
}
const model = cnn3(tf, h, w, c);
model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
const batches = 10;
const x = tf.randomNormal([batches * 64, h, w, c], 0, 1, 'float32', 1);
const y = tf.randomUniform([batches * 64, 1], 0, 10, 'int32', 2).cast('float32');
await model.fit(x.slice(0, 128), y.slice(0, 128), { batchSize: 64, epochs: 1, verbose: 0 });
timing = true;
const t0 = performance.now();
await model.fit(x, y, { batchSize: 64, epochs: 1, verbose: 0, shuffle: false });
const total = performance.now() - t0;
timing = false;
let kernelMs = 0;
for (const s of stats.values()) kernelMs += s.ms;
console.log(`${((batches * 64) / (total / 1000)).toFixed(0)} img/s; ms/step ${(total / batches).toFixed(1)}, in kernels ${(kernelMs / batches).toFixed(1)}`);
const byName = new Map();
for (const [key, s] of stats) {
  const name = key.split(' ')[0];
  byName.set(name, (byName.get(name) ?? 0) + s.ms);
}
console.log([...byName].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, v]) => `${k} ${(v / batches).toFixed(2)}`).join(' | '));
for (const [key, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30)) console.log(`${(s.ms / batches).toFixed(2).padStart(7)} ms/step  ${String(s.n / batches).padStart(4)}×  ${key}`);

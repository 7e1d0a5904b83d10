// Time spent per wasm kernel during cnn3 training steps (wraps every registered kernel).
//   npx tsc -p tsconfig.build.json && node bench/native-kernel-profile.mjs [--input 28x28x1] [--plain]
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradientKernels } from '../dist/native/index.js';
import { loadNativeKernels } from '../dist/native/index.js';
import { cnn3 } from './cnn3.mjs';
import { KernelTimer } from './kernel-timer.mjs';

const i = process.argv.indexOf('--input');
const [h, w, c] = (i >= 0 ? process.argv[i + 1] : '28x28x1').split('x').map(Number);
if (process.argv.includes('--plain')) process.env.JARS_NATIVE = '0';
await tf.setBackend('wasm');
await tf.ready();
registerWasmGradientKernels();
console.log(loadNativeKernels().loaded ? 'native' : 'plain');
const timer = new KernelTimer(tf);
timer.active = false;
const model = cnn3(tf, h, w, c);
model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
const batches = 10;
const x = tf.randomNormal([batches * 64, h, w, c], 0, 1, 'float32', 1);
const y = tf.randomUniform([batches * 64, 1], 0, 10, 'int32', 2).cast('float32');
await model.fit(x.slice(0, 128), y.slice(0, 128), { batchSize: 64, epochs: 1, verbose: 0 });
timer.active = true;
const t0 = performance.now();
await model.fit(x, y, { batchSize: 64, epochs: 1, verbose: 0, shuffle: false });
const total = performance.now() - t0;
timer.active = false;
const kernelMs = timer.totalMs();
console.log(`${((batches * 64) / (total / 1000)).toFixed(0)} img/s; ms/step ${(total / batches).toFixed(1)}, in kernels ${(kernelMs / batches).toFixed(1)}`);
console.log(timer.byName().slice(0, 20).map(([k, v]) => `${k} ${(v / batches).toFixed(2)}`).join(' | '));
for (const row of timer.rows(30, { per: batches, digits: 2 })) console.log(row.replace(' ms ', ' ms/step '));

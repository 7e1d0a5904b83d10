// Per-kernel timings, stock wasm vs native, on cnn3's largest activation shapes.
//   npx tsc -p tsconfig.build.json && node bench/native-micro.mjs
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradientKernels } from '../dist/native/index.js';
import { loadNativeKernels, unloadNativeKernels } from '../dist/native/index.js';

await tf.setBackend('wasm');
await tf.ready();
registerWasmGradientKernels();
const x = tf.randomNormal([64, 28, 28, 16]);
const x2 = tf.randomNormal([64, 28, 28, 16]);
const ch = tf.randomNormal([16]);
const pooled = tf.maxPool(x, 2, 2, 'valid');
const dyPool = tf.randomNormal(pooled.shape);
const cases = {
  'MaxPoolGrad 2x2': () => tf.engine().runKernel('MaxPoolGrad', { dy: dyPool, input: x, output: pooled }, { filterSize: 2, strides: 2, pad: 'valid' }),
  'Multiply same': () => tf.mul(x, x2),
  'Multiply per-channel': () => tf.mul(x, ch),
  'Sum leading': () => tf.sum(x, [0, 1, 2]),
  'Tile per-channel': () => tf.tile(tf.reshape(ch, [1, 1, 1, 16]), [64, 28, 28, 1]),
  'Relu': () => tf.relu(x),
  'MaxPool': () => tf.maxPool(x, 2, 2, 'valid'),
  'Conv2D 16->32 @14': () => tf.conv2d(pooled, tf.ones([3, 3, 16, 32]), 1, 'same'),
};
function time(f) {
  for (let i = 0; i < 3; i++) tf.dispose(f());
  const reps = 30;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) tf.dispose(f());
  return (performance.now() - t0) / reps;
}
const results = {};
for (const [name, f] of Object.entries(cases)) results[name] = [time(f)];
loadNativeKernels();
for (const [name, f] of Object.entries(cases)) results[name].push(time(f));
unloadNativeKernels();
for (const [name, f] of Object.entries(cases)) results[name].push(time(f));
loadNativeKernels();
for (const [name, f] of Object.entries(cases)) results[name].push(time(f));
console.log('kernel                 stock ms  native ms  (two rounds each)');
for (const [name, [s1, n1, s2, n2]] of Object.entries(results)) console.log(`${name.padEnd(22)} ${s1.toFixed(2).padStart(7)} ${n1.toFixed(2).padStart(9)}   ${s2.toFixed(2).padStart(7)} ${n2.toFixed(2).padStart(9)}`);

// Trainer throughput, side by side in one run (build first: `npm run bench:trainer` does it).
// 1. The same small CNN on the same MNIST digits with the same backend, trained by a plain
//    hand-written tfjs `model.fit` and by jars' training loop: images/s and the ratio (target ≥ 0.95).
// 2. The aggregate of 2 worker processes training concurrently vs 1 (target ≥ 1.7× on 2 cores).
// Usage: node bench/trainer.mjs [samples=2048] [rounds=5]
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../dist/core/index.js';
import { loadMnistPackage, subset } from '../dist/data/index.js';
import { parseRecipe } from '../dist/space/index.js';
import { buildModel, createTrainerPool, trainModel } from '../dist/train/index.js';
import { initTrainingBackend } from '../dist/native/index.js';

const samples = Number(process.argv[2] ?? 2048);
const rounds = Number(process.argv[3] ?? 5);
const batchSize = 64;
const backend = await initTrainingBackend(process.env.JARS_BACKEND || 'wasm');
const all = loadMnistPackage();
const data = subset(all, new Rng(0).sample(Array.from({ length: all.y.length }, (_, i) => i), samples));
const arch = { kind: 'cnn', filters: [16, 32, 64], kernel: 3, dense: 64, batchNorm: false };
const recipe = parseRecipe({ optimizer: 'adam', lr: 0.001, schedule: 'constant', batchSize, epochs: 1 });

function plainModel() {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 64, activation: 'relu' }));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  m.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
  return m;
}

async function plainFit() {
  const model = plainModel();
  const xs = tf.tensor4d(data.x, [samples, 28, 28, 1]);
  const ys = tf.oneHot(tf.tensor1d(data.y, 'int32'), 10);
  const start = performance.now();
  const cpu = process.cpuUsage();
  await model.fit(xs, ys, { batchSize, epochs: 1, shuffle: true, verbose: 0 });
  const seconds = (performance.now() - start) / 1000;
  const cpuSeconds = cpuOf(cpu);
  tf.dispose([xs, ys]);
  model.dispose();
  return { wall: samples / seconds, cpu: samples / cpuSeconds };
}

/** CPU seconds of this process since `since`: unlike wall time, unaffected by other processes' load. */
function cpuOf(since) {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

function jarsLoop(seed) {
  const model = buildModel(arch, { sampleShape: [28, 28, 1], numClasses: 10 }, new Rng(seed));
  const start = performance.now();
  const cpu = process.cpuUsage();
  trainModel(model, data, recipe, new Rng(seed));
  const seconds = (performance.now() - start) / 1000;
  const cpuSeconds = cpuOf(cpu);
  model.dispose();
  return { wall: samples / seconds, cpu: samples / cpuSeconds };
}

const fmt = (v) => v.toFixed(1);
console.log(`backend ${backend}; CNN conv16-pool-conv32-pool-conv64-dense64; ${samples} MNIST digits, batch ${batchSize}, 1 epoch per measurement`);
await plainFit(); // warm-up: kernels, wasm heap growth, JIT
jarsLoop(99);
const plain = [];
const jars = [];
for (let r = 0; r < rounds; r++) {
  plain.push(await plainFit());
  jars.push(jarsLoop(r));
  const [p, j] = [plain[r], jars[r]];
  console.log(
    `round ${r + 1}: plain model.fit ${fmt(p.wall)} img/s wall, ${fmt(p.cpu)} img/s per CPU-second | jars ${fmt(j.wall)} wall, ${fmt(j.cpu)} per CPU-s | ratio wall ${(j.wall / p.wall).toFixed(3)}, CPU ${(j.cpu / p.cpu).toFixed(3)}`,
  );
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const med = (runs, k) => median(runs.map((x) => x[k]));
const best = (runs, k) => Math.max(...runs.map((x) => x[k]));
console.log(
  `median: plain ${fmt(med(plain, 'wall'))} img/s wall (${fmt(med(plain, 'cpu'))} per CPU-s), jars ${fmt(med(jars, 'wall'))} img/s wall (${fmt(med(jars, 'cpu'))} per CPU-s); ` +
    `ratio wall ${(med(jars, 'wall') / med(plain, 'wall')).toFixed(3)}, CPU ${(med(jars, 'cpu') / med(plain, 'cpu')).toFixed(3)} (target ≥ 0.95)`,
);
// Best of the rounds: the least disturbed run of each (other processes only ever slow a run down).
console.log(
  `best: plain ${fmt(best(plain, 'wall'))} img/s wall (${fmt(best(plain, 'cpu'))} per CPU-s), jars ${fmt(best(jars, 'wall'))} img/s wall (${fmt(best(jars, 'cpu'))} per CPU-s); ` +
    `ratio wall ${(best(jars, 'wall') / best(plain, 'wall')).toFixed(3)}, CPU ${(best(jars, 'cpu') / best(plain, 'cpu')).toFixed(3)}`,
);

// Worker processes: each trains the same job; throughput = images trained / wall time. Both pools
// stay up and are measured alternately, so load from other processes hits both alike.
const candidate = { arch, recipe: { optimizer: 'adam', lr: 0.001, schedule: 'constant', batchSize, epochs: 1 } };
const trainer = { dataset: 'mnist', split: { train: samples, validation: 200 }, backend, latency: false };
const pools = { 1: createTrainerPool(trainer, { workers: 1 }), 2: createTrainerPool(trainer, { workers: 2 }) };
const rng = new Rng(7);
const batchOf = (workers) => Promise.all(Array.from({ length: workers }, () => pools[workers].evaluate(candidate, { rng })));
await Promise.all([batchOf(1), batchOf(2)]); // warm-up: start processes, load data, grow heaps
const rates = { 1: [], 2: [] };
for (let r = 0; r < rounds; r++) {
  for (const workers of [1, 2]) {
    const start = performance.now();
    const results = await batchOf(workers);
    const seconds = (performance.now() - start) / 1000;
    const trained = results.reduce((n, x) => n + (x.failure ? 0 : samples), 0);
    rates[workers].push(trained / seconds);
  }
  console.log(`round ${r + 1}: 1 worker ${fmt(rates[1][r])} img/s | 2 workers ${fmt(rates[2][r])} img/s aggregate | ${(rates[2][r] / rates[1][r]).toFixed(2)}×`);
}
await Promise.all([pools[1].close(), pools[2].close()]);
console.log(`median: 1 worker ${fmt(median(rates[1]))} img/s, 2 workers ${fmt(median(rates[2]))} img/s, ${(median(rates[2]) / median(rates[1])).toFixed(2)}× (target ≥ 1.7×)`);
console.log(`best: 1 worker ${fmt(Math.max(...rates[1]))} img/s, 2 workers ${fmt(Math.max(...rates[2]))} img/s, ${(Math.max(...rates[2]) / Math.max(...rates[1])).toFixed(2)}×`);

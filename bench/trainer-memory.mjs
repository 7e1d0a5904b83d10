// 50 sequential small evaluations in one process: live tensors and RSS should stay flat.
// Build first (npx tsc -p tsconfig.build.json). Usage: node --expose-gc bench/trainer-memory.mjs [count=50]
// (with --expose-gc the JS heap is collected before each reading, so growth means a leak).
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../dist/core/index.js';
import { TrainerEvaluator } from '../dist/train/index.js';
import { initTrainingBackend } from '../dist/native/index.js';

const count = Number(process.argv[2] ?? 50);
const backend = await initTrainingBackend(process.env.JARS_BACKEND || 'wasm');
const evaluator = new TrainerEvaluator({ dataset: 'sklearn-digits', split: { validation: 0.2 }, backend, latency: { repeats: 3, warmup: 1 } });
evaluator.data();
const archs = [
  { kind: 'mlp', hidden: [64, 32] },
  { kind: 'cnn', filters: [8, 16], dense: 32 },
  { kind: 'mbconv', stemChannels: 8, headChannels: 32, stages: [{ channels: 8, depth: 1, kernel: 3, expansion: 3, se: true, stride: 2 }] },
];
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
console.log(`backend ${backend}; ${count} evaluations (MLP / CNN / MBConv in turn, 1 epoch each on sklearn digits)`);
console.log('eval  numTensors  backendDataIds  rssMiB  heapUsedMiB  validAcc');
const baseline = tf.memory().numTensors;
for (let i = 1; i <= count; i++) {
  const arch = archs[i % archs.length];
  const r = await evaluator.evaluate({ arch, recipe: { epochs: 1, batchSize: 64, emaDecay: i % 2 ? 0.9 : 0, optimizer: i % 3 ? 'adam' : 'sgd' } }, { rng: new Rng(i) });
  if (i === 1 || i % 5 === 0) {
    globalThis.gc?.();
    const m = process.memoryUsage();
    const dataIds = tf.engine().backend.numDataIds();
    console.log(`${String(i).padStart(4)}  ${String(tf.memory().numTensors).padStart(10)}  ${String(dataIds).padStart(14)}  ${mb(m.rss).padStart(6)}  ${mb(m.heapUsed).padStart(11)}  ${r.failure ?? r.metrics.validAcc.toFixed(3)}`);
  }
}
console.log(`baseline numTensors ${baseline}, final ${tf.memory().numTensors}`);

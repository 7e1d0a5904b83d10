// Timings of the Pareto toolkit on large inputs. Build first, then run with plain node:
//   npx tsc -p tsconfig.build.json && node bench/pareto.mjs
// Prints the median of several runs (after one warm-up) so one noisy run does not decide.
import { performance } from 'node:perf_hooks';
import { Rng } from '../dist/core/index.js';
import { hypervolume, nonDominatedSort, paretoFront } from '../dist/pareto/index.js';

function uniform(rng, n, d) {
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.next()));
}

/** Mutually non-dominated points (positive unit sphere, flipped): a front of exactly n points. */
function front(rng, n, d) {
  return Array.from({ length: n }, () => {
    const v = Array.from({ length: d }, () => Math.abs(rng.normal()) + 1e-9);
    const norm = Math.hypot(...v);
    return v.map((x) => 1 - x / norm);
  });
}

function time(label, fn, reps = 5) {
  fn();
  const ms = [];
  let result;
  for (let r = 0; r < reps; r++) {
    const start = performance.now();
    result = fn();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(reps / 2)];
  console.log(`${label.padEnd(52)} ${median.toFixed(2).padStart(9)} ms   (${result})`);
}

const rng = new Rng('bench-pareto');
console.log(`node ${process.version}; median of 5 runs after a warm-up\n`);

for (const d of [2, 3, 4]) {
  const points = uniform(rng, 100_000, d);
  time(`paretoFront, 100k uniform ${d}-D points`, () => `front ${paretoFront(points).length}`);
}
for (const d of [2, 3]) {
  const points = front(rng, 100_000, d);
  time(`paretoFront, 100k ${d}-D points all on the front`, () => `front ${paretoFront(points).length}`);
}
for (const d of [2, 3, 5]) {
  const points = uniform(rng, 10_000, d);
  time(`nonDominatedSort, 10k uniform ${d}-D points`, () => `${nonDominatedSort(points).length} fronts`);
}
for (const [d, n] of [[3, 200], [3, 2000], [4, 200], [5, 200], [6, 100]]) {
  const points = front(rng, n, d);
  const ref = new Array(d).fill(1.1);
  time(`hypervolume, ${n}-point ${d}-D front`, () => `hv ${hypervolume(points, ref).toFixed(6)}`);
}

// Time of the GP's posterior over many candidates (what bo scores each step: a Sobol pool and the
// climbs from it), all rows in one call against the same rows one call each, on one fitted GP.
//   node bench/gp-predict-speed.mjs [sizes=100,200,400] [rows=4096]
// One call per row is the plain one-row-at-a-time triangular solve; one call for all rows solves
// them in blocks (gaussian-process.ts). Both give the same numbers to the bit (checked here too).
// Ratios within one run are what to compare: the machine may be busy.
import { performance } from 'node:perf_hooks';
import { Rng } from '../dist/core/index.js';
import { createBenchmark } from '../dist/bench/index.js';
import { GaussianProcess } from '../dist/predictor/index.js';

const [sizes = '100,200,400', count = '4096'] = process.argv.slice(2);
const bench = createBenchmark('nb201-cifar10');
const space = bench.space;
const rng = new Rng('gp-predict-speed');
const encode = (row) => {
  const c = bench.candidateAt(row);
  return [...space.encodeArch(c), ...space.encodeRecipe(c)];
};
const columns = encode(0).length;
const query = rng.shuffle([...Array(bench.rowCount).keys()]).slice(0, Number(count)).map(encode);
console.log(`$ node bench/gp-predict-speed.mjs ${sizes} ${count}`);
console.log(`nb201-cifar10 encodings (${columns} columns), ${query.length} candidates, best of 3 (ms)`);
console.log('samples  one call per row  one call  ratio  same numbers');
for (const n of sizes.split(',').map(Number)) {
  const rows = rng.shuffle([...Array(bench.rowCount).keys()]).slice(0, n);
  const x = rows.map(encode);
  const y = rows.map((r) => bench.truth(bench.candidateAt(r)).validAcc);
  const mu = y.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(y.reduce((a, b) => a + (b - mu) ** 2, 0) / n);
  const gp = GaussianProcess.withHyperparameters(x, y.map((v) => (v - mu) / sd), [...new Array(columns).fill(Math.log(0.8)), 0, Math.log(0.05)]);
  const best = (f) => {
    let ms = Infinity;
    let out;
    for (let k = 0; k < 3; k++) {
      const t = performance.now();
      out = f();
      ms = Math.min(ms, performance.now() - t);
    }
    return [ms, out];
  };
  const [single, a] = best(() => query.map((q) => gp.predict([q])));
  const [blocked, b] = best(() => gp.predict(query));
  const same = a.every((p, i) => p.mean[0] === b.mean[i] && p.std[0] === b.std[i]);
  console.log(`${String(n).padStart(7)}  ${single.toFixed(0).padStart(15)}  ${blocked.toFixed(0).padStart(8)}  ${(single / blocked).toFixed(2).padStart(5)}  ${same ? 'yes' : 'NO'}`);
}

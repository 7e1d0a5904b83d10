// How far the tabular targets of the strategies issue are from what any search could reach in
// 100 queries, computed from the tables alone (build first: npx tsc -p tsconfig.build.json).
// Usage: node bench/target-bounds.mjs [draws]
//
// 1. NB201 multi-objective (validAcc ↑, flopsM ↓): FLOPs take few values (one per count of 3×3 and
//    1×1 convolutions), so the true front holds at most one cell per FLOPs level. Printed: the
//    hypervolume ratio of the front made of the rank-k cell (by validation accuracy) of every level
//    — what a search reaches if it evaluates the k-th best cell of each level and nothing better —
//    and what measuring the best function of each level once reaches, where dead-edge copies of
//    one function hold several training runs in the table.
// 2. FCNet: a search sees one random repetition per query and keeps the best it saw; the report is
//    that candidate's mean over repetitions. Printed: the median regret when the 100 queries are
//    exactly the true top-K configurations (+ 100 − K configurations too poor to win), by Monte
//    Carlo over the repetition draws through the benchmark's own `evaluate`.
import { createBenchmark } from '../dist/bench/index.js';
import { Rng } from '../dist/core/index.js';
import { trueParetoFront } from '../dist/bench/index.js';
import { hypervolumeRatio } from '../dist/pareto/index.js';
import { accuraciesByLevel } from './nb201-levels.mjs';

const draws = Number(process.argv[2] ?? 1001);

{
  const nb201 = createBenchmark('nb201-cifar10');
  const objectives = [
    { metric: 'validAcc', direction: 'max' },
    { metric: 'flopsM', direction: 'min' },
  ];
  const front = trueParetoFront(nb201, objectives);
  // Validation accuracies by FLOPs level, and by function (`equivalenceKey`) within a level.
  const functions = new Map();
  const levels = accuraciesByLevel(nb201, (c, t, level) => {
    const key = `${level} ${nb201.space.equivalenceKey(c)}`;
    if (!functions.has(key)) functions.set(key, { level, runs: [] });
    functions.get(key).runs.push(t.validAcc);
  });
  console.log(`nb201-cifar10, objectives validAcc ↑ flopsM ↓: ${levels.size} FLOPs levels, true front of ${front.length} cells`);
  console.log('k   HV ratio of the rank-k cell of every level');
  for (const k of [1, 2, 3, 5, 10, 20]) {
    const points = [...levels.entries()].map(([flops, accs]) => [-accs[Math.min(k, accs.length) - 1], Number(flops)]);
    console.log(`${String(k).padEnd(3)} ${hypervolumeRatio(points, front).toFixed(4)}`);
  }

  // Cells that differ only in dead edges train the same function (`equivalenceKey`), yet the table
  // holds a separate training run for each, and a search measures one function once. So the true
  // front's best cell of a level can be the lucky run among copies. Bound: a search that knows every
  // function's mean and measures the best function of each level (one random copy of it).
  const bestFunction = new Map();
  for (const f of functions.values()) {
    const mean = f.runs.reduce((a, b) => a + b, 0) / f.runs.length;
    const held = bestFunction.get(f.level);
    if (!held || mean > held.mean) bestFunction.set(f.level, { mean, runs: f.runs });
  }
  const copies = [...bestFunction.entries()].filter(([, f]) => f.runs.length > 1).length;
  const rng = new Rng('bounds/nb201-copies');
  let sum = 0;
  for (let d = 0; d < draws; d++) {
    const points = [...bestFunction.entries()].map(([flops, f]) => [-f.runs[Math.floor(rng.next() * f.runs.length)], Number(flops)]);
    sum += hypervolumeRatio(points, front);
  }
  console.log(`${functions.size} functions; the best function of a level has several copies on ${copies} of ${bestFunction.size} levels`);
  console.log(`best function of every level, one random copy measured: HV ratio ${(sum / draws).toFixed(4)} (mean of ${draws} draws)`);
}

for (const name of ['fcnet-parkinsons', 'fcnet-naval']) {
  const bench = createBenchmark(name);
  const metric = bench.reportMetric.metric;
  const sign = bench.objective.direction === 'max' ? -1 : 1;
  const rows = Array.from({ length: bench.rowCount }, (_, row) => bench.candidateAt(row))
    .map((candidate) => ({ candidate, report: bench.truth(candidate)[metric] }))
    .sort((a, b) => sign * (a.report - b.report));
  const optimum = bench.optimum();
  const rng = new Rng(`bounds/${name}`);
  console.log(`\n${name}: median regret of the best-by-visible-repetition when the queries are the true top K (${draws} draws)`);
  console.log('K    median regret');
  for (const k of [1, 3, 5, 10, 20, 30, 50, 100]) {
    const regrets = [];
    for (let d = 0; d < draws; d++) {
      let bestSeen = Number.POSITIVE_INFINITY;
      let bestReport = Number.NaN;
      for (let i = 0; i < k; i++) {
        const { candidate, report } = rows[i];
        const seen = sign * (await bench.evaluate(candidate, { rng: rng.fork(`${d}/${i}`) })).metrics[bench.objective.metric];
        if (seen < bestSeen) {
          bestSeen = seen;
          bestReport = report;
        }
      }
      regrets.push(Math.abs(bestReport - optimum));
    }
    regrets.sort((a, b) => a - b);
    console.log(`${String(k).padEnd(4)} ${regrets[regrets.length >> 1].toPrecision(4)}`);
  }
}

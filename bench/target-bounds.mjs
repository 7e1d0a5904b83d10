// How far the tabular targets of the strategies issue are from what any search could reach in
// 100 queries, computed from the tables alone (build first: npx tsc -p tsconfig.build.json).
// Usage: node bench/target-bounds.mjs [draws]
//
// 1. NB201 multi-objective (validAcc ↑, flopsM ↓): FLOPs take few values (one per count of 3×3 and
//    1×1 convolutions), so the true front holds at most one cell per FLOPs level. Printed: the
//    hypervolume ratio of the front made of the rank-k cell (by validation accuracy) of every level
//    — what a search reaches if it evaluates the k-th best cell of each level and nothing better.
// 2. FCNet: a search sees one random repetition per query and keeps the best it saw; the report is
//    that candidate's mean over repetitions. Printed: the median regret when the 100 queries are
//    exactly the true top-K configurations (+ 100 − K configurations too poor to win), by Monte
//    Carlo over the repetition draws through the benchmark's own `evaluate`.
import { createBenchmark } from '../dist/bench/index.js';
import { Rng } from '../dist/core/index.js';
import { trueParetoFront } from '../dist/bench/index.js';
import { hypervolumeRatio } from '../dist/pareto/index.js';

const draws = Number(process.argv[2] ?? 1001);

{
  const nb201 = createBenchmark('nb201-cifar10');
  const objectives = [
    { metric: 'validAcc', direction: 'max' },
    { metric: 'flopsM', direction: 'min' },
  ];
  const front = trueParetoFront(nb201, objectives);
  const levels = new Map();
  for (let row = 0; row < nb201.rowCount; row++) {
    const t = nb201.truth(nb201.candidateAt(row));
    const key = t.flopsM.toFixed(3);
    if (!levels.has(key)) levels.set(key, []);
    levels.get(key).push(t.validAcc);
  }
  for (const accs of levels.values()) accs.sort((a, b) => b - a);
  console.log(`nb201-cifar10, objectives validAcc ↑ flopsM ↓: ${levels.size} FLOPs levels, true front of ${front.length} cells`);
  console.log('k   HV ratio of the rank-k cell of every level');
  for (const k of [1, 2, 3, 5, 10, 20]) {
    const points = [...levels.entries()].map(([flops, accs]) => [-accs[Math.min(k, accs.length) - 1], Number(flops)]);
    console.log(`${String(k).padEnd(3)} ${hypervolumeRatio(points, front).toFixed(4)}`);
  }
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

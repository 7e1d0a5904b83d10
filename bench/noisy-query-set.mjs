// On a noisy benchmark, is a poor final pick a wrong choice among what was queried, or a query set
// that never held a good configuration? For each seed of a 100-query run (optionally with re-queries)
// this ranks every configuration of the table by its true mean and prints, per strategy: the median
// regret of the pick, the median true rank of the pick and of the best configuration queried, how
// often the pick was that best one, and how many queried configurations lie in the true top K.
// Usage (build first: npx tsc -p tsconfig.build.json):
//   node bench/noisy-query-set.mjs [benchmark] [strategies] [seeds] [requery]
import { benchmarkSearchSpace, createBenchmark } from '../dist/bench/index.js';
import { Rng, meansByCandidate } from '../dist/core/index.js';
import { SearchEngine } from '../dist/engine/index.js';
import { stat } from '../dist/lab/index.js';
import { MemoryRunJournal } from '../dist/run/index.js';
import { createStrategy } from '../dist/search/index.js';

const [name = 'fcnet-parkinsons', strategies = 'rea,fbnetv3', seeds = '30', requery = '20'] = process.argv.slice(2);
const budget = 100;
const tops = [10, 100, 1000];
const bench = createBenchmark(name);
const space = benchmarkSearchSpace(bench.space, 'full');
const objectives = [bench.objective];
const metric = bench.reportMetric.metric;
const sign = bench.reportMetric.direction === 'max' ? -1 : 1;
const optimum = bench.optimum();
// True rank of a configuration: how many configurations of the table have a better mean.
const sorted = Array.from({ length: bench.rowCount }, (_, row) => sign * bench.truth(bench.candidateAt(row))[metric]).sort((a, b) => a - b);
const rankOf = (candidate) => {
  const v = sign * bench.truth(candidate)[metric];
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
const median = (values) => stat(values).median;

console.log(`$ node bench/noisy-query-set.mjs ${name} ${strategies} ${seeds} ${requery}`);
console.log(`${name}: ${bench.rowCount} configurations, ${budget} queries (the last ${requery} re-queries), ${seeds} seeds; ranks count from 0 (the optimum)`);
const head = ['strategy', 'median regret', 'pick rank', 'best-queried rank', 'pick = best queried', ...tops.map((k) => `queried in top ${k}`)];
console.log(head.join('  '));
for (const strategyName of strategies.split(',')) {
  const rows = { regret: [], pick: [], best: [], same: 0, inTop: tops.map(() => []) };
  for (let seed = 0; seed < Number(seeds); seed++) {
    const options = Number(requery) > 0 ? { requery: Number(requery) } : undefined;
    const strategy = createStrategy(strategyName, { space, objectives, rng: new Rng(`${seed}/strategy`), budget: { queries: budget }, ...(options ? { options } : {}) });
    const engine = new SearchEngine({ space, evaluator: bench, strategy, objectives, budget: { queries: budget }, seed, journal: new MemoryRunJournal() });
    const observations = (await engine.run()).observations.slice(0, budget).filter((o) => !o.failed);
    const pick = meansByCandidate(observations, (c) => space.key(c))[0];
    const queried = [...new Map(observations.map((o) => [o.key, o.candidate])).values()].map(rankOf);
    const pickRank = rankOf(pick.candidate);
    const bestRank = Math.min(...queried);
    rows.regret.push(Math.abs(bench.truth(pick.candidate)[metric] - optimum));
    rows.pick.push(pickRank);
    rows.best.push(bestRank);
    if (pickRank === bestRank) rows.same++;
    tops.forEach((k, i) => rows.inTop[i].push(queried.filter((r) => r < k).length));
    process.stderr.write(`\r${strategyName} seed ${seed}   `);
  }
  process.stderr.write('\n');
  const cells = [
    strategyName.padEnd(8),
    median(rows.regret).toPrecision(4).padStart(13),
    String(median(rows.pick)).padStart(9),
    String(median(rows.best)).padStart(17),
    `${Math.round((100 * rows.same) / Number(seeds))}%`.padStart(19),
    ...rows.inTop.map((v, i) => stat(v).mean.toFixed(2).padStart(head[5 + i].length)),
  ];
  console.log(cells.join('  '));
}

// What the NB201 zero-cost proxies would cost if computed on demand instead of read from
// predictors/nb201-proxies.json: counts the distinct cells whose free statistics a 100-query
// search asks for, and prices them at the table's measured seconds per cell (scripts/nb201-proxies.mjs).
// Usage (build first: npx tsc -p tsconfig.build.json):
//   node bench/proxy-cost.mjs [strategy=fbnetv3] [seeds=3] [queries=100]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { NB201_PROXIES_FILE, benchmarkSearchSpace, createBenchmark } from '../dist/bench/index.js';
import { Rng } from '../dist/core/index.js';
import { SearchEngine } from '../dist/engine/index.js';
import { MemoryRunJournal } from '../dist/run/index.js';
import { createStrategy } from '../dist/search/index.js';

const [strategyName = 'fbnetv3', seeds = '3', queries = '100'] = process.argv.slice(2);
const table = JSON.parse(readFileSync(NB201_PROXIES_FILE, 'utf8'));
const bench = createBenchmark('nb201-cifar10');
const statistics = bench.space.statistics.bind(bench.space);
const asked = new Set();
bench.space.statistics = (c) => {
  asked.add(bench.space.archKey(c));
  return statistics(c);
};
const space = benchmarkSearchSpace(bench.space, 'full');
console.log(`${strategyName}, nb201-cifar10, ${queries} queries; proxies ${table.secondsPerCell} s per cell (${table.workers} workers, backend ${table.backend}, the table's own timing)`);
console.log('seed  distinct cells asked  on demand (s)  run wall (s)  on-demand share of wall');
for (let seed = 0; seed < Number(seeds); seed++) {
  asked.clear();
  const objectives = [bench.objective];
  const strategy = createStrategy(strategyName, { space, objectives, rng: new Rng(`${seed}/strategy`), budget: { queries: Number(queries) } });
  const engine = new SearchEngine({ space, evaluator: bench, strategy, objectives, budget: { queries: Number(queries) }, seed, journal: new MemoryRunJournal() });
  const t0 = performance.now();
  await engine.run();
  const wall = (performance.now() - t0) / 1000;
  const onDemand = asked.size * table.secondsPerCell;
  console.log(`${String(seed).padEnd(4)}  ${String(asked.size).padStart(20)}  ${onDemand.toFixed(0).padStart(13)}  ${wall.toFixed(1).padStart(12)}  ${(onDemand / (onDemand + wall) * 100).toFixed(0).padStart(22)}%`);
}

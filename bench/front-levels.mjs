// Where a search's NB201 (validAcc ↑, flopsM ↓) front loses hypervolume. FLOPs take 28 values (one
// per count of 3×3 and 1×1 convolutions) and the true front holds one cell on 10 of them. Per seed of
// a 100-query run this prints the HV ratio and, for every front level: the queries spent there, the
// true rank within the level of the best cell measured, and the HV ratio gained if the level's best
// cell were added. Then, over the seeds: mean queries per front level and on the other 18 levels,
// and the median rank.
// Usage (build first: npx tsc -p tsconfig.build.json):
//   node bench/front-levels.mjs [strategy] [first seed] [seeds] [strategy options as JSON]
import { benchmarkSearchSpace, createBenchmark, trueParetoFront } from '../dist/bench/index.js';
import { runSweepSeed } from '../dist/lab/index.js';
import { hypervolumeRatio } from '../dist/pareto/index.js';
import { accuraciesByLevel, flopsLevel } from './nb201-levels.mjs';

const [strategyName = 'fbnetv3', first = '0', seeds = '10', options] = process.argv.slice(2);
const budget = 100;
const bench = createBenchmark('nb201-cifar10');
const space = benchmarkSearchSpace(bench.space, 'full');
const objectives = [bench.objective, { metric: 'flopsM', direction: 'min' }];
const front = trueParetoFront(bench, objectives);

const levels = accuraciesByLevel(bench);
const frontLevels = [...levels.keys()].filter((l) => front.some((p) => flopsLevel(p[1]) === l)).sort((a, b) => Number(a) - Number(b));

console.log(`nb201-cifar10 (validAcc, flopsM), ${strategyName}${options ? ` ${options}` : ''}, ${budget} queries, seeds ${first}..${Number(first) + Number(seeds) - 1}`);
console.log(`front levels (MFLOPs): ${frontLevels.join(' ')}; per level: queries q, true rank r of the best measured, HV gain + if its best were found`);
const run = { benchmark: bench, space, objectives, strategy: strategyName, budget: { queries: budget }, ...(options ? { options: JSON.parse(options) } : {}) };
const spent = new Map(frontLevels.map((l) => [l, 0]));
const ranks = new Map(frontLevels.map((l) => [l, []]));
let elsewhere = 0;
const hvs = [];
for (let seed = Number(first); seed < Number(first) + Number(seeds); seed++) {
  const measured = (await runSweepSeed(run, seed)).slice(0, budget).map((o) => bench.truth(o.candidate));
  const points = measured.map((t) => [-t.validAcc, t.flopsM]);
  const hv = hypervolumeRatio(points, front);
  hvs.push(hv);
  const cells = frontLevels.map((level) => {
    const here = measured.filter((t) => flopsLevel(t.flopsM) === level).map((t) => t.validAcc);
    const accs = levels.get(level);
    const rank = here.length > 0 ? accs.findIndex((v) => v <= Math.max(...here)) + 1 : Number.POSITIVE_INFINITY;
    const gain = hypervolumeRatio([...points, [-accs[0], Number(level)]], front) - hv;
    spent.set(level, spent.get(level) + here.length);
    ranks.get(level).push(rank);
    elsewhere -= here.length;
    return `${here.length}q r${Number.isFinite(rank) ? rank : '–'} +${gain.toFixed(4)}`;
  });
  elsewhere += measured.length;
  console.log(`seed ${seed}  HV ${hv.toFixed(4)} | ${cells.join(' | ')}`);
}
const n = Number(seeds);
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
console.log(`HV ratio mean ${(hvs.reduce((a, b) => a + b, 0) / n).toFixed(4)}`);
console.log(`queries per front level: ${frontLevels.map((l) => (spent.get(l) / n).toFixed(1)).join(' ')}; on the other levels ${(elsewhere / n).toFixed(1)}`);
console.log(`median rank of the best measured: ${frontLevels.map((l) => median(ranks.get(l))).join(' ')}`);

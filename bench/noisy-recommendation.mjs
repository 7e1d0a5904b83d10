// Does recommending by the predictor help on a noisy benchmark? FCNet shows one random repetition per
// query; the sweep's incumbent is the best *seen* value. This compares, on the same fbnetv3 runs, three
// ways to name the final configuration among the 100 evaluated: best seen value, best predicted
// value of a predictor fitted on all 100 observations, and the best sum of the two ranks. Prints the
// median regret (of the configuration's mean over repetitions) of each.
// Usage (build first: npx tsc -p tsconfig.build.json):
//   node bench/noisy-recommendation.mjs [benchmark] [strategy] [seeds] [neural|ridge]
import { benchmarkSearchSpace, createBenchmark } from '../dist/bench/index.js';
import { Rng } from '../dist/core/index.js';
import { SearchEngine } from '../dist/engine/index.js';
import { stat } from '../dist/lab/index.js';
import { MemoryRunJournal } from '../dist/run/index.js';
import { createStrategy, Surrogate } from '../dist/search/index.js';

const [name = 'fcnet-parkinsons', strategyName = 'fbnetv3', seeds = '20', kind = 'neural'] = process.argv.slice(2);
const bench = createBenchmark(name);
const space = benchmarkSearchSpace(bench.space, 'full');
const objectives = [bench.objective];
const optimum = bench.optimum();
const regretOf = (o) => Math.abs(bench.truth(o.candidate)[bench.reportMetric.metric] - optimum);
const argmin = (values) => values.reduce((best, v, i) => (v < values[best] ? i : best), 0);
const ranks = (values) => {
  const out = new Array(values.length);
  values.map((_, i) => i).sort((a, b) => values[a] - values[b]).forEach((i, r) => (out[i] = r));
  return out;
};

const regrets = { seen: [], predicted: [], 'rank sum': [] };
for (let seed = 0; seed < Number(seeds); seed++) {
  const strategy = createStrategy(strategyName, { space, objectives, rng: new Rng(`${seed}/strategy`) });
  const engine = new SearchEngine({ space, evaluator: bench, strategy, objectives, budget: { queries: 100 }, seed, journal: new MemoryRunJournal() });
  const observations = (await engine.run()).observations.filter((o) => !o.failed);
  const seen = observations.map((o) => o.losses[0]);
  const surrogate = new Surrogate(space, objectives, { kind, seed, pretrain: true });
  await surrogate.fit(observations);
  const predicted = (await surrogate.predict(observations.map((o) => o.candidate))).mean.map((m) => m[0]);
  const r1 = ranks(seen);
  const r2 = ranks(predicted);
  regrets.seen.push(regretOf(observations[argmin(seen)]));
  regrets.predicted.push(regretOf(observations[argmin(predicted)]));
  regrets['rank sum'].push(regretOf(observations[argmin(r1.map((r, i) => r + r2[i]))]));
  process.stderr.write(`\rseed ${seed}   `);
}
process.stderr.write('\n');
console.log(`$ node bench/noisy-recommendation.mjs ${name} ${strategyName} ${seeds} ${kind}`);
console.log(`${name}, ${strategyName}, 100 queries, ${seeds} seeds: regret of the recommended configuration (its mean over repetitions)`);
console.log('recommended by   median regret   mean regret');
for (const [rule, values] of Object.entries(regrets)) {
  const s = stat(values);
  console.log(`${rule.padEnd(15)}  ${s.median.toPrecision(4).padStart(13)}   ${s.mean.toPrecision(4).padStart(11)}`);
}

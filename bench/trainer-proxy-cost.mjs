// What the zero-cost proxies (--proxies) cost a search on a trainer space: runs fbnetv3 for
// `queries` queries against a stand-in evaluator (seeded random accuracy, no training, so only the
// strategy's own asks count), counts the distinct architectures whose free statistics it asks for,
// and times the proxies (all five, one batch of the dataset) on a sample of them; then each proxy
// alone on the first seed's sample, for a run that asks for only some (`--proxies synflow`).
// Set that against the training time of the same number of queries (bench/trainer-proxies.mjs
// prints seconds per training for cnn and mlp on MNIST).
// Usage (build first: npx tsc -p tsconfig.build.json):
//   node bench/trainer-proxy-cost.mjs [spaces=cnn,mlp,mbconv,pnas] [queries=100] [seeds=2] [sample=20]
import { performance } from 'node:perf_hooks';
import { Rng } from '../dist/core/index.js';
import { SearchEngine } from '../dist/engine/index.js';
import { withDataShape } from '../dist/evaluators/trainer.js';
import { MemoryRunJournal } from '../dist/run/index.js';
import { createStrategy } from '../dist/search/index.js';
import { buildRunParts, parseRunConfig } from '../dist/setup/index.js';
import { PROXY_NAMES } from '../dist/space/index.js';

const [spacesText = 'cnn,mlp,mbconv,pnas', queriesText = '100', seedsText = '2', sampleText = '20'] = process.argv.slice(2);
const queries = Number(queriesText);
const datasetOf = { cnn: 'mnist', mlp: 'mnist', mbconv: 'mnist', pnas: 'mnist' };

console.log(`fbnetv3, ${queries} queries, stand-in evaluator; proxies: ${PROXY_NAMES.join(', ')} (one batch of 64 MNIST training digits)`);
console.log('space    seed  distinct archs asked  ms per arch (sample)  proxy seconds per run');
const configOf = (spaceName, proxies) => {
  const raw = parseRunConfig({
    version: 1,
    evaluator: { kind: 'trainer', dataset: datasetOf[spaceName] ?? 'mnist', space: spaceName, proxies },
    strategy: 'fbnetv3',
    objectives: [{ metric: 'validAcc', direction: 'max' }],
    budget: { queries },
    seed: 0,
  });
  return { ...raw, evaluator: withDataShape(raw.evaluator) };
};
/** Mean milliseconds per architecture of scoring `sample` with a fresh space (nothing cached). */
const timed = async (config, sample) => {
  const { space } = buildRunParts(config);
  await space.prepare();
  space.statistics(sample[0]); // the first loads the data batch and warms the backend up
  const t0 = performance.now();
  for (const c of sample.slice(1)) space.statistics(c);
  return (performance.now() - t0) / (sample.length - 1);
};
const alone = [];
for (const spaceName of spacesText.split(',')) {
  const config = configOf(spaceName, [...PROXY_NAMES]);
  for (let seed = 0; seed < Number(seedsText); seed++) {
    const { space } = buildRunParts(config);
    await space.prepare();
    // count the architectures asked for, without scoring them (the stand-in run stays fast)
    const asked = new Map();
    const counting = Object.create(space);
    const base = Object.getPrototypeOf(space);
    Object.defineProperty(counting, 'statistics', {
      value: (c) => {
        asked.set(space.archKey(c), c);
        return { ...base.statistics(c), ...Object.fromEntries(PROXY_NAMES.map((n) => [n, 0])) };
      },
    });
    const objectives = [{ metric: 'validAcc', direction: 'max' }];
    const stand = {
      name: 'stand-in',
      metricNames: ['validAcc'],
      evaluate: async (_c, ctx) => ({ metrics: { validAcc: 0.5 + 0.5 * ctx.rng.next() }, cost: 1, seconds: 0 }),
    };
    const strategy = createStrategy('fbnetv3', { space: counting, objectives, rng: new Rng(`${seed}/strategy`), budget: { queries } });
    const engine = new SearchEngine({ space: counting, evaluator: stand, strategy, objectives, budget: { queries }, seed, journal: new MemoryRunJournal() });
    await engine.run();
    const sample = [...asked.values()].slice(0, Number(sampleText));
    const t0 = performance.now();
    for (const c of sample) space.statistics(c);
    const perArch = (performance.now() - t0) / sample.length;
    console.log(`${spaceName.padEnd(7)}  ${String(seed).padEnd(4)}  ${String(asked.size).padStart(20)}  ${perArch.toFixed(1).padStart(20)}  ${((perArch * asked.size) / 1000).toFixed(0).padStart(21)}`);
    if (seed === 0) alone.push({ spaceName, sample, asked: asked.size });
  }
}

console.log(`\nEach proxy alone, ms per architecture on seed 0's sample (the first of it excluded), and minutes per run at seed 0's count`);
console.log(['space  ', ...PROXY_NAMES.map((n) => n.padStart(14))].join('  '));
for (const { spaceName, sample, asked } of alone) {
  const cells = [];
  for (const name of PROXY_NAMES) {
    const ms = await timed(configOf(spaceName, [name]), sample);
    cells.push(`${ms.toFixed(0)} ms ${((ms * asked) / 60000).toFixed(0).padStart(3)} min`.padStart(14));
  }
  console.log([spaceName.padEnd(7), ...cells].join('  '));
}

// Zero-cost proxies on a trainer space, measured for real: trains N random (architecture, recipe)
// candidates of the space with jars' trainer, then prints
//   - the proxies' cost (seconds per architecture, against the seconds of one training),
//   - each free statistic's Spearman rho with validation accuracy,
//   - Kendall tau of fbnetv3's predictor (pretrained on the free statistics, the strategy's own
//     network options) on held-out candidates, with and without the proxies, at several
//     training-set sizes over 10 random splits.
// The measurements are saved next to the figures, so the analysis reruns without training
// (pass the saved file as --measured).
// Usage (build first: npx tsc -p tsconfig.build.json):
//   node bench/trainer-proxies.mjs [dataset=mnist] [space=cnn] [n=120] [workers=2] [--measured file.json] [--out file.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Rng } from '../dist/core/index.js';
import { withDataShape } from '../dist/evaluators/trainer.js';
import { NeuralPredictor, kendallTauB, spearmanRho } from '../dist/predictor/index.js';
import { FAST_NEURAL_OPTIONS } from '../dist/search/index.js';
import { buildRunParts, parseRunConfig } from '../dist/setup/index.js';
import { PROXY_NAMES, withoutStatistics } from '../dist/space/index.js';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const measuredFile = flag('--measured');
const outFile = flag('--out');
const [dataset = 'mnist', spaceName = 'cnn', nText = '120', workersText = '2'] = args;
const n = Number(nText);
const workers = Number(workersText);

const raw = parseRunConfig({
  version: 1,
  evaluator: { kind: 'trainer', dataset, space: spaceName, validationFraction: 0.2, proxies: [...PROXY_NAMES] },
  strategy: 'random',
  objectives: [{ metric: 'validAcc', direction: 'max' }],
  budget: { queries: n },
  seed: 0,
  workers,
});
const config = { ...raw, evaluator: withDataShape(raw.evaluator) };
const parts = buildRunParts(config);
const { space, evaluator } = parts;
let t0 = performance.now();
await space.prepare();
const prepareSeconds = (performance.now() - t0) / 1000;

let measured;
if (measuredFile) {
  measured = JSON.parse(readFileSync(measuredFile, 'utf8'));
} else {
  const rng = new Rng(`trainer-proxies:${dataset}:${spaceName}`);
  const seen = new Set();
  const candidates = [];
  while (candidates.length < n) {
    const c = space.sample(rng);
    if (seen.has(space.key(c))) continue;
    seen.add(space.key(c));
    candidates.push(c);
  }
  const rows = new Array(n);
  let next = 0;
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < n) {
        const i = next++;
        const e = await evaluator.evaluate(candidates[i], { rng: new Rng(`trainer-proxies:eval:${i}`), candidateId: i });
        rows[i] = { candidate: candidates[i], failed: e.failure !== undefined, metrics: e.metrics };
        process.stderr.write(`\r${i + 1}/${n} trained`);
      }
    }),
  );
  process.stderr.write('\n');
  await evaluator.close?.();
  measured = { dataset, space: spaceName, n, workers, trainWallSeconds: (performance.now() - t0) / 1000, rows };
}

// cost: every distinct architecture's proxies, timed afresh (the cache is per space view)
const timing = buildRunParts(config).space;
await timing.prepare();
const archs = new Map(measured.rows.map((r) => [space.archKey(r.candidate), r.candidate]));
t0 = performance.now();
for (const c of archs.values()) timing.statistics(c);
const perArch = (performance.now() - t0) / 1000 / archs.size;
const ok = measured.rows.filter((r) => !r.failed && Number.isFinite(r.metrics.validAcc));
const trainSeconds = ok.map((r) => r.metrics.trainSeconds).filter(Number.isFinite);
const meanTrain = trainSeconds.reduce((a, b) => a + b, 0) / trainSeconds.length;

const lines = [];
const say = (s = '') => {
  lines.push(s);
  console.log(s);
};
say(`trainer proxies on ${dataset} · ${spaceName}: ${ok.length} of ${measured.rows.length} candidates trained (random architecture and recipe), ${archs.size} distinct architectures`);
say(`proxy cost: ${(perArch * 1000).toFixed(1)} ms per architecture (all five, this process; backend setup and data batch ${prepareSeconds.toFixed(1)} s once), against ${meanTrain.toFixed(2)} s mean training per candidate`);
say();
say('Spearman rho with validAcc');
const acc = ok.map((r) => r.metrics.validAcc);
const stats = ok.map((r) => space.statistics(r.candidate));
for (const name of space.statisticNames) say(`  ${name.padEnd(10)} ${spearmanRho(stats.map((s) => s[name]), acc).toFixed(3)}`);

const sizes = [20, 40, 80].filter((s) => s < ok.length - 20);
const heldOut = Math.min(40, ok.length - sizes[sizes.length - 1]);
const seeds = 10;
const variants = [
  ['with proxies', space],
  ['without proxies', withoutStatistics(space, [...PROXY_NAMES])],
];
say();
say(`fbnetv3's predictor (pretrained on the free statistics), Kendall tau on ${heldOut} held-out candidates, mean ± sd over ${seeds} splits`);
say(`  ${'variant'.padEnd(16)} ${sizes.map((s) => `n=${s}`.padStart(16)).join('')}`);
const report = {};
for (const [label, view] of variants) {
  const taus = sizes.map(() => []);
  for (let seed = 0; seed < seeds; seed++) {
    const order = new Rng(`trainer-proxies:split:${seed}`).shuffle(ok.map((_, i) => i));
    const test = order.slice(0, heldOut);
    const pool = order.slice(heldOut);
    const predictor = await NeuralPredictor.create(view, { ...FAST_NEURAL_OPTIONS, seed });
    await predictor.pretrain();
    for (const [j, size] of sizes.entries()) {
      const train = pool.slice(0, size);
      await predictor.fit(train.map((i) => ok[i].candidate), train.map((i) => [-acc[i]]));
      const pred = (await predictor.predict(test.map((i) => ok[i].candidate))).mean.map((m) => m[0]);
      taus[j].push(kendallTauB(pred, test.map((i) => -acc[i])));
    }
    predictor.dispose();
  }
  const summary = taus.map((t) => {
    const mean = t.reduce((a, b) => a + b, 0) / t.length;
    const sd = Math.sqrt(t.reduce((a, b) => a + (b - mean) ** 2, 0) / (t.length - 1));
    return { mean, sd, values: t };
  });
  report[label] = Object.fromEntries(sizes.map((s, j) => [s, summary[j]]));
  say(`  ${label.padEnd(16)} ${summary.map((s) => `${s.mean.toFixed(3)} ± ${s.sd.toFixed(3)}`.padStart(16)).join('')}`);
}
const paired = sizes.map((s) => {
  const d = report['with proxies'][s].values.map((v, i) => v - report['without proxies'][s].values[i]);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const se = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1) / d.length);
  return `${mean >= 0 ? '+' : ''}${mean.toFixed(3)} ± ${se.toFixed(3)}`;
});
say(`  ${'difference'.padEnd(16)} ${paired.map((p) => p.padStart(16)).join('')}   (paired over the same splits, ± standard error)`);
if (outFile) writeFileSync(outFile, `${JSON.stringify({ ...measured, perArchSeconds: perArch, prepareSeconds, report, lines }, null, 1)}\n`);

// Would averaging the NB201 zero-cost proxies over several weight initialisations rank cells better?
// Scores `n` random cells (seeded) with `seeds` initialisations each (the first is the table's own,
// seeded by the cell string) and prints, per proxy and number of seeds averaged, Spearman rho and
// Kendall tau with 200-epoch validation accuracy overall and within a FLOPs level, and the
// seed-to-seed rank correlation. Cells whose scores are not finite are left out.
// Usage (build first: npx tsc -p tsconfig.build.json; 0.45 s per cell and seed on one core):
//   node bench/proxy-seeds.mjs [n=400] [seeds=3]
import { Rng } from '../dist/core/index.js';
import { createBenchmark } from '../dist/bench/index.js';
import { kendallTauB, kendallTauWithinGroups, spearmanRho } from '../dist/predictor/index.js';
import { initTrainingBackend } from '../dist/native/index.js';
import { NB201_PROXY_NETWORK, zeroCostProxies } from '../dist/train/index.js';

await initTrainingBackend();
const [nText = '400', seedsText = '3'] = process.argv.slice(2);
const seeds = Number(seedsText);
const bench = createBenchmark('nb201-cifar10', { proxies: false });
const picked = new Rng('proxy-seeds').shuffle(Array.from({ length: bench.rowCount }, (_, i) => i)).slice(0, Number(nText));
const { channels, cellsPerStage, input } = NB201_PROXY_NETWORK;
const rows = [];
for (const r of picked) {
  const c = bench.candidateAt(r);
  const cell = bench.space.archString(c);
  const scores = Array.from({ length: seeds }, (_, k) => zeroCostProxies({ kind: 'nb201', cell, channels, cellsPerStage }, input, k === 0 ? cell : `${cell}#${k}`));
  rows.push({ acc: bench.truth(c).validAcc, flops: bench.space.statistics(c).flopsM, scores });
}
const ok = rows.filter((r) => r.scores.every((s) => ['synflow', 'zen', 'naswot'].every((p) => Number.isFinite(s[p]))));
const acc = ok.map((r) => r.acc);
const flops = ok.map((r) => r.flops);
console.log(`nb201-cifar10: ${ok.length} of ${rows.length} random cells with finite scores, ${seeds} initialisations each`);
console.log('proxy    seeds averaged   rho    tau   tau within FLOPs level');
for (const p of ['synflow', 'zen', 'naswot']) {
  for (let k = 1; k <= seeds; k++) {
    const v = ok.map((r) => r.scores.slice(0, k).reduce((a, s) => a + s[p], 0) / k);
    console.log(`${p.padEnd(8)} ${String(k).padStart(14)}  ${spearmanRho(v, acc).toFixed(3)}  ${kendallTauB(v, acc).toFixed(3)}  ${kendallTauWithinGroups(v, acc, flops).toFixed(3).padStart(22)}`);
  }
  if (seeds > 1) console.log(`${p.padEnd(8)} seed-to-seed rho ${spearmanRho(ok.map((r) => r.scores[0][p]), ok.map((r) => r.scores[1][p])).toFixed(3)}`);
}

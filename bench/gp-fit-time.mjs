// How a GP fit's time grows with the samples it is fitted on (bo refits after every measurement).
//   node bench/gp-fit-time.mjs [benchmark=fcnet-parkinsons] [sizes=50,100,200,400]
// For each size, wall and process CPU of: `fit`, from the default hyperparameters (120 Adam steps,
// what bo does on every 5th fit), and `refit` on the same samples, which continues from those
// (warmSteps, the other 4 of 5) up to retuneAfter samples and beyond that keeps them (no Adam
// steps: what happens until the samples have grown by retuneGrowth).
import { performance } from 'node:perf_hooks';
import { Rng } from '../dist/core/index.js';
import { createBenchmark } from '../dist/bench/index.js';
import { lossTransform } from '../dist/lab/index.js';
import { GaussianProcessPredictor } from '../dist/predictor/index.js';

const [name = 'fcnet-parkinsons', sizes = '50,100,200,400'] = process.argv.slice(2);
const bench = createBenchmark(name);
const { toLoss } = lossTransform(bench);
console.log(`$ node bench/gp-fit-time.mjs ${name} ${sizes}`);
console.log('samples  full fit wall (s)  CPU (s)  second fit wall (s)  CPU (s)');
for (const n of sizes.split(',').map(Number)) {
  const rows = new Rng(n).shuffle([...Array(bench.rowCount).keys()]).slice(0, n);
  const cands = rows.map((i) => bench.candidateAt(i));
  const y = cands.map((c) => [toLoss(bench.truth(c)[bench.objective.metric])]);
  const gp = new GaussianProcessPredictor(bench.space);
  const timed = async (fit) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await fit.call(gp, cands, y);
    const cpu = process.cpuUsage(cpu0);
    return [(performance.now() - t0) / 1000, (cpu.user + cpu.system) / 1e6];
  };
  const [fullWall, fullCpu] = await timed(gp.fit);
  const [warmWall, warmCpu] = await timed(gp.refit);
  console.log(
    `${String(n).padStart(7)}  ${fullWall.toFixed(2).padStart(17)}  ${fullCpu.toFixed(2).padStart(7)}  ${warmWall.toFixed(2).padStart(19)}  ${warmCpu.toFixed(2).padStart(7)}`,
  );
}

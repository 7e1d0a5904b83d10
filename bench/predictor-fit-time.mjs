// Times fitting the default 5-member ensemble on 200 NB201 cells (issue 3: ≤ 5 s on this machine).
//   node bench/predictor-fit-time.mjs [repeats=3]
// Prints wall and process-CPU seconds: on a shared machine wall time includes waiting for a core.
import { performance } from 'node:perf_hooks';
import { Rng } from '../dist/core/index.js';
import { createBenchmark } from '../dist/bench/index.js';
import { DEFAULT_NEURAL_OPTIONS, NeuralPredictor, loadPredictor } from '../dist/predictor/index.js';

const repeats = Number(process.argv[2] ?? 3);
// the saved nb201-stats-pretrained predictor was pretrained on the structural statistics only
const bench = createBenchmark('nb201-cifar10', { proxies: false });
for (const pretrained of [false, true]) {
  for (let r = 0; r < repeats; r++) {
    const rows = new Rng(r).shuffle([...Array(bench.rowCount).keys()]).slice(0, 200);
    const cands = rows.map((i) => bench.candidateAt(i));
    const y = cands.map((c) => [-bench.truth(c).validAcc]);
    const p = pretrained ? await loadPredictor('nb201-stats-pretrained', bench.space) : await NeuralPredictor.create(bench.space, { seed: r });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await p.fit(cands, y);
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `fit ${DEFAULT_NEURAL_OPTIONS.members}-member ensemble on 200 samples (${pretrained ? 'pretrained: frozen + full' : 'from scratch'}): ` +
        `${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU`,
    );
    p.dispose();
  }
}

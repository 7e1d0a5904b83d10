// Strategy sweep on a tabular benchmark (build first: npx tsc -p tsconfig.build.json).
// Usage: node bench/strategies-sweep.mjs BENCHMARK STRATEGIES SEEDS CHECKPOINTS [full|multi] [extra objectives e.g. flopsM:min] [JSON strategy options]
import { createBenchmark } from '../dist/bench/index.js';
import { runBenchmarkSweep } from '../dist/lab/index.js';
import { formatSweep } from '../dist/cli/commands/bench.js';
import { performance } from 'node:perf_hooks';

const [benchmarkName = 'nb201-cifar10', strategies = 'random,rea,fbnetv3', seeds = '5', checkpoints = '50,100', fidelity = 'full', extra = '', options = '{}'] =
  process.argv.slice(2);
const benchmark = createBenchmark(benchmarkName);
const extraObjectives = extra
  .split(',')
  .filter((x) => x !== '')
  .map((x) => {
    const [metric, direction = 'min'] = x.split(':');
    return { metric, direction };
  });
const perSeed = {};
const started = performance.now();
const result = await runBenchmarkSweep({
  benchmark,
  strategies: strategies.split(','),
  seeds: Number(seeds),
  checkpoints: checkpoints.split(',').map(Number),
  fidelity,
  extraObjectives,
  strategyOptions: JSON.parse(options),
  onRunDone: (strategy, seed, seconds) => {
    (perSeed[strategy] ??= []).push(seconds);
    process.stderr.write(`\r${strategy} seed ${seed} ${seconds.toFixed(1)} s   `);
  },
});
process.stderr.write('\n');
console.log(`$ node bench/strategies-sweep.mjs ${process.argv.slice(2).map((a) => (/[\s{}"]/.test(a) ? `'${a}'` : a)).join(' ')}`);
console.log(formatSweep(result));
console.log(
  `wall ${((performance.now() - started) / 1000).toFixed(1)} s; seconds per run (mean / max): ` +
    Object.entries(perSeed)
      .map(([s, v]) => `${s} ${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(2)} / ${Math.max(...v).toFixed(2)}`)
      .join(', '),
);

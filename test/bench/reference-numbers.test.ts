import { describe, expect, it } from 'vitest';
import { createBenchmark } from '../../src/bench/index.js';
import { runBenchmarkSweep } from '../../src/lab/index.js';

// Our reference run on these tables (NB201 C10, 200-epoch validation as the signal, test accuracy of
// the best-by-validation cell, 100 seeds): random@100 93.78 ± 0.24, REA@100 94.08 ± 0.28,
// REA@200 94.21; random's true-front hypervolume ratio at 100 is 0.867.
describe('jars bench reproduces the reference numbers (100 seeds)', () => {
  const nb201 = createBenchmark('nb201-cifar10');

  it('random search and REA on NB201 CIFAR-10', async () => {
    const result = await runBenchmarkSweep({ benchmark: nb201, strategies: ['random', 'rea'], seeds: 100, checkpoints: [100, 200] });
    const [random, rea] = result.strategies;
    expect(Math.abs(random!.checkpoints[0]!.report.mean - 93.78)).toBeLessThanOrEqual(0.08);
    expect(Math.abs(rea!.checkpoints[0]!.report.mean - 94.08)).toBeLessThanOrEqual(0.15);
    expect(Math.abs(rea!.checkpoints[1]!.report.mean - 94.21)).toBeLessThanOrEqual(0.15);
    expect(result.optimum).toBeCloseTo(94.3733, 3);
  });

  it('random search\'s hypervolume ratio on (validation ↑, FLOPs ↓)', async () => {
    const result = await runBenchmarkSweep({
      benchmark: nb201,
      strategies: ['random'],
      seeds: 100,
      checkpoints: [100],
      extraObjectives: [{ metric: 'flopsM', direction: 'min' }],
    });
    const hv = result.strategies[0]!.checkpoints[0]!.hypervolumeRatio!;
    expect(Math.abs(hv.mean - 0.867)).toBeLessThanOrEqual(0.015);
  });

  it('regret on FCNet and HPOBench is measured against the table optimum', async () => {
    for (const name of ['fcnet-naval', 'hpobench-mlp-kc1']) {
      const benchmark = createBenchmark(name);
      const result = await runBenchmarkSweep({ benchmark, strategies: ['rea'], seeds: 5, checkpoints: [10, 100] });
      const [early, late] = result.strategies[0]!.checkpoints;
      expect(late!.regret.mean).toBeGreaterThanOrEqual(0);
      expect(late!.regret.mean).toBeLessThanOrEqual(early!.regret.mean);
    }
  });
});

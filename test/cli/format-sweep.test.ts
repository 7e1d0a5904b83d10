import { describe, expect, it } from 'vitest';
import { formatSweep } from '../../src/cli/commands/bench.js';
import { stat } from '../../src/lab/index.js';
import type { SweepResult } from '../../src/lab/index.js';

describe('bench tables', () => {
  it('computes statistics over the finite values and says how many there were', () => {
    expect(stat([1, Number.NaN, 3])).toEqual({ mean: 2, std: Math.SQRT2, median: 2, count: 2 });
    expect(stat([Number.NaN]).count).toBe(0);
  });

  it('marks a checkpoint where some seeds had no incumbent with n/N, and explains it', () => {
    const result: SweepResult = {
      benchmark: 'nb201-cifar10',
      reportMetric: { metric: 'testAcc', direction: 'max' },
      optimum: 94.37,
      fidelity: 'multi',
      seeds: 3,
      objectives: [{ metric: 'validAcc', direction: 'max' }],
      strategies: [
        {
          strategy: 'rea',
          seconds: 0,
          checkpoints: [
            { budget: 1, report: stat([92.7, Number.NaN, Number.NaN]), regret: stat([1.67, Number.NaN, Number.NaN]), optimumNamed: 0 },
            { budget: 2, report: stat([94.37, 90.5, 88.3]), regret: stat([0, 3.87, 6.07]), optimumNamed: 1 / 3 },
          ],
        },
      ],
    };
    const text = formatSweep(result);
    expect(text).toMatch(/rea +1 +92\.70 ± 0\.00 \(1\/3\)/);
    expect(text).toMatch(/rea +2 +91\.06 ± 3\.07 +3\.31 ± 3\.07 +3\.87 +33%/);
    expect(text).toMatch(/regret median +optimum named/);
    expect(text).toContain('(n/N): only n of the N seeds had a full-fidelity incumbent at that budget');
  });
});

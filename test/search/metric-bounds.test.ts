import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import type { Observation } from '../../src/core/index.js';
import type { ProductCandidate } from '../../src/space/index.js';
import { createBenchmark, benchmarkSearchSpace } from '../../src/bench/index.js';
import { Surrogate } from '../../src/search/surrogate.js';
import { boundLoss, metricRange } from '../../src/search/metric-bounds.js';

describe('metric ranges', () => {
  it('bounds accuracies, times and sizes, and leaves unknown metrics alone', () => {
    expect(metricRange('validAcc')).toEqual([0, 1]);
    expect(metricRange('validAcc', 91.6)).toEqual([0, 100]);
    expect(metricRange('trainSeconds')).toEqual([0, Number.POSITIVE_INFINITY]);
    expect(metricRange('latencyMs')[0]).toBe(0);
    expect(metricRange('paramsM')[0]).toBe(0);
    expect(metricRange('validMse')[0]).toBe(0);
    expect(metricRange('reward')).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
    // minimised losses: a max objective is negated
    expect(boundLoss(-1.134, { metric: 'validAcc', direction: 'max' }, [0, 1])).toBe(-1);
    expect(boundLoss(-7.3, { metric: 'trainSeconds', direction: 'min' }, [0, Number.POSITIVE_INFINITY])).toBe(0);
  });

  it("keep the surrogate's predictions inside them, however far the fit extrapolates", async () => {
    const nb201 = createBenchmark('nb201-cifar10');
    const space = benchmarkSearchSpace(nb201.space, 'full');
    const objectives = [
      { metric: 'validAcc', direction: 'max' as const },
      { metric: 'trainSeconds', direction: 'min' as const },
    ];
    const surrogate = new Surrogate(space, objectives, { kind: 'ridge', seed: 1, pretrain: false });
    const rng = new Rng('bounds');
    const conv = (c: ProductCandidate) => JSON.stringify(c.arch).split('conv_3x3').length - 1;
    // Accuracy rises steeply with conv_3x3 ops up to 0.999 and time falls towards 0: a linear
    // fit goes past both ends on the candidates beyond the measured ones.
    const observations: Observation<ProductCandidate>[] = Array.from({ length: 60 }, (_, id) => {
      const candidate = space.sample(rng);
      const k = conv(candidate);
      const metrics = { validAcc: Math.min(0.999, 0.5 + 0.17 * k), trainSeconds: Math.max(0.01, 10 - 3.5 * k) };
      return { id, candidate, key: space.key(candidate), metrics, losses: [-metrics.validAcc, metrics.trainSeconds], cost: 1, failed: false };
    });
    await surrogate.fit(observations);
    const probes = Array.from({ length: 300 }, () => space.sample(rng));
    const { mean } = await surrogate.predict(probes);
    const acc = mean.map((m) => -(m[0] as number));
    const seconds = mean.map((m) => m[1] as number);
    expect(Math.max(...acc)).toBeLessThanOrEqual(1);
    expect(Math.min(...acc)).toBeGreaterThanOrEqual(0);
    expect(Math.min(...seconds)).toBeGreaterThanOrEqual(0);
  });
});

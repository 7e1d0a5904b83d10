import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { Nb201Space, nb201LiveOps } from '../../src/space/index.js';
import type { ProductCandidate } from '../../src/space/index.js';
import { RidgePredictor, StatisticRanker, kendallTauB } from '../../src/predictor/index.js';

const space = new Nb201Space();
const rng = new Rng(3);
const train = Array.from({ length: 120 }, () => space.sample(rng));
const test = Array.from({ length: 100 }, () => space.sample(rng));
/** Linear in the one-hot encoding, which shows the live edges (to be minimised). */
const linear = (c: ProductCandidate) => nb201LiveOps(space.ops(c)).reduce((s, op, e) => s + (op === 'nor_conv_3x3' ? 2 : op === 'none' ? -1 : 0.5) * (e + 1), 0);

describe('RidgePredictor', () => {
  it('recovers a function linear in the encoding', async () => {
    const p = new RidgePredictor(space);
    const report = await p.fit(train, train.map((c) => [linear(c)]));
    const { mean, std } = await p.predict(test);
    expect(kendallTauB(mean.map((m) => m[0] as number), test.map(linear))).toBeGreaterThan(0.95);
    expect(std.every((s) => (s[0] as number) > 0)).toBe(true);
    expect(report.losses.lambda0).toBeLessThanOrEqual(1);
  });

  it('maps rank-gauss predictions back to the target scale', async () => {
    const p = new RidgePredictor(space, { features: 'encoding+stats', targetScaling: 'rank-gauss' });
    await p.fit(train, train.map((c) => [linear(c)]));
    const { mean } = await p.predict(train);
    const ys = train.map(linear);
    const lo = Math.min(...ys);
    const hi = Math.max(...ys);
    for (const m of mean) {
      expect(m[0]).toBeGreaterThan(lo - (hi - lo));
      expect(m[0]).toBeLessThan(hi + (hi - lo));
    }
  });
});

describe('StatisticRanker', () => {
  it('ranks by the named statistic with the sign learned from data', async () => {
    const flops = (c: ProductCandidate) => -space.statistics(c).flopsM!;
    const p = new StatisticRanker(space, 'flopsM');
    await p.fit(train, train.map((c) => [flops(c)]));
    const { mean } = await p.predict(test);
    expect(kendallTauB(mean.map((m) => m[0] as number), test.map(flops))).toBeCloseTo(1, 10);
  });

  it('picks the best statistic on the training data when none is named', async () => {
    const p = new StatisticRanker(space);
    await p.fit(train, train.map((c) => [space.statistics(c).skips! * 3 + 1]));
    expect(p.chosen).toEqual(['skips']);
  });

  it('rejects an unknown statistic, listing the valid ones', () => {
    expect(() => new StatisticRanker(space, 'latency')).toThrow(/statistic of space nb201 must be one of flopsM, paramsM, .* but got "latency"/);
  });
});

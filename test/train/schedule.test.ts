import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { parseRecipe } from '../../src/space/index.js';
import { BatchMaker, learningRateAt, sampleBeta } from '../../src/train/index.js';

describe('learning-rate schedules', () => {
  it('cosine with warm-up', () => {
    const r = parseRecipe({ lr: 1, epochs: 11, warmupEpochs: 1, schedule: 'cosine' });
    expect(learningRateAt(r, 0.5)).toBeCloseTo(0.5);
    expect(learningRateAt(r, 1)).toBeCloseTo(1);
    expect(learningRateAt(r, 6)).toBeCloseTo(0.5);
    expect(learningRateAt(r, 11)).toBeCloseTo(0);
  });
  it('step: ×γ at 50% and 75% by default, or every k epochs', () => {
    const r = parseRecipe({ lr: 1, epochs: 8, schedule: 'step', stepGamma: 0.1 });
    expect([0, 3.9, 4, 6, 7.9].map((e) => learningRateAt(r, e))).toEqual([1, 1, 0.1, 0.1 * 0.1, 0.1 * 0.1].map((v) => expect.closeTo(v, 12)));
    const every = parseRecipe({ lr: 1, epochs: 8, schedule: 'step', stepEvery: 3, stepGamma: 0.5 });
    expect(learningRateAt(every, 6.5)).toBeCloseTo(0.25);
  });
  it('constant', () => {
    expect(learningRateAt(parseRecipe({ lr: 0.3, schedule: 'constant' }), 2)).toBe(0.3);
  });
});

describe('batch assembly', () => {
  const data = { name: 't', x: Float32Array.from({ length: 2 * 16 }, (_, i) => (i % 16) + 1), y: Int32Array.from([0, 1]), sampleShape: [4, 4, 1], numClasses: 2 };
  it('label smoothing puts 1 − ε + ε/K on the true class', () => {
    const batch = new BatchMaker(data, parseRecipe({ labelSmoothing: 0.2 }), new Rng(1)).make([1, 0]);
    expect(Array.from(batch.targets)).toEqual([0.1, 0.9, 0.9, 0.1].map((v) => expect.closeTo(v, 6)));
    expect(Array.from(batch.x.subarray(0, 16))).toEqual(Array.from(data.x.subarray(16, 32)));
  });
  it('flip mirrors rows and crop shifts with zero fill, keeping the pixel multiset inside the frame', () => {
    const maker = new BatchMaker(data, parseRecipe({ flip: true, cropPadding: 1 }), new Rng(3));
    for (let i = 0; i < 10; i++) {
      const x = maker.make([0]).x;
      const nonzero = Array.from(x).filter((v) => v !== 0);
      expect(nonzero.length).toBeGreaterThanOrEqual(9);
      expect(nonzero.every((v) => v >= 1 && v <= 16)).toBe(true);
    }
  });
  it('mixup keeps targets a distribution; Beta draws lie in [0, 1] with mean ½', () => {
    const batch = new BatchMaker(data, parseRecipe({ mixupAlpha: 0.4 }), new Rng(2)).make([0, 1]);
    expect((batch.targets[0] as number) + (batch.targets[1] as number)).toBeCloseTo(1);
    const rng = new Rng(4);
    const draws = Array.from({ length: 4000 }, () => sampleBeta(rng, 0.4));
    expect(draws.every((d) => d >= 0 && d <= 1)).toBe(true);
    expect(draws.reduce((a, b) => a + b, 0) / draws.length).toBeCloseTo(0.5, 1);
  });
});

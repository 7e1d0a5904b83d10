import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { Nb201Space, nb201LiveOps } from '../../src/space/index.js';
import type { ProductCandidate } from '../../src/space/index.js';
import { BlendedPredictor, ForestPredictor, kendallTauB } from '../../src/predictor/index.js';
import type { Predictor } from '../../src/predictor/index.js';

const space = new Nb201Space();
const rng = new Rng(5);
/** Distinct cells (by key), so a target that is a function of the cell is one of its inputs too. */
const distinct = (n: number) => {
  const seen = new Map<string, ProductCandidate>();
  while (seen.size < n) {
    const c = space.sample(rng);
    seen.set(space.key(c), c);
  }
  return [...seen.values()];
};
const train = distinct(150);
const test = distinct(200).filter((c) => !train.some((t) => space.key(t) === space.key(c)));
/** A nonlinear function of the live cell (to be minimised): convs help, more so in a row; pools hurt. */
const truth = (c: ProductCandidate) => {
  const live = nb201LiveOps(space.ops(c));
  const convs = live.filter((o) => o.startsWith('nor_conv')).length;
  return -(convs * convs) + 3 * live.filter((o) => o === 'avg_pool_3x3').length + (live.every((o) => o === 'none') ? 20 : 0);
};
const column = (p: { mean: number[][] }, o = 0) => p.mean.map((m) => m[o] as number);

/** Fits on the training cells and gives their targets back (to `digits`), with no spread. */
async function expectReproducesTraining(predictor: Predictor<ProductCandidate>, digits: number): Promise<void> {
  const ys = train.map(truth);
  await predictor.fit(train, ys.map((y) => [y]));
  const { mean, std } = await predictor.predict(train);
  mean.forEach((m, i) => expect(m[0]).toBeCloseTo(ys[i] as number, digits));
  expect(std.every((s) => Math.abs(s[0] as number) < 1e-6)).toBe(true);
}

describe('ForestPredictor', () => {
  it('ranks held-out cells of a nonlinear function', async () => {
    const forest = new ForestPredictor(space, { seed: 1 });
    const report = await forest.fit(train, train.map((c) => [truth(c)]));
    expect(report).toMatchObject({ samples: train.length, objectives: 1 });
    expect(kendallTauB(column(await forest.predict(test)), test.map(truth))).toBeGreaterThan(0.75);
  });

  it('grown to single rows on all rows and columns, reproduces its training targets and agrees with itself', async () => {
    // every tree reproduces the training rows, so they do not spread there
    await expectReproducesTraining(new ForestPredictor(space, { seed: 2, bootstrap: false, featureFraction: 1, trees: 3 }), 9);
  });

  it('is deterministic for a seed, differs across seeds, and spreads where its trees disagree', async () => {
    const fit = async (seed: number) => {
      const f = new ForestPredictor(space, { seed, trees: 20 });
      await f.fit(train, train.map((c) => [truth(c)]));
      return f.predict(test);
    };
    const a = await fit(7);
    expect(await fit(7)).toEqual(a);
    expect(column(await fit(8))).not.toEqual(column(a));
    expect(a.std.some((s) => (s[0] as number) > 0)).toBe(true);
  });

  it('fits each objective on its own, and a failed evaluation as the worst value plus one deviation', async () => {
    const forest = new ForestPredictor(space, { seed: 3, bootstrap: false, featureFraction: 1, trees: 1 });
    const targets = train.map((c, i) => [truth(c), i === 0 ? Number.POSITIVE_INFINITY : -truth(c)]);
    await forest.fit(train, targets);
    const { mean } = await forest.predict(train);
    expect(mean[1]).toEqual([expect.closeTo(truth(train[1] as ProductCandidate), 9), expect.closeTo(-truth(train[1] as ProductCandidate), 9)]);
    const second = train.slice(1).map((c) => -truth(c));
    const avg = second.reduce((s, v) => s + v, 0) / second.length;
    const sd = Math.sqrt(second.reduce((s, v) => s + (v - avg) ** 2, 0) / second.length);
    expect((mean[0] as number[])[1]).toBeCloseTo(Math.max(...second) + sd, 9);
  });

  it('refuses bad options, naming the field, the rule and the value', () => {
    expect(() => new ForestPredictor(space, { trees: 0 })).toThrow('forest trees must be an integer ≥ 1, but got 0');
    expect(() => new ForestPredictor(space, { featureFraction: 1.5 })).toThrow('forest featureFraction must be in (0, 1], but got 1.5');
    expect(() => new ForestPredictor(space, { minLeaf: 0.5 })).toThrow('forest minLeaf must be an integer ≥ 1, but got 0.5');
  });
});

describe('BlendedPredictor', () => {
  it('averages members on the rank-gauss scale and maps back to target units', async () => {
    const exact = () => new ForestPredictor(space, { seed: 4, bootstrap: false, featureFraction: 1, trees: 1 });
    const blend = new BlendedPredictor([exact(), exact()]);
    expect(blend.name).toBe('forest+forest');
    // both members reproduce the rank-gauss scores of the training rows, which map back to the targets
    await expectReproducesTraining(blend, 6);
  });

  it('reports the spread of the mixture when members disagree, and disposes them', async () => {
    let disposed = 0;
    const constant = (z: number): Predictor<ProductCandidate> => ({
      name: `const${z}`,
      fit: async (c) => ({ samples: c.length, objectives: 1, seconds: 0, losses: {} }),
      predict: async (c) => ({ mean: c.map(() => [z]), std: c.map(() => [0]) }),
      dispose: () => void disposed++,
    });
    const blend = new BlendedPredictor([constant(-1), constant(1)]);
    const ys = train.map(truth);
    await blend.fit(train, ys.map((y) => [y]));
    const { mean, std } = await blend.predict(test.slice(0, 3));
    // the members' average is z = 0, the median training target; the mixture's deviation is 1 in z
    const sorted = [...new Set(ys)].sort((a, b) => a - b);
    for (const m of mean) expect(m[0]).toBeGreaterThanOrEqual(sorted[0] as number);
    for (const s of std) expect(s[0]).toBeGreaterThan(0);
    expect(new Set(mean.map((m) => m[0])).size).toBe(1);
    blend.dispose();
    expect(disposed).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { GaussianProcess, GaussianProcessPredictor, cholesky, defaultHyperparameters, kendallTauB, predictorStatisticNames } from '../../src/predictor/index.js';
import { Nb201Space, nb201LiveOps } from '../../src/space/index.js';
import type { ProductCandidate } from '../../src/space/index.js';

const SQRT5 = Math.sqrt(5);
/** Matérn 5/2 on one column, written out for the known values below. */
const matern = (d: number, l: number, s: number) => {
  const r = (SQRT5 * Math.abs(d)) / l;
  return s * (1 + r + (r * r) / 3) * Math.exp(-r);
};

describe('cholesky', () => {
  it('factorises a known matrix and refuses one that is not positive definite', () => {
    const l = cholesky(Float64Array.from([4, 2, 2, 3]), 2) as Float64Array;
    expect([...l].map((v) => Number(v.toFixed(12)))).toEqual([2, 0, 1, Number(Math.SQRT2.toFixed(12))]);
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBeUndefined();
  });
});

describe('GaussianProcess', () => {
  it('predicts the closed-form posterior of two points (mean and standard deviation)', () => {
    // one column, length scale 0.7, signal 1.3, noise 0.01
    const [l, s, noise] = [0.7, 1.3, 0.01];
    const theta = [Math.log(l), Math.log(s), Math.log(noise)];
    const gp = GaussianProcess.withHyperparameters([[0.1], [0.6]], [1, -0.5], theta);
    const x = 0.45;
    // K = [[a, b], [b, a]] with a = s + noise + jitter; inverse written out
    const a = s + noise + 1e-6;
    const b = matern(0.5, l, s);
    const det = a * a - b * b;
    const k = [matern(x - 0.1, l, s), matern(x - 0.6, l, s)];
    const w = [(a * 1 - b * -0.5) / det, (-b * 1 + a * -0.5) / det];
    const mean = (k[0] as number) * (w[0] as number) + (k[1] as number) * (w[1] as number);
    const kInvK = ((k[0] as number) * (a * (k[0] as number) - b * (k[1] as number)) + (k[1] as number) * (-b * (k[0] as number) + a * (k[1] as number))) / det;
    const p = gp.predict([[x]]);
    expect(p.mean[0]).toBeCloseTo(mean, 10);
    expect(p.std[0]).toBeCloseTo(Math.sqrt(s - kInvK), 10);
  });

  it('with little noise passes through its data, and far from it returns to the prior', () => {
    const rows = [[0], [0.3], [0.5], [0.9]];
    const ys = [0.2, -1, 0.7, 1.5];
    const gp = GaussianProcess.withHyperparameters(rows, ys, [Math.log(0.2), 0, Math.log(1e-8)]);
    const at = gp.predict(rows);
    at.mean.forEach((m, i) => expect(m).toBeCloseTo(ys[i] as number, 4));
    at.std.forEach((sd) => expect(sd).toBeLessThan(1e-2));
    const far = gp.predict([[40]]);
    expect(far.mean[0]).toBeCloseTo(0, 6);
    expect(far.std[0]).toBeCloseTo(1, 6);
  });

  it('predicts many rows at once exactly as one at a time (the blocked solves, every block remainder)', () => {
    const rng = new Rng('gp-blocks');
    const rows = Array.from({ length: 41 }, () => [rng.next(), rng.next(), rng.next()]);
    const ys = rows.map((r) => Math.cos(3 * (r[0] as number)) - (r[2] as number) + 0.05 * rng.next());
    const gp = GaussianProcess.withHyperparameters(rows, ys, [Math.log(0.5), Math.log(0.8), Math.log(1.2), 0, Math.log(0.01)]);
    const query = Array.from({ length: 70 }, () => [rng.next(), rng.next(), rng.next()]);
    const one = query.map((q) => gp.predict([q]));
    // 70 rows: two full blocks of 32 and a remainder of 6 (one group of four, then two alone).
    for (const count of [1, 3, 4, 5, 32, 33, 70]) {
      const p = gp.predict(query.slice(0, count));
      expect(p.mean).toEqual(one.slice(0, count).map((o) => o.mean[0]));
      expect(p.std).toEqual(one.slice(0, count).map((o) => o.std[0]));
    }
  });

  it('gives the gradient of the log evidence that finite differences give', () => {
    const rng = new Rng('gp-gradient');
    const rows = Array.from({ length: 12 }, () => [rng.next(), rng.next(), rng.next()]);
    const ys = rows.map((r) => Math.sin(4 * (r[0] as number)) + 0.3 * (r[1] as number) + 0.1 * rng.next());
    const theta = [Math.log(0.4), Math.log(0.9), Math.log(2), Math.log(1.5), Math.log(0.05)];
    const { gradient } = GaussianProcess.logEvidence(rows, ys, theta);
    const h = 1e-5;
    theta.forEach((_, i) => {
      const up = theta.map((t, j) => (j === i ? t + h : t));
      const down = theta.map((t, j) => (j === i ? t - h : t));
      const numeric = (GaussianProcess.logEvidence(rows, ys, up).value - GaussianProcess.logEvidence(rows, ys, down).value) / (2 * h);
      expect(gradient[i]).toBeCloseTo(numeric, 4);
    });
  });

  it('learns a long length scale for a column the target ignores, and a higher evidence than its start', () => {
    const rng = new Rng('gp-ard');
    const rows = Array.from({ length: 40 }, () => [rng.next(), rng.next()]);
    const raw = rows.map((r) => Math.sin(5 * (r[0] as number)));
    const mu = raw.reduce((s, v) => s + v, 0) / raw.length;
    const sd = Math.sqrt(raw.reduce((s, v) => s + (v - mu) ** 2, 0) / raw.length);
    const ys = raw.map((v) => (v - mu) / sd);
    const gp = GaussianProcess.fit(rows, ys);
    const [l0, l1] = gp.theta.slice(0, 2).map(Math.exp) as [number, number];
    expect(l1).toBeGreaterThan(5 * l0);
    expect(GaussianProcess.logEvidence(rows, ys, gp.theta).value).toBeGreaterThan(GaussianProcess.logEvidence(rows, ys, defaultHyperparameters(2)).value);
  });

  it('explains targets without structure as noise', () => {
    const rng = new Rng('gp-noise');
    const rows = Array.from({ length: 40 }, () => [rng.next()]);
    const ys = rows.map(() => rng.normal());
    const noise = Math.exp(GaussianProcess.fit(rows, ys).theta[2] as number);
    expect(noise).toBeGreaterThan(0.4);
  });
});

/** `count` distinct NB201 cells, sampled from `seed`. */
function distinctCells(space: Nb201Space, count: number, seed: number): ProductCandidate[] {
  const rng = new Rng(seed);
  const cells = new Map<string, ProductCandidate>();
  while (cells.size < count) {
    const c = space.sample(rng);
    cells.set(space.key(c), c);
  }
  return [...cells.values()];
}

describe('GaussianProcessPredictor', () => {
  it('ranks held-out NB201 cells of a nonlinear function and reports its fit', async () => {
    const space = new Nb201Space();
    const all = distinctCells(space, 250, 7);
    const [train, test] = [all.slice(0, 100), all.slice(100)];
    const truth = (c: ProductCandidate) => {
      const live = nb201LiveOps(space.ops(c));
      const convs = live.filter((o) => o.startsWith('nor_conv')).length;
      return -(convs * convs) + 3 * live.filter((o) => o === 'avg_pool_3x3').length;
    };
    const gp = new GaussianProcessPredictor(space);
    const report = await gp.fit(train, train.map((c) => [truth(c)]));
    expect(report).toMatchObject({ samples: 100, objectives: 1 });
    const p = await gp.predict(test);
    expect(kendallTauB(p.mean.map((m) => m[0] as number), test.map(truth))).toBeGreaterThan(0.7);
    expect(p.std.every((s) => (s[0] as number) > 0)).toBe(true);
    // a fantasised observation pulls the posterior to it
    const probe = test[0] as ProductCandidate;
    const before = gp.posterior()([probe]).mean[0] as number;
    const after = gp.posterior(0, [{ candidate: probe, value: before + 3 }])([probe]).mean[0] as number;
    expect(after).toBeGreaterThan(before + 0.5);
  });

  it('beyond retuneAfter samples keeps its hyperparameters until the samples grow by retuneGrowth, still conditioning on every sample', async () => {
    const space = new Nb201Space();
    const all = distinctCells(space, 40, 3);
    const value = (c: ProductCandidate) => nb201LiveOps(space.ops(c)).filter((o) => o === 'nor_conv_3x3').length;
    const gp = new GaussianProcessPredictor(space, { retuneAfter: 20, retuneGrowth: 0.25, warmSteps: 40 });
    const fitOn = async (n: number) => {
      const data = all.slice(0, n);
      await gp.refit(data, data.map((c) => [value(c)]));
      return gp.hyperparameters()[0];
    };
    const tuned = await fitOn(21); // first fit: tuned
    expect(await fitOn(22)).toEqual(tuned); // 22 < 21 × 1.25: kept
    expect(await fitOn(26)).toEqual(tuned);
    // the kept hyperparameters still see the new sample: the posterior passes near its value
    const last = all[25] as ProductCandidate;
    const mean = (await gp.predict([last])).mean[0]?.[0] as number;
    expect(Math.abs(mean - value(last))).toBeLessThan(0.5);
    expect(await fitOn(27)).not.toEqual(tuned); // 27 ≥ 26.25: tuned again
    // at or below retuneAfter every fit tunes
    const small = new GaussianProcessPredictor(space, { retuneAfter: 30, warmSteps: 40 });
    await small.refit(all.slice(0, 21), all.slice(0, 21).map((c) => [value(c)]));
    const first = small.hyperparameters()[0];
    await small.refit(all.slice(0, 22), all.slice(0, 22).map((c) => [value(c)]));
    expect(small.hyperparameters()[0]).not.toEqual(first);
  });

  it("with features 'encoding+stats' also reads the free statistics, as quantiles in [0, 1], and ranks by one of them", async () => {
    const space = new Nb201Space();
    const all = distinctCells(space, 260, 11);
    const [train, test] = [all.slice(0, 100), all.slice(100)];
    // the longest path of convolutions: plain to read off the statistics, hard from the edge one-hots
    const depth = (c: ProductCandidate) => space.statistics(c).convDepth as number;
    const plain = new GaussianProcessPredictor(space);
    const withStats = new GaussianProcessPredictor(space, { features: 'encoding+stats' });
    const columns = space.archFeatureCount + space.recipeFeatureCount;
    expect(plain.row(test[0] as ProductCandidate)).toHaveLength(columns);
    const row = withStats.row(test[0] as ProductCandidate);
    expect(row).toHaveLength(columns + predictorStatisticNames(space).length); // statistics, then descriptors
    expect([...row.slice(columns)].every((q) => q >= 0 && q <= 1)).toBe(true);
    const tau = async (gp: GaussianProcessPredictor<ProductCandidate>) => {
      await gp.fit(train, train.map((c) => [depth(c)]));
      const p = await gp.predict(test);
      return kendallTauB(p.mean.map((m) => m[0] as number), test.map(depth));
    };
    const [a, b] = [await tau(plain), await tau(withStats)];
    expect(b).toBeGreaterThan(0.75); // 0.786 against 0.661 when written
    expect(b).toBeGreaterThan(a + 0.08);
  });
});

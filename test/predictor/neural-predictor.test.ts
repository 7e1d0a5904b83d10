import { mkdtemp, rm, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/core/index.js';
import { FcnetSpace, Nb201Space, nb201LiveOps } from '../../src/space/index.js';
import type { ProductCandidate } from '../../src/space/index.js';
import { NeuralPredictor, kendallTauB, loadPredictor, predictorStatisticNames, savePredictor, toLayersModel } from '../../src/predictor/index.js';

// Small and short: these check behaviour, not the benchmark figures (bench/predictor-eval.mjs does).
const FAST = { members: 2, encoderUnits: [32, 16], headUnits: [16], steps: 150, frozenSteps: 30, pretrainSamples: 512, pretrainSteps: 60 };

const space = new Nb201Space();
const OP_VALUE: Record<string, number> = { none: 0, skip_connect: 1, nor_conv_1x1: 2, nor_conv_3x3: 4, avg_pool_3x3: -1 };
/** A known function of the architecture, to be minimised: minus a weighted count of its live ops (what the encoding shows). */
const known = (c: ProductCandidate) => -nb201LiveOps(space.ops(c)).reduce((s, op, e) => s + (OP_VALUE[op] as number) * (1 + e / 6), 0);

function sample(n: number, seed: number): ProductCandidate[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => space.sample(rng));
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jars-predictor-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('NeuralPredictor', () => {
  it('learns to rank a known function of the architecture (encoding only, no statistics)', async () => {
    const train = sample(150, 1);
    const test = sample(200, 2);
    const p = await NeuralPredictor.create(space, { ...FAST, statsToHead: false, seed: 3 });
    await p.fit(train, train.map((c) => [known(c)]));
    const { mean, std } = await p.predict(test);
    p.dispose();
    expect(kendallTauB(mean.map((m) => m[0] as number), test.map(known))).toBeGreaterThan(0.75);
    expect(std.every((s) => (s[0] as number) >= 0)).toBe(true);
  });

  it('gives identical predictions for the same seed and data', async () => {
    const train = sample(40, 4);
    const test = sample(10, 5);
    const run = async () => {
      const p = await NeuralPredictor.create(space, { ...FAST, seed: 11 });
      await p.pretrain();
      await p.fit(train, train.map((c) => [known(c), -known(c)]));
      const out = await p.predict(test);
      p.dispose();
      return out;
    };
    const a = await run();
    const b = await run();
    expect(b).toEqual(a);
    expect(a.mean[0]).toHaveLength(2);
  });

  it('treats failed evaluations (+Infinity) as the worst and refuses NaN', async () => {
    const train = sample(20, 6);
    const p = await NeuralPredictor.create(space, { ...FAST, seed: 1, steps: 20, frozenSteps: 0 });
    const targets = train.map((c, i) => [i === 0 ? Number.POSITIVE_INFINITY : known(c)]);
    await expect(p.fit(train, targets)).resolves.toMatchObject({ samples: 20, objectives: 1 });
    await expect(p.fit(train, train.map(() => [Number.NaN]))).rejects.toThrow(/objective 0 contain NaN/);
    await expect(p.fit(train.slice(0, 1), [[1]])).rejects.toThrow(/at least 2 measured candidates/);
    p.dispose();
  });

  it('pretraining on statistics alone lowers the statistics loss', async () => {
    const p = await NeuralPredictor.create(space, { ...FAST, seed: 2, pretrainSteps: 1 });
    const before = await p.pretrain();
    const q = await NeuralPredictor.create(space, { ...FAST, seed: 2, pretrainSteps: 150 });
    const after = await q.pretrain();
    expect(after.finalLoss).toBeLessThan(before.finalLoss * 0.5);
    p.dispose();
    q.dispose();
  });
});

describe('save and load', () => {
  it('round-trips a fitted predictor to identical predictions, as a loadable tfjs model', async () => {
    const train = sample(30, 7);
    const test = sample(12, 8);
    const p = await NeuralPredictor.create(space, { ...FAST, seed: 5, loss: 'mse', targetScaling: 'rank-gauss' });
    await p.pretrain();
    await p.fit(train, train.map((c) => [known(c)]));
    const before = await p.predict(test);
    const target = path.join(dir, 'fitted');
    await savePredictor(p, space, target);
    const q = await loadPredictor(target, space);
    expect(await q.predict(test)).toEqual(before);
    expect(q.isPretrained).toBe(true);

    // model.json is a standard tfjs LayersModel with the same weights.
    const modelJson = JSON.parse(await readFile(path.join(target, 'model.json'), 'utf8'));
    expect(modelJson.format).toBe('layers-model');
    const net = p.currentModel();
    if (!net) throw new Error('no model');
    const layers = toLayersModel(net);
    expect(layers.outputs.map((o) => o.shape)).toEqual([[null, 2], [null, predictorStatisticNames(space).length * 2]]);
    layers.dispose();
    p.dispose();
    q.dispose();
  });

  it('refuses a predictor saved for another space, naming both', async () => {
    const p = await NeuralPredictor.create(space, { ...FAST, seed: 1, pretrainSteps: 5 });
    await p.pretrain();
    const target = path.join(dir, 'nb201-only');
    await savePredictor(p, space, target);
    p.dispose();
    await expect(loadPredictor(target, new FcnetSpace())).rejects.toThrow(
      /was saved for space "nb201" \(encoding v2, 30\+1 features, .*\), but the search space is "fcnet"/,
    );
    const meta = JSON.parse(await readFile(path.join(target, 'meta.json'), 'utf8'));
    await writeFile(path.join(target, 'meta.json'), JSON.stringify({ ...meta, encodingVersion: 99 }));
    await expect(loadPredictor(target, space)).rejects.toThrow(/encoding v99.*encoding v2/);
    // saved before NB201 had graph features: no descriptors
    const { descriptorNames: _saved, ...older } = meta;
    await writeFile(path.join(target, 'meta.json'), JSON.stringify(older));
    await expect(loadPredictor(target, space)).rejects.toThrow(/statistics [A-Za-z0-9,]+\), but the search space is .*, 57 descriptors\)/);
  });

  it('names the missing folder when a predictor does not exist', async () => {
    await expect(loadPredictor('no-such-predictor', space)).rejects.toThrow(/predictors\/no-such-predictor\/meta\.json/);
  });

  it('loads the shipped statistics-pretrained NB201 predictor by name and fine-tunes it', async () => {
    const p = await loadPredictor('nb201-stats-pretrained', space);
    expect(p.isPretrained).toBe(true);
    expect(p.isFitted).toBe(false);
    const train = sample(30, 9);
    await p.fit(train, train.map((c) => [known(c)]));
    const { mean } = await p.predict(sample(5, 10));
    expect(mean).toHaveLength(5);
    p.dispose();
  });
});

describe('pretrainedCopy', () => {
  it('starts a second predictor from the same pretraining: the same fit, and each outlives the other', async () => {
    const train = sample(40, 21);
    const probe = sample(10, 22);
    const p = await NeuralPredictor.create(space, { ...FAST, seed: 5, steps: 30 });
    await p.pretrain();
    const copy = p.pretrainedCopy();
    expect(copy.isPretrained).toBe(true);
    expect(copy.isFitted).toBe(false);
    await p.fit(train, train.map((c) => [known(c)]));
    await copy.fit(train, train.map((c) => [known(c)]));
    const a = await p.predict(probe);
    expect(await copy.predict(probe)).toEqual(a);
    p.dispose();
    expect(await copy.predict(probe)).toEqual(a);
    copy.dispose();
    const fresh = await NeuralPredictor.create(space, { ...FAST, seed: 5 });
    expect(() => fresh.pretrainedCopy()).toThrow('pretrainedCopy called before pretrain');
    fresh.dispose();
  });
});

describe('tensor hygiene', () => {
  it('does not leak tensors across fit and predict', async () => {
    const train = sample(20, 12);
    const p = await NeuralPredictor.create(space, { ...FAST, seed: 1, steps: 10, frozenSteps: 5, loss: 'rank' });
    await p.pretrain();
    await p.fit(train, train.map((c) => [known(c)]));
    const base = tf.memory().numTensors;
    await p.fit(train, train.map((c) => [known(c)]));
    await p.predict(train);
    expect(tf.memory().numTensors).toBe(base);
    p.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { initTrainingBackend } from '../../src/native/index.js';
import { activationProxies, buildModel, cutLayers, dataProxies, logAbsDet, nb201ZeroCostProxies, synflow } from '../../src/train/index.js';

beforeAll(async () => {
  await initTrainingBackend('wasm');
});

type Matrix = number[][];
const matrix = (t: tf.Tensor): Matrix => t.arraySync() as Matrix;
const matVec = (x: readonly number[], w: Matrix) => w[0]!.map((_, j) => x.reduce((s, xi, i) => s + xi * w[i]![j]!, 0));

/** The kernels of a bias-free-at-init MLP, input side first. */
function kernels(model: tf.LayersModel): Matrix[] {
  return model.trainableWeights.filter((w) => /kernel$/.test(w.originalName)).map((w) => matrix(w.read()));
}

describe('synflow', () => {
  it('equals depth × R for a ReLU MLP with all-ones input (R = Σ |W_L|ᵀ…|W_1|ᵀ 1), through the per-layer rescaling', () => {
    // Every layer of an MLP is a cut point, so the signal is rescaled after each one.
    const hidden = [32, 32, 32, 32, 32, 32, 32, 32, 32, 32];
    const model = buildModel({ kind: 'mlp', hidden, activation: 'relu', batchNorm: false }, { sampleShape: [16], numClasses: 5 }, new Rng(3));
    const ks = kernels(model);
    let v: number[] = new Array(16).fill(1);
    for (const k of ks) v = matVec(v, k.map((row) => row.map(Math.abs)));
    const r = v.reduce((a, b) => a + b, 0);
    expect(synflow(model, [16])).toBeCloseTo(Math.log(ks.length) + Math.log(r), 4);
    // the weights are restored afterwards
    expect(kernels(model)).toEqual(ks);
    model.dispose();
  });

  it('scores -Infinity (and so do zen and naswot) for an NB201 cell whose output is cut off from its input', () => {
    const dead = nb201ZeroCostProxies('|nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|none~0|none~1|none~2|');
    expect(dead).toEqual({ synflow: -Infinity, zen: -Infinity, naswot: -Infinity });
  });

  it('is the same for the same cell and seed, and larger for a cell with more parametrised paths', () => {
    const a = nb201ZeroCostProxies('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|');
    const b = nb201ZeroCostProxies('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|');
    const skipOnly = nb201ZeroCostProxies('|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|');
    expect(a).toEqual(b);
    // nothing left behind: the table script scores 15,625 cells in one process
    const before = tf.memory().numTensors;
    nb201ZeroCostProxies('|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|');
    expect(tf.memory().numTensors).toBe(before);
    for (const v of Object.values(a)) expect(Number.isFinite(v)).toBe(true);
    expect(a.synflow as number).toBeGreaterThan((skipOnly.synflow as number) + 10);
  });
});

describe('cutLayers', () => {
  it('names every layer of a chain, but no layer inside parallel branches', () => {
    const mlp = buildModel({ kind: 'mlp', hidden: [4, 4], activation: 'relu', batchNorm: false }, { sampleShape: [3], numClasses: 2 }, new Rng(1));
    expect(cutLayers(mlp)).toEqual(mlp.layers.slice(1).map((l) => l.name));
    mlp.dispose();
    // NB201 cell with two parallel conv edges into node 3: the convs are not cut points, the sums are.
    const nb = buildModel({ kind: 'nb201', cell: '|nor_conv_1x1~0|+|none~0|none~1|+|nor_conv_3x3~0|nor_conv_1x1~1|none~2|', channels: 4, cellsPerStage: 1 }, { sampleShape: [8, 8, 3], numClasses: 2 }, new Rng(1));
    const cuts = new Set(cutLayers(nb));
    const convs = nb.layers.filter((l) => l.getClassName() === 'Conv2D').map((l) => l.name);
    const adds = nb.layers.filter((l) => l.getClassName() === 'Add').map((l) => l.name);
    expect(convs.filter((c) => cuts.has(c))).toEqual([convs[0]]); // only the stem conv
    expect(adds.every((a) => cuts.has(a))).toBe(true);
    nb.dispose();
  });
});

describe('NASWOT and the Zen-like score', () => {
  it('match the definitions computed by hand on a one-hidden-layer MLP', () => {
    const model = buildModel({ kind: 'mlp', hidden: [64], activation: 'relu', batchNorm: false }, { sampleShape: [5], numClasses: 3 }, new Rng(7));
    const batch = 6;
    const alpha = 0.01;
    const got = activationProxies(model, [5], new Rng('inputs'), { batch, zenAlpha: alpha });
    // the same draws as activationProxies: the clean inputs, then the perturbation
    const rng = new Rng('inputs');
    const clean = Array.from({ length: batch }, () => Array.from({ length: 5 }, () => rng.normal()));
    const noisy = clean.map((row) => row.map((v) => Math.fround(Math.fround(v) + alpha * rng.normal())));
    const [w1] = kernels(model) as [Matrix];
    const hidden = (x: number[]) => matVec(x.map(Math.fround), w1);
    const codes = clean.map((x) => hidden(x).map((h) => (h > 0 ? 1 : 0)));
    const k = codes.flatMap((ci) => codes.map((cj) => ci.filter((v, u) => v === cj[u]).length));
    expect(Number.isFinite(got.naswot)).toBe(true); // no two samples share a code here
    expect(got.naswot).toBeCloseTo(logAbsDet(k, batch), 6);
    const relu = (x: number[]) => hidden(x).map((h) => Math.max(0, h));
    const dist = clean.map((x, b) => Math.hypot(...relu(x).map((v, u) => v - relu(noisy[b]!)[u]!)));
    expect(got.zen).toBeCloseTo(Math.log(dist.reduce((a, d) => a + d, 0) / batch), 3);
    model.dispose();
  });

  it.each(['tanh', 'gelu'] as const)('NASWOT codes %s units by the sign of their pre-activation, as ReLU units', (activation) => {
    const model = buildModel({ kind: 'mlp', hidden: [48], activation, batchNorm: false }, { sampleShape: [5], numClasses: 3 }, new Rng(11));
    const batch = 6;
    const got = activationProxies(model, [5], new Rng('codes'), { batch });
    const rng = new Rng('codes');
    const clean = Array.from({ length: batch }, () => Array.from({ length: 5 }, () => rng.normal()));
    const [w1] = kernels(model) as [Matrix];
    const codes = clean.map((x) => matVec(x.map(Math.fround), w1).map((h) => (h > 0 ? 1 : 0)));
    const k = codes.flatMap((ci) => codes.map((cj) => ci.filter((v, u) => v === cj[u]).length));
    expect(Number.isFinite(got.naswot)).toBe(true);
    expect(got.naswot).toBeCloseTo(logAbsDet(k, batch), 6);
    model.dispose();
  });

  it('logAbsDet: known determinants, with pivoting, and -Infinity when singular', () => {
    expect(logAbsDet([2, 1, 1, 3], 2)).toBeCloseTo(Math.log(5), 12);
    expect(logAbsDet([0, 2, 3, 0], 2)).toBeCloseTo(Math.log(6), 12);
    expect(logAbsDet([1, 2, 2, 4], 2)).toBe(-Infinity);
  });
});

describe('grad-norm and SNIP', () => {
  it('equal ‖Xᵀ(P − Y)/n‖ and Σ|W ⊙ G| for softmax regression', () => {
    const model = buildModel({ kind: 'mlp', hidden: [], activation: 'relu', batchNorm: false }, { sampleShape: [4], numClasses: 3 }, new Rng(2));
    const rng = new Rng(5);
    const xs = Array.from({ length: 8 }, () => Array.from({ length: 4 }, () => Math.fround(rng.normal())));
    const labels = xs.map((_, i) => i % 3);
    const x = tf.tensor2d(xs);
    const y = tf.tensor1d(labels, 'int32');
    const got = dataProxies(model, { x, labels: y });
    const [w] = kernels(model) as [Matrix];
    const grad = w.map((row) => row.map(() => 0));
    xs.forEach((xi, n) => {
      const logits = matVec(xi, w);
      const m = Math.max(...logits);
      const e = logits.map((l) => Math.exp(l - m));
      const z = e.reduce((a, b) => a + b, 0);
      e.forEach((ej, j) => xi.forEach((xv, i) => (grad[i]![j]! += (xv * (ej / z - (labels[n] === j ? 1 : 0))) / xs.length)));
    });
    expect(got.gradNorm).toBeCloseTo(Math.log(Math.hypot(...grad.flat())), 4);
    expect(got.snip).toBeCloseTo(Math.log(w.flat().reduce((s, wv, i) => s + Math.abs(wv * grad.flat()[i]!), 0)), 4);
    tf.dispose([x, y]);
    model.dispose();
  });
});

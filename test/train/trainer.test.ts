import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { loadDataset, splitDataset } from '../../src/data/index.js';
import type { Dataset } from '../../src/data/index.js';
import { MlpSpace, Nb201Space } from '../../src/space/index.js';
import { buildModel, countFlops, countTrainableParams, TrainerEvaluator, trainOnce } from '../../src/train/index.js';
import { initTrainingBackend } from '../../src/native/index.js';

beforeAll(async () => {
  await initTrainingBackend('wasm');
});

const digits = () => new TrainerEvaluator({ dataset: 'sklearn-digits', split: { validation: 0.25, test: 0.1 }, backend: 'wasm', latency: { repeats: 3, warmup: 1 } });

describe('TrainerEvaluator on sklearn digits', () => {
  it('trains an MLP, reports metrics and returns tensors to the baseline', async () => {
    const evaluator = digits();
    evaluator.data();
    const baseline = tf.memory().numTensors;
    const result = await evaluator.evaluate({ arch: { kind: 'mlp', hidden: [64] }, recipe: { epochs: 8, lr: 0.01, batchSize: 32 } }, { rng: new Rng(1) });
    expect(result.failure).toBeUndefined();
    expect(result.metrics.validAcc).toBeGreaterThan(0.9);
    expect(result.metrics.paramsM).toBeCloseTo((64 * 64 + 64 + 64 * 10 + 10) / 1e6, 9);
    expect(result.metrics.flopsM).toBeCloseTo((64 * 64 + 64 + 64 * 10 + 10) / 1e6, 9);
    expect(result.metrics.latencyMs).toBeGreaterThan(0);
    expect(result.hiddenMetrics).toBeUndefined();
    expect(result.info?.backend).toBe('wasm');
    expect(result.cost).toBe(1);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('is deterministic for a seed, with every recipe knob on', async () => {
    const recipe = {
      optimizer: 'adamw', lr: 0.003, weightDecay: 0.01, epochs: 2, batchSize: 64, labelSmoothing: 0.1, mixupAlpha: 0.2,
      dropout: 0.1, emaDecay: 0.9, cropPadding: 1, flip: true, cutout: 2, warmupEpochs: 1, schedule: 'step',
    };
    const arch = { kind: 'cnn', filters: [4, 8], dense: 16 };
    const evaluator = new TrainerEvaluator({ dataset: 'sklearn-digits', backend: 'wasm', latency: false, reportTest: true, split: { validation: 0.2, test: 0.1 } });
    evaluator.data();
    const baseline = tf.memory().numTensors;
    const a = await evaluator.evaluate({ arch, recipe }, { rng: new Rng(5) });
    const b = await evaluator.evaluate({ arch, recipe }, { rng: new Rng(5) });
    const c = await evaluator.evaluate({ arch, recipe }, { rng: new Rng(6) });
    expect(a.failure).toBeUndefined();
    expect(a.metrics.validLoss).toBe(b.metrics.validLoss);
    expect(a.metrics.validLoss).not.toBe(c.metrics.validLoss);
    expect(a.hiddenMetrics?.testAcc).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('records a diverging recipe as a failed evaluation instead of throwing', async () => {
    // Inputs of 1e18 overflow float32 within a few SGD steps.
    const rng = new Rng(3);
    const n = 200;
    const make = (count: number): Dataset => ({
      name: 'huge',
      x: Float32Array.from({ length: count * 4 }, () => rng.normal() * 1e18),
      y: Int32Array.from({ length: count }, () => rng.int(3)),
      sampleShape: [4],
      numClasses: 3,
    });
    const evaluator = new TrainerEvaluator({ dataset: { train: make(n), validation: make(50) }, normalisation: 'none', backend: 'wasm', latency: false });
    evaluator.data();
    const baseline = tf.memory().numTensors;
    const result = await evaluator.evaluate(
      { arch: { kind: 'mlp', hidden: [16] }, recipe: { optimizer: 'sgd', momentum: 0.9, lr: 1, epochs: 3, batchSize: 20 } },
      { rng: new Rng(1) },
    );
    expect(result.failure).toMatch(/^training diverged: loss is (NaN|Infinity) at epoch \d+, step \d+$/);
    expect(result.metrics.validAcc).toBeUndefined();
    expect(result.metrics.flopsM).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('evaluates candidates of a trainer space through its archSpec', async () => {
    const space = new MlpSpace({ epochs: [2] });
    const candidate = space.withValue(space.withValue(space.sample(new Rng(4)), 'lr', 0.01), 'optimizer', 'adam');
    const evaluator = new TrainerEvaluator({ dataset: 'sklearn-digits', backend: 'wasm', latency: false, space });
    const result = await evaluator.evaluate(candidate, { rng: new Rng(1) });
    expect(result.failure).toBeUndefined();
    expect(result.metrics.flopsM).toBeCloseTo(space.statistics(candidate).flopsM as number, 9);
    expect(result.info?.recipe).toMatchObject({ lr: 0.01, epochs: 2 });
  });

  it('trainOnce takes text specs and validates the recipe at the edge', async () => {
    const report = await trainOnce({ arch: 'mlp:32', recipe: { epochs: 5, lr: 0.01 }, dataset: 'sklearn-digits', backend: 'wasm', test: true });
    expect(report.arch).toEqual({ kind: 'mlp', hidden: [32], activation: 'relu', batchNorm: false });
    expect(report.evaluation.hiddenMetrics?.testAcc).toBeGreaterThan(0.5);
    await expect(trainOnce({ arch: 'mlp:32', recipe: { optimizer: 'adagrad' }, dataset: 'sklearn-digits' })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[InvalidInputError: recipe.optimizer must be one of sgd, adam, adamw, rmsprop, but got "adagrad"]`,
    );
  });
});

describe('model builders', () => {
  const space = new Nb201Space();
  const cells = [
    '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|',
    '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|',
    '|nor_conv_1x1~0|+|skip_connect~0|none~1|+|avg_pool_3x3~0|nor_conv_3x3~1|skip_connect~2|',
    '|avg_pool_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|none~0|none~1|nor_conv_1x1~2|',
  ];
  it.each(cells)('NB201 network FLOPs and params equal the space statistics for %s', (cell) => {
    const model = buildModel({ kind: 'nb201', cell, channels: 16, cellsPerStage: 5 }, { sampleShape: [32, 32, 3], numClasses: 10 }, new Rng(1));
    const stats = space.statistics(space.fromArchString(cell));
    expect(countFlops(model) / 1e6).toBeCloseTo(stats.flopsM as number, 9);
    expect(countTrainableParams(model) / 1e6).toBeCloseTo(stats.paramsM as number, 9);
    model.dispose();
  });

  it('a small NB201 network trains on digits (gradients flow through every op)', async () => {
    const evaluator = new TrainerEvaluator({ dataset: 'sklearn-digits', backend: 'wasm', latency: false });
    const result = await evaluator.evaluate(
      { arch: { kind: 'nb201', cell: cells[2] as string, channels: 4, cellsPerStage: 1 }, recipe: { epochs: 2, lr: 0.01 } },
      { rng: new Rng(2) },
    );
    expect(result.failure).toBeUndefined();
    expect(result.metrics.validAcc).toBeGreaterThan(0.3);
  });

  it('split sizes follow the request', () => {
    const s = splitDataset(loadDataset('sklearn-digits'), { validation: 300, train: 500 }, new Rng(0));
    expect([s.train.y.length, s.validation.y.length]).toEqual([500, 300]);
  });
});

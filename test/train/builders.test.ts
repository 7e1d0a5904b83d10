import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import type { Json } from '../../src/core/index.js';
import { buildModel, countFlops, parseArchSpec, PNAS_OPS, TrainerEvaluator } from '../../src/train/index.js';
import { DilatedConv2D } from '../../src/train/dilated-conv.js';
import { initTrainingBackend } from '../../src/native/index.js';

beforeAll(async () => {
  await initTrainingBackend('wasm');
});

const input = { sampleShape: [8, 8, 1], numClasses: 10 };

describe('MBConv and PNAS builders', () => {
  it('MBConv FLOPs: stem + expand + depthwise + SE + project + head + classifier, by hand', () => {
    const spec = parseArchSpec({
      kind: 'mbconv', stemChannels: 4, headChannels: 16,
      stages: [{ channels: 4, depth: 1, kernel: 3, expansion: 3, se: true, stride: 1 }],
    });
    const model = buildModel(spec, input, new Rng(1));
    const hw = 64;
    const expected = hw * 4 * 9 * 1 + hw * 12 * 4 + hw * 12 * 9 + (12 * 1 + 1) + (1 * 12 + 12) + hw * 4 * 12 + hw * 16 * 4 + (16 * 10 + 10);
    expect(countFlops(model)).toBe(expected);
    model.dispose();
  });

  it('PNAS cell FLOPs count separable, factorised and dilated convs', () => {
    const spec = parseArchSpec({ kind: 'pnas', blocks: [[-1, 'sep3x3', -2, 'dil3x3']], filters: 4, cellsPerStage: 1, reductions: 0 });
    const model = buildModel(spec, input, new Rng(1));
    const hw = 64;
    // stem 3×3 (1→4), two 1×1 preprocessing convs, sep3x3 (dw 9·4 + pw 4·4), dilated 3×3 (9·4·4), classifier.
    const expected = hw * 4 * 9 + 2 * hw * 16 + hw * (36 + 16) + hw * 144 + (4 * 10 + 10);
    expect(countFlops(model)).toBe(expected);
    model.dispose();
  });

  it('train for a step with every op, stride 2 reductions and SE/drop-path, without leaking tensors', async () => {
    const evaluator = new TrainerEvaluator({ dataset: 'sklearn-digits', split: { validation: 100, train: 200 }, backend: 'wasm', latency: { repeats: 2, warmup: 1 } });
    evaluator.data();
    const baseline = tf.memory().numTensors;
    const pnasBlocks = [
      [-1, 'identity', -2, 'sep5x5'],
      [0, 'conv1x7_7x1', -1, 'dil3x3'],
      [-2, 'max3x3', 1, 'avg3x3'],
      [2, 'sep7x7', 0, 'sep3x3'],
    ];
    const archs: Json[] = [
      { kind: 'pnas', blocks: pnasBlocks, filters: 4, cellsPerStage: 1, reductions: 2 },
      {
        kind: 'mbconv', stemChannels: 4, headChannels: 16, resolution: 12,
        stages: [
          { channels: 4, depth: 2, kernel: 3, expansion: 1, se: false, stride: 1 },
          { channels: 8, depth: 2, kernel: 5, expansion: 4, se: true, stride: 2 },
        ],
      },
    ];
    expect(new Set(pnasBlocks.flatMap((b) => [b[1], b[3]]))).toEqual(new Set(PNAS_OPS));
    for (const arch of archs) {
      const result = await evaluator.evaluate({ arch, recipe: { epochs: 1, batchSize: 50, stochasticDepth: 0.2, dropout: 0.1 } }, { rng: new Rng(3) });
      expect(result.failure).toBeUndefined();
      expect(result.metrics.validAcc).toBeGreaterThanOrEqual(0);
      expect(result.metrics.flopsM).toBeGreaterThan(0);
    }
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('DilatedConv2D equals a dilation-2 conv (stride 1) and its even-pixel subsample (stride 2)', () => {
    const rng = new Rng(9);
    const xv = Float32Array.from({ length: 2 * 7 * 7 * 3 }, () => rng.normal());
    for (const strides of [1, 2]) {
      const layer = new DilatedConv2D({ filters: 4, kernelSize: 3, dilation: 2, strides, seed: 5 });
      const x = tf.tensor4d(xv, [2, 7, 7, 3]);
      const y = layer.apply(x) as tf.Tensor4D;
      const kernel = layer.getWeights()[0] as tf.Tensor4D;
      let reference = tf.conv2d(x, kernel, 1, 'same', 'NHWC', 2);
      if (strides === 2) reference = tf.gather(tf.gather(reference, [0, 2, 4, 6], 1), [0, 2, 4, 6], 2) as tf.Tensor4D;
      expect(y.shape).toEqual(reference.shape);
      const diff = tf.max(tf.abs(tf.sub(y, reference))).dataSync()[0]!;
      expect(diff).toBeLessThan(1e-4);
      expect(layer.computeOutputShape([null, 7, 7, 3])).toEqual([null, strides === 1 ? 7 : 4, strides === 1 ? 7 : 4, 4]);
      tf.dispose([x, y, reference]);
      layer.dispose();
    }
  });

  it('spec errors name the field', () => {
    expect(() => parseArchSpec({ kind: 'resnet' })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidInputError: arch.kind must be one of mlp, cnn, nb201, mbconv, pnas, but got "resnet"]`,
    );
    expect(() => parseArchSpec({ kind: 'pnas', blocks: [[0, 'sep3x3', -1, 'identity']] })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidInputError: arch.blocks.0 input must be −2, −1 or an earlier block (< 0), but got 0]`,
    );
    expect(() => parseArchSpec({ kind: 'pnas', blocks: [[-1, 'conv9x9', -1, 'identity']] })).toThrow(/arch\.blocks\.0\.1 must be one of identity, sep3x3/);
  });
});

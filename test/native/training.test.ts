import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { nativeStatus } from '../../src/native/index.js';
import { buildModel, parseArchSpec } from '../../src/train/index.js';
import { randomArray, relativeError, setupWasm, stockAndNativeAsync } from './helpers.js';

/**
 * A few SGD steps of one network from every trainer space, once on the stock wasm kernels and
 * once with the native ones, from the same seeded weights and data: losses and final weights
 * must agree to 1e-4, relative to the network's largest weight. SGD rather than Adam: Adam
 * divides by the gradient's own scale, so a bias followed by BatchNorm (true gradient 0,
 * float noise ~1e-9) moves by ±lr on the sign of that noise, on either path.
 */

let loaded = false;
beforeAll(async () => {
  loaded = await setupWasm();
  if (!loaded) console.warn(`native training tests skipped: ${nativeStatus().reason ?? ''}`);
});

const SPECS: Record<string, { spec: unknown; sampleShape: number[] }> = {
  mlp: { spec: { kind: 'mlp', hidden: [32, 16], batchNorm: true }, sampleShape: [20] },
  cnn: { spec: { kind: 'cnn', filters: [8, 16, 16], dense: 16 }, sampleShape: [16, 16, 1] },
  nb201: {
    spec: { kind: 'nb201', cell: '|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|avg_pool_3x3~0|none~1|nor_conv_3x3~2|', channels: 4, cellsPerStage: 1 },
    sampleShape: [16, 16, 3],
  },
  mbconv: {
    spec: {
      kind: 'mbconv',
      stemChannels: 8,
      headChannels: 16,
      stages: [
        { channels: 8, depth: 1, kernel: 3, expansion: 3, se: true, stride: 2 },
        { channels: 12, depth: 2, kernel: 5, expansion: 4, se: false, stride: 1 },
      ],
    },
    sampleShape: [16, 16, 3],
  },
  pnas: {
    spec: {
      kind: 'pnas',
      blocks: [
        [-1, 'sep3x3', -2, 'max3x3'],
        [0, 'avg3x3', -1, 'conv1x7_7x1'],
        [-2, 'dil3x3', 1, 'identity'],
        [-1, 'sep5x5', 2, 'sep7x7'],
      ],
      filters: 4,
      reductions: 1,
    },
    sampleShape: [12, 12, 3],
  },
};

async function train(name: string): Promise<{ losses: number[]; weights: Float32Array[] }> {
  const { spec, sampleShape } = SPECS[name] as { spec: unknown; sampleShape: number[] };
  const model = buildModel(parseArchSpec(spec), { sampleShape, numClasses: 5 }, new Rng(7));
  model.compile({ optimizer: tf.train.sgd(0.05), loss: 'sparseCategoricalCrossentropy' });
  const rng = new Rng(11);
  const batch = 8;
  const x = tf.tensor(randomArray(rng, batch * sampleShape.reduce((a, b) => a * b)), [batch, ...sampleShape]);
  const y = tf.tensor2d(Array.from({ length: batch }, (_, i) => i % 5), [batch, 1]);
  const losses: number[] = [];
  for (let s = 0; s < 3; s++) losses.push((await model.trainOnBatch(x, y)) as number);
  const weights = model.getWeights(true).map((w) => w.dataSync() as Float32Array);
  tf.dispose([x, y]);
  model.dispose();
  return { losses, weights };
}

describe('a few training steps match plain wasm in every trainer space', () => {
  for (const name of Object.keys(SPECS)) {
    it(name, async ({ skip }) => {
      if (!loaded) skip();
      // Stock wasm MaxPoolGrad misroutes the gradient of windows with no positive value (see
      // memory-kernels.test.ts); PNAS's max3x3 sees such windows, so keep it stock there.
      const exclude = name === 'pnas' ? ['MaxPoolGrad'] : [];
      const [stock, native] = await stockAndNativeAsync(() => train(name), { exclude });
      expect(native.losses.every(Number.isFinite)).toBe(true);
      expect(relativeError(native.losses, stock.losses)).toBeLessThanOrEqual(1e-4);
      expect(native.weights.length).toBe(stock.weights.length);
      const all = (ws: Float32Array[]) => Float32Array.from(ws.flatMap((w) => Array.from(w)));
      expect(relativeError(all(native.weights), all(stock.weights))).toBeLessThanOrEqual(1e-4);
    });
  }
});


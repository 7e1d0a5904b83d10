import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { parseRecipe } from '../../src/space/index.js';
import { buildModel, forward, trainModel } from '../../src/train/index.js';
import { initTrainingBackend } from '../../src/native/index.js';

beforeAll(async () => {
  await initTrainingBackend('wasm');
});

describe('forward in training mode', () => {
  it('reaches dropout and drop-path (random in training, identity in inference)', () => {
    const model = buildModel(
      { kind: 'mbconv', stemChannels: 4, headChannels: 8, stages: [{ channels: 4, depth: 2, kernel: 3, expansion: 1, se: false, stride: 1 }] },
      { sampleShape: [6, 6, 1], numClasses: 3 },
      new Rng(1),
      { dropout: 0.5, stochasticDepth: 0.9 },
    );
    const x = tf.randomNormal([4, 6, 6, 1], 0, 1, 'float32', 1);
    const [a, b, c, d] = [forward(model, x, true), forward(model, x, true), forward(model, x, false), forward(model, x, false)];
    expect(Array.from(a!.dataSync())).not.toEqual(Array.from(b!.dataSync()));
    expect(Array.from(c!.dataSync())).toEqual(Array.from(d!.dataSync()));
    expect(Array.from(c!.dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
    model.dispose();
  });

  it('lets batch norm learn moving statistics during training', () => {
    const model = buildModel({ kind: 'cnn', filters: [4], dense: 0, batchNorm: true, kernel: 3 }, { sampleShape: [5, 5, 1], numClasses: 2 }, new Rng(1));
    const rng = new Rng(2);
    const data = { name: 's', x: Float32Array.from({ length: 40 * 25 }, () => 3 + rng.normal()), y: Int32Array.from({ length: 40 }, (_, i) => i % 2), sampleShape: [5, 5, 1], numClasses: 2 };
    const bn = model.layers.find((l) => l.getClassName() === 'BatchNormalization')!;
    const movingMean = () => Array.from(bn.getWeights()[2]!.dataSync());
    expect(movingMean().every((v) => v === 0)).toBe(true);
    trainModel(model, data, parseRecipe({ epochs: 2, batchSize: 10 }), new Rng(3));
    expect(movingMean().some((v) => Math.abs(v) > 0.1)).toBe(true);
    model.dispose();
  });

  it('pauses at a first-epoch checkpoint, and stopping there trains that fraction of an epoch', () => {
    const model = buildModel({ kind: 'mlp', hidden: [4], activation: 'relu', batchNorm: false }, { sampleShape: [3], numClasses: 2 }, new Rng(1));
    const rng = new Rng(2);
    // 90 samples in batches of 10: 9 steps an epoch, the 1/3 checkpoint falls after step 3
    const data = { name: 's', x: Float32Array.from({ length: 90 * 3 }, () => rng.normal()), y: Int32Array.from({ length: 90 }, (_, i) => i % 2), sampleShape: [3], numClasses: 2 };
    const recipe = parseRecipe({ epochs: 2, batchSize: 10 });
    const asked: number[] = [];
    const full = trainModel(model, data, recipe, new Rng(3), { checkpoints: [1 / 3], afterEpoch: (log) => (asked.push(log.epoch), 'continue') });
    expect(asked).toEqual([1 / 3, 1]); // the checkpoint, then the end of epoch 1 (never after the last)
    expect(full.progress).toBe(2);
    expect(full.steps).toBe(18);
    const cut = trainModel(model, data, recipe, new Rng(3), { checkpoints: [1 / 3], afterEpoch: () => 'stop' });
    expect(cut.stopped).toBe(true);
    expect(cut.steps).toBe(3);
    expect(cut.epochs).toBe(0);
    expect(cut.progress).toBeCloseTo(1 / 3, 12);
    model.dispose();
  });
});

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
});

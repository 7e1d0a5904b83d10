import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { CnnSpace } from '../../src/space/index.js';
import { buildModel, countFlops, countTrainableParams, parseArchSpec } from '../../src/train/index.js';
import { spaceContract } from '../support/space-contract.js';

describe('CnnSpace', () => {
  it('analytic FLOPs and params equal the built network, for MNIST and CIFAR shapes', async () => {
    await tf.setBackend('cpu');
    for (const [shape, seed] of [
      [[28, 28, 1], 1],
      [[32, 32, 3], 2],
      [[27, 27, 1], 3],
    ] as const) {
      const space = new CnnSpace({ inputShape: shape, classes: 10 });
      const rng = new Rng(seed);
      for (let i = 0; i < 4; i++) {
        const c = space.sample(rng);
        const model = buildModel(parseArchSpec(space.archSpec(c)), { sampleShape: [...shape], numClasses: 10 }, new Rng(i));
        expect(countFlops(model) / 1e6).toBeCloseTo(space.statistics(c).flopsM as number, 9);
        expect(countTrainableParams(model) / 1e6).toBeCloseTo(space.statistics(c).paramsM as number, 9);
        model.dispose();
      }
    }
  });

  it('doubles the channels of each later conv', () => {
    const space = new CnnSpace();
    const c = space.sample(new Rng(1));
    const spec = space.archSpec(space.withValue(space.withValue(c, 'layers', 3), 'channels', 8));
    expect(spec.filters).toEqual([8, 16, 32]);
  });
});

describe('space contract: cnn', () => spaceContract(() => new CnnSpace()));

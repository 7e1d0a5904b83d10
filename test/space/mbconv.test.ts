import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { MbconvSpace } from '../../src/space/mbconv.js';
import { MlpSpace } from '../../src/space/mlp.js';
import { buildModel, countFlops, countTrainableParams, parseArchSpec } from '../../src/train/index.js';

describe('MbconvSpace', () => {
  const space = new MbconvSpace({ fidelities: [0.25, 1] });

  it('analytic FLOPs and params equal the built network (several random candidates)', async () => {
    await tf.setBackend('cpu');
    const rng = new Rng(3);
    for (let i = 0; i < 4; i++) {
      const c = space.sample(rng);
      const stats = space.statistics(c);
      const model = buildModel(parseArchSpec(space.archSpec(c)), { sampleShape: [28, 28, 1], numClasses: 10 }, new Rng(i));
      expect(countFlops(model) / 1e6).toBeCloseTo(stats.flopsM as number, 9);
      expect(countTrainableParams(model) / 1e6).toBeCloseTo(stats.paramsM as number, 9);
      model.dispose();
    }
  });

  it('grows by one block per expansion and has an early-stop fidelity', () => {
    const [first] = space.initial(new Rng(1), 5);
    expect(space.statistics(first!).blocks).toBe(4);
    for (const child of space.expand(first!)) expect(space.statistics(child).blocks).toBe(5);
    expect(space.fidelity?.cost(0.25)).toBe(0.25);
    expect(space.parse(JSON.parse(JSON.stringify(first)))).toEqual(first);
  });
});

describe('MlpSpace', () => {
  it('maps candidates to MLP specs whose FLOPs match the built model', async () => {
    await tf.setBackend('cpu');
    const space = new MlpSpace();
    const c = space.sample(new Rng(2));
    const spec = parseArchSpec(space.archSpec(c));
    const model = buildModel(spec, { sampleShape: [64], numClasses: 10 }, new Rng(1));
    expect(countFlops(model) / 1e6).toBeCloseTo(space.statistics(c).flopsM as number, 9);
    expect(countTrainableParams(model) / 1e6).toBeCloseTo(space.statistics(c).paramsM as number, 9);
    model.dispose();
    expect(space.complexityRange).toEqual([0, 7]);
  });
});

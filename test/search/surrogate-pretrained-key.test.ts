import { describe, expect, it } from 'vitest';
import { CnnSpace, MlpSpace } from '../../src/space/index.js';
import { FAST_NEURAL_OPTIONS, pretrainedKey } from '../../src/search/surrogate.js';

// The process-wide cache of pretrained encoders must not hand one dataset's encoder (and its
// statistics' normalisation) to a run on another: a cnn on MNIST and on 8×8 digits share the
// space's name, dimensions and statistic names, but not their FLOPs or parameter counts.
describe('pretrained encoder cache key', () => {
  it('tells apart spaces of one name built for other input shapes', () => {
    const mnist = new CnnSpace({ inputShape: [28, 28, 1], classes: 10 });
    const digits = new CnnSpace({ inputShape: [8, 8, 1], classes: 10 });
    expect(digits.name).toBe(mnist.name);
    expect(digits.statisticNames).toEqual(mnist.statisticNames);
    expect(digits.dimensions?.map((d) => d.values.length)).toEqual(mnist.dimensions?.map((d) => d.values.length));
    expect(pretrainedKey(digits, FAST_NEURAL_OPTIONS)).not.toBe(pretrainedKey(mnist, FAST_NEURAL_OPTIONS));

    const wide = new MlpSpace({ inputFeatures: 784, classes: 10 });
    const narrow = new MlpSpace({ inputFeatures: 64, classes: 10 });
    expect(pretrainedKey(narrow, FAST_NEURAL_OPTIONS)).not.toBe(pretrainedKey(wide, FAST_NEURAL_OPTIONS));
  });

  it('is the same for equal spaces and network shapes, and differs with the shape', () => {
    const a = new CnnSpace({ inputShape: [28, 28, 1], classes: 10 });
    const b = new CnnSpace({ inputShape: [28, 28, 1], classes: 10 });
    expect(pretrainedKey(b, FAST_NEURAL_OPTIONS)).toBe(pretrainedKey(a, FAST_NEURAL_OPTIONS));
    // The seed is not part of the shape: every run starts from the one encoder pretrained with seed 0.
    expect(pretrainedKey(b, { ...FAST_NEURAL_OPTIONS, seed: 7 })).toBe(pretrainedKey(a, FAST_NEURAL_OPTIONS));
    expect(pretrainedKey(b, { ...FAST_NEURAL_OPTIONS, encoderUnits: [32] })).not.toBe(pretrainedKey(a, FAST_NEURAL_OPTIONS));
  });
});

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DropPath, SeededDropout } from '../../src/train/layers.js';

describe('seeded mask layers', () => {
  const x = () => tf.ones([4, 3, 3, 2]);

  it('are the identity at inference and rescale survivors in training', async () => {
    await tf.setBackend('cpu');
    for (const layer of [new SeededDropout({ rate: 0.5, seed: 1 }), new DropPath({ rate: 0.5, seed: 1 })]) {
      expect(Array.from((layer.call(x(), {}) as tf.Tensor).dataSync())).toEqual(new Array(72).fill(1));
      const values = new Set((layer.call(x(), { training: true }) as tf.Tensor).dataSync());
      for (const v of values) expect([0, 2]).toContain(v);
    }
  });

  it('drop whole samples (DropPath) or single values (dropout), with a fresh mask per call', () => {
    const path = new DropPath({ rate: 0.5, seed: 3 });
    const masks = [0, 1, 2].map(() => Array.from((path.call(x(), { training: true }) as tf.Tensor).dataSync()));
    for (const m of masks) for (let s = 0; s < 4; s++) expect(new Set(m.slice(s * 18, (s + 1) * 18)).size).toBe(1);
    expect(new Set(masks.map((m) => m.join())).size).toBeGreaterThan(1);
    const a = Array.from((new SeededDropout({ rate: 0.5, seed: 7 }).call(x(), { training: true }) as tf.Tensor).dataSync());
    const b = Array.from((new SeededDropout({ rate: 0.5, seed: 7 }).call(x(), { training: true }) as tf.Tensor).dataSync());
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(2);
  });
});

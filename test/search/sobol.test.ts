import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { SOBOL_MAX_DIMENSIONS, SobolSequence } from '../../src/search/index.js';

const draw = (dims: number, n: number, seed: number, scramble = true) => {
  const s = new SobolSequence(dims, new Rng(seed), scramble);
  return Array.from({ length: n }, () => s.next());
};

describe('SobolSequence', () => {
  it('starts with the known unscrambled points in the first two dimensions', () => {
    expect(draw(2, 4, 1, false)).toEqual([
      [0, 0],
      [0.5, 0.5],
      [0.75, 0.25],
      [0.25, 0.75],
    ]);
  });

  it('puts exactly one of the first 2^m points in each of 2^m equal bins, in every dimension, scrambled or not', () => {
    for (const scramble of [false, true]) {
      const pts = draw(SOBOL_MAX_DIMENSIONS, 64, 7, scramble);
      for (let d = 0; d < SOBOL_MAX_DIMENSIONS; d++) {
        const bins = new Array<number>(64).fill(0);
        for (const p of pts) bins[Math.floor((p[d] as number) * 64)]! += 1;
        expect(bins.every((b) => b === 1)).toBe(true);
      }
    }
  });

  it('makes the first two dimensions a (0,4,2)-net: one of 16 points per elementary box', () => {
    const pts = draw(2, 16, 3);
    for (let a = 0; a <= 4; a++) {
      const nx = 2 ** a;
      const ny = 2 ** (4 - a);
      const boxes = new Map<string, number>();
      for (const [x, y] of pts as [number, number][]) {
        const k = `${Math.floor(x * nx)},${Math.floor(y * ny)}`;
        boxes.set(k, (boxes.get(k) ?? 0) + 1);
      }
      expect(boxes.size).toBe(16);
    }
  });

  it('is reproducible per seed and differs between seeds; extra dimensions stay in [0, 1)', () => {
    expect(draw(20, 10, 5)).toEqual(draw(20, 10, 5));
    expect(draw(20, 10, 5)).not.toEqual(draw(20, 10, 6));
    for (const p of draw(20, 50, 2)) for (const v of p) expect(v >= 0 && v < 1).toBe(true);
  });
});

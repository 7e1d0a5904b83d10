import { describe, expect, it } from 'vitest';
import { lowerBound, upperBound } from '../../src/core/index.js';

describe('lowerBound / upperBound', () => {
  it('find the first index ≥ and > a value in an ascending array', () => {
    const sorted = Float64Array.from([1, 2, 2, 2, 5]);
    expect([0, 1, 2, 3, 5, 9].map((x) => lowerBound(sorted, x))).toEqual([0, 0, 1, 4, 4, 5]);
    expect([0, 1, 2, 3, 5, 9].map((x) => upperBound(sorted, x))).toEqual([0, 1, 4, 4, 5, 5]);
    expect([lowerBound([], 3), upperBound([], 3)]).toEqual([0, 0]);
  });
});

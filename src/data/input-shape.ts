import { InvalidInputError, show } from '../core/index.js';
import type { Dataset } from './dataset.js';
import { sampleSize } from './dataset.js';

/** An image shape `[height, width, channels]` for datasets stored as flat rows (a CSV of pixels). */
export type InputShape = readonly [number, number, number];

/** Parses `8x8x1` (also `8×8×1` or `8,8,1`); `field` names the flag or config field in errors. */
export function parseInputShape(text: string, field = '--input-shape'): InputShape {
  const dims = text.trim().split(/\s*[x×,]\s*/i);
  const values = dims.map(Number);
  if (dims.length !== 3 || values.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new InvalidInputError(`${field} must be HxWxC (three positive integers, e.g. 8x8x1 or 32x32x3), but got ${show(text)}`);
  }
  return values as unknown as InputShape;
}

/** Reads each flat sample of `data` as an image of `shape` (row-major HWC); the values stay as they are. */
export function withInputShape(data: Dataset, shape: InputShape, field = 'inputShape'): Dataset {
  const want = sampleSize({ sampleShape: shape });
  const have = sampleSize(data);
  if (want !== have) {
    throw new InvalidInputError(
      `${field} ${shape.join('x')} has ${want} values per sample, but dataset ${data.name} has ${have} (shape [${data.sampleShape.join(', ')}])${hintFor(have) ? `; ${hintFor(have)} would fit` : ''}`,
    );
  }
  return { ...data, sampleShape: [...shape] };
}

/** Image shapes a sample of `size` values could be: square greyscale, else square RGB (e.g. `8x8x1`). */
export function guessImageShape(size: number): InputShape | undefined {
  for (const channels of [1, 3]) {
    const side = Math.round(Math.sqrt(size / channels));
    if (side > 1 && side * side * channels === size) return [side, side, channels];
  }
  return undefined;
}

function hintFor(size: number): string | undefined {
  const guess = guessImageShape(size);
  return guess ? guess.join('x') : undefined;
}

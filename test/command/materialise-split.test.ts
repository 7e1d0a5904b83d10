import { readFileSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeIdxFloat32, materialiseSplit } from '../../src/command/index.js';
import { prepareSplits } from '../../src/train/index.js';
import type { Dataset } from '../../src/data/index.js';
import { scratch } from './trial-fixtures.js';

const scratches: ReturnType<typeof scratch>[] = [];
afterEach(() => {
  for (const s of scratches.splice(0)) s.remove();
});

/** Reads an IDX file as the protocol describes it (big-endian header, float32 or uint8 data). */
function readIdx(file: string): { type: number; dims: number[]; values: number[] } {
  const bytes = readFileSync(file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect([bytes[0], bytes[1]]).toEqual([0, 0]);
  const type = bytes[2] as number;
  const dims = Array.from({ length: bytes[3] as number }, (_, i) => view.getUint32(4 + 4 * i, false));
  const start = 4 + 4 * dims.length;
  const n = dims.reduce((a, b) => a * b, 1);
  expect(bytes.length).toBe(start + n * (type === 0x0d ? 4 : 1));
  const values = Array.from({ length: n }, (_, i) => (type === 0x0d ? view.getFloat32(start + 4 * i, false) : (bytes[start + i] as number)));
  return { type, dims, values };
}

describe('materialiseSplit', () => {
  it('writes exactly the normalised split jars\' own trainer trains on (sklearn digits, with a test split)', () => {
    const s = scratch();
    scratches.push(s);
    const options = { dataset: 'sklearn-digits', split: { validation: 0.2, test: 0.1 }, splitSeed: 7 };
    const written = materialiseSplit(s.runDir, options);
    const expected = prepareSplits(options);
    expect(written.sampleShape).toEqual([8, 8, 1]);
    expect(written.classes).toBe(10);
    expect(written.counts).toEqual({ train: 1258, validation: 359, test: 180 });
    for (const part of ['train', 'validation', 'test'] as const) {
      const ds = expected[part] as Dataset;
      const files = written.files[part];
      if (!files) throw new Error(`no ${part} files`);
      const x = readIdx(files.x);
      const y = readIdx(files.y);
      expect(x.type).toBe(0x0d);
      expect(x.dims).toEqual([ds.y.length, 8, 8, 1]);
      expect(x.values).toEqual(Array.from(ds.x));
      expect(y).toEqual({ type: 0x08, dims: [ds.y.length], values: Array.from(ds.y) });
    }
    // unit normalisation of digits: values in [0, 1], not the raw 0–16
    expect(Math.max(...readIdx(written.files.train.x).values)).toBe(1);
  });

  it('writes once per run: a second call reuses the files; other options rewrite them', () => {
    const s = scratch();
    scratches.push(s);
    const options = { dataset: s.dataset, split: { validation: 0.25 }, splitSeed: 3 };
    const first = materialiseSplit(s.runDir, options);
    expect(first.files.test).toBeUndefined();
    expect(first.counts).toEqual({ train: 30, validation: 10 });
    const written = statSync(first.files.train.x).mtimeMs;
    expect(materialiseSplit(s.runDir, options)).toEqual(first);
    expect(statSync(first.files.train.x).mtimeMs).toBe(written);
    const firstLabels = readIdx(first.files.train.y).values;
    const other = materialiseSplit(s.runDir, { ...options, splitSeed: 4 });
    expect(readIdx(other.files.train.y).values).not.toEqual(firstLabels);
    expect(readIdx(other.files.train.y).values).toEqual(Array.from(prepareSplits({ ...options, splitSeed: 4 }).train.y));
  });

  it('encodes float32 big-endian', () => {
    expect(Array.from(encodeIdxFloat32(Float32Array.of(1, -2), [2]))).toEqual([0, 0, 0x0d, 1, 0, 0, 0, 2, 0x3f, 0x80, 0, 0, 0xc0, 0, 0, 0]);
  });
});

import { existsSync } from 'node:fs';
import path from 'node:path';
import { DataError } from '../core/index.js';
import type { Dataset } from './dataset.js';
import { readMaybeGzip } from './read-bytes.js';

const UNSIGNED_BYTE = 0x08;
export const IDX_WHERE_TO_GET =
  'IDX files (MNIST/Fashion-MNIST layout) come from http://yann.lecun.com/exdb/mnist/ or https://github.com/zalandoresearch/fashion-mnist; gzipped or not.';

/** One IDX array of unsigned bytes: dimensions from the header, values after it. */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

/** Parses the IDX format: 2 zero bytes, type byte (0x08 = ubyte), rank byte, big-endian uint32 dims. */
export function parseIdx(bytes: Uint8Array, source: string): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataError(`${source} is not an IDX file: it must start with two zero bytes (magic 0x0000TTRR)`);
  }
  if (bytes[2] !== UNSIGNED_BYTE) {
    throw new DataError(`${source}: IDX element type must be 0x08 (unsigned byte), but got 0x${(bytes[2] ?? 0).toString(16)}`);
  }
  const rank = bytes[3] as number;
  const headerBytes = 4 + 4 * rank;
  if (rank < 1 || bytes.length < headerBytes) throw new DataError(`${source}: IDX header of rank ${rank} is truncated`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerBytes;
  if (actual !== expected) {
    throw new DataError(`${source}: IDX header says ${dims.join('×')} = ${expected} values, but the file holds ${actual}`);
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

/** An images file (rank 3: n × rows × cols) and its labels file (rank 1: n) as a dataset. */
export function loadIdxPair(imagesFile: string, labelsFile: string, name = path.basename(imagesFile)): Dataset {
  const images = parseIdx(readMaybeGzip(imagesFile, IDX_WHERE_TO_GET), imagesFile);
  const labels = parseIdx(readMaybeGzip(labelsFile, IDX_WHERE_TO_GET), labelsFile);
  if (images.dims.length !== 3) {
    throw new DataError(`${imagesFile}: IDX images must have rank 3 (count × rows × cols), but got shape ${images.dims.join('×')}`);
  }
  if (labels.dims.length !== 1) {
    throw new DataError(`${labelsFile}: IDX labels must have rank 1 (count), but got shape ${labels.dims.join('×')}`);
  }
  const [n, rows, cols] = images.dims as [number, number, number];
  if (n < 1 || rows < 1 || cols < 1) {
    throw new DataError(`${imagesFile}: IDX images are ${n}×${rows}×${cols} (count × rows × cols), but a dataset needs at least one image of at least 1×1 pixels`);
  }
  if (labels.dims[0] !== n) {
    throw new DataError(`${labelsFile} holds ${labels.dims[0]} labels but ${imagesFile} holds ${n} images; they must match`);
  }
  const y = Int32Array.from(labels.data);
  const numClasses = classCountOfIndices(y, labelsFile);
  return { name, x: Float32Array.from(images.data), y, sampleShape: [rows, cols, 1], numClasses, maxValue: 255 };
}

/** Finds `<prefix>-images-idx3-ubyte[.gz]` and the matching labels file in a folder. */
export function findIdxPair(dir: string, prefix: string): { images: string; labels: string } | undefined {
  for (const ext of ['', '.gz']) {
    const images = path.join(dir, `${prefix}-images-idx3-ubyte${ext}`);
    const labels = path.join(dir, `${prefix}-labels-idx1-ubyte${ext}`);
    if (existsSync(images) && existsSync(labels)) return { images, labels };
  }
  return undefined;
}

/**
 * The class count of labels that are class indices (IDX): the largest + 1. Labels must be indices
 * 0..K-1: a few classes may be missing from a file (a subset), but not most of them, as when
 * labels are {0, 255} (a mask, or bytes that are not classes), which would train a 256-class model.
 */
export function classCountOfIndices(y: Int32Array, source: string): number {
  const distinct = [...new Set(y)].sort((a, b) => a - b);
  const classes = (distinct.at(-1) ?? -1) + 1;
  if (classes > 2 * distinct.length) {
    const shown = distinct.length <= 12 ? distinct.join(', ') : `${distinct.slice(0, 10).join(', ')}, …, ${distinct.at(-1) as number}`;
    throw new DataError(
      `${source}: the labels are {${shown}}, but labels must be class indices 0..K-1: ${distinct.length} distinct labels up to ${classes - 1} would make ${classes} classes, ` +
        `${classes - distinct.length} of them never seen (at most as many missing as present are accepted); number the classes 0..${distinct.length - 1}`,
    );
  }
  return classes;
}

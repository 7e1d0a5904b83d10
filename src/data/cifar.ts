import path from 'node:path';
import { DataError } from '../core/index.js';
import type { Dataset } from './dataset.js';
import { readMaybeGzip } from './read-bytes.js';

export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;
const SIDE = 32;
const PLANE = SIDE * SIDE;
const RECORD = 1 + 3 * PLANE;
export const CIFAR_WHERE_TO_GET =
  'CIFAR-10 binary batches (data_batch_1.bin … data_batch_5.bin, test_batch.bin) come from https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';

/**
 * CIFAR-10 binary batches: records of 1 label byte then 3072 bytes (the R, G and B planes, each
 * 32×32 row-major). Returned as HWC so they feed NHWC convolutions directly.
 */
export function loadCifar10Batches(files: readonly string[], name = 'cifar10'): Dataset {
  const parts = files.map((file) => {
    const bytes = readMaybeGzip(file, CIFAR_WHERE_TO_GET);
    if (bytes.length === 0 || bytes.length % RECORD !== 0) {
      throw new DataError(`${file}: a CIFAR-10 binary batch is a whole number of ${RECORD}-byte records, but the file has ${bytes.length} bytes`);
    }
    return { file, bytes };
  });
  const n = parts.reduce((s, p) => s + p.bytes.length / RECORD, 0);
  const x = new Float32Array(n * 3 * PLANE);
  const y = new Int32Array(n);
  let k = 0;
  for (const { file, bytes } of parts) {
    for (let r = 0; r < bytes.length / RECORD; r++, k++) {
      const base = r * RECORD;
      const label = bytes[base] as number;
      if (label >= CIFAR10_CLASSES.length) {
        throw new DataError(`${file}: record ${r} has label ${label}; CIFAR-10 labels must be 0–9 (is this a CIFAR-100 file?)`);
      }
      y[k] = label;
      const out = k * 3 * PLANE;
      for (let p = 0; p < PLANE; p++) {
        x[out + 3 * p] = bytes[base + 1 + p] as number;
        x[out + 3 * p + 1] = bytes[base + 1 + PLANE + p] as number;
        x[out + 3 * p + 2] = bytes[base + 1 + 2 * PLANE + p] as number;
      }
    }
  }
  return { name, x, y, sampleShape: [SIDE, SIDE, 3], numClasses: CIFAR10_CLASSES.length, classNames: CIFAR10_CLASSES, maxValue: 255 };
}

export function cifarBatchName(file: string): string {
  return path.basename(file).replace(/\.bin(\.gz)?$/, '');
}

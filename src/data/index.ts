export type { Dataset, DataSplits, SplitOptions, Normalisation, NormalisationStats } from './dataset.js';
export {
  sampleSize,
  datasetSize,
  subset,
  splitDataset,
  splitSizes,
  minimumSplitSamples,
  checkSplitFits,
  normaliseSplits,
  applyNormalisation,
  classCounts,
  NORMALISATIONS,
} from './dataset.js';
export { parseIdx, loadIdxPair, findIdxPair } from './idx.js';
export type { IdxArray } from './idx.js';
export { loadCifar10Batches, CIFAR10_CLASSES } from './cifar.js';
export { loadCsvDataset } from './csv.js';
export type { CsvOptions } from './csv.js';
export { loadMnistPackage } from './mnist-package.js';
export { loadDataset, DATASET_NAMES } from './load-dataset.js';
export { parseInputShape, withInputShape, guessImageShape } from './input-shape.js';
export type { InputShape } from './input-shape.js';
export type { LoadDatasetOptions } from './load-dataset.js';
export { readMaybeGzip } from './read-bytes.js';
export { resolveDataDir, dataFile } from './data-dir.js';

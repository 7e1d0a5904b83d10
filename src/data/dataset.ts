import { InvalidInputError } from '../core/index.js';
import type { Rng } from '../core/index.js';

/**
 * A labelled classification dataset held in memory. Images are row-major HWC; tabular rows are
 * `[features]`. Values are as loaded (bytes as 0–255, digits as 0–16); `normaliseSplits` rescales.
 */
export interface Dataset {
  readonly name: string;
  /** `count × sampleSize` values. */
  readonly x: Float32Array;
  /** Class index per sample, in [0, numClasses). */
  readonly y: Int32Array;
  /** Shape of one sample: `[height, width, channels]` or `[features]`. */
  readonly sampleShape: readonly number[];
  readonly numClasses: number;
  readonly classNames?: readonly string[];
  /** Largest value a raw feature can take (255 for bytes), when the format fixes it. */
  readonly maxValue?: number;
}

export interface DataSplits {
  readonly train: Dataset;
  readonly validation: Dataset;
  /** Present only when a test split was asked for; never used for search decisions. */
  readonly test?: Dataset;
}

export function sampleSize(ds: Pick<Dataset, 'sampleShape'>): number {
  return ds.sampleShape.reduce((a, b) => a * b, 1);
}

export function datasetSize(ds: Dataset): number {
  return ds.y.length;
}

/** The samples at `indices`, in that order. */
export function subset(ds: Dataset, indices: readonly number[], name = ds.name): Dataset {
  const size = sampleSize(ds);
  const x = new Float32Array(indices.length * size);
  const y = new Int32Array(indices.length);
  indices.forEach((i, k) => {
    x.set(ds.x.subarray(i * size, (i + 1) * size), k * size);
    y[k] = ds.y[i] as number;
  });
  return { ...ds, name, x, y };
}

export interface SplitOptions {
  /** Validation samples: a count (≥ 1) or a fraction (< 1) of the dataset. */
  readonly validation: number;
  /** Test samples, count or fraction; 0 or absent for none. */
  readonly test?: number;
  /** Cap on training samples (the rest after validation/test by default). */
  readonly train?: number;
}

/** How many of `n` samples each split gets (test, validation, train), before any check. */
export function splitSizes(n: number, options: SplitOptions): { train: number; validation: number; test: number } {
  const count = (v: number | undefined, field: string): number => {
    if (v === undefined || v === 0) return 0;
    if (!(v > 0)) throw new InvalidInputError(`split.${field} must be a positive count or a fraction in (0, 1), but got ${v}`);
    return v < 1 ? Math.round(v * n) : Math.floor(v);
  };
  const test = count(options.test, 'test');
  const validation = count(options.validation, 'validation');
  const rest = n - test - validation;
  const train = options.train === undefined ? rest : Math.min(rest, count(options.train, 'train'));
  return { train, validation, test };
}

/** The fewest samples that give every split it asks for at least one training and one validation sample. */
export function minimumSplitSamples(options: SplitOptions): number {
  for (let n = 2; n < 10_000_000; n++) {
    const s = splitSizes(n, options);
    if (s.train >= 1 && s.validation >= 1) return n;
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * Refuses, before a run starts, a dataset too small for its split (else every worker fails on it).
 * `source` names the dataset (its path) and `unit` what a sample is there (rows of a CSV).
 */
export function checkSplitFits(ds: Dataset, options: SplitOptions, source: string, unit = 'samples'): void {
  const n = datasetSize(ds);
  const sizes = splitSizes(n, options);
  if (sizes.train >= 1 && sizes.validation >= 1) return;
  const part = (v: number | undefined, name: string) => (v === undefined || v === 0 ? [] : [`${name} ${v < 1 ? `${+(v * 100).toFixed(4)}%` : v}`]);
  const asked = [...part(options.validation, 'validation'), ...part(options.test, 'test')].join(', ');
  throw new InvalidInputError(
    `dataset ${source} has ${n} ${unit}, but its split (${asked}) needs at least ${minimumSplitSamples(options)}: one or more for training and for validation (${n} give train=${sizes.train}, validation=${sizes.validation}, test=${sizes.test})`,
  );
}

/** Seeded shuffle, then test, validation and train taken in that order without overlap. */
export function splitDataset(ds: Dataset, options: SplitOptions, rng: Rng): DataSplits {
  const n = datasetSize(ds);
  const { train: nTrain, validation: nValid, test: nTest } = splitSizes(n, options);
  if (nValid < 1 || nTrain < 1) {
    throw new InvalidInputError(
      `split of ${ds.name} needs at least one training and one validation sample, but ${n} samples give train=${nTrain}, validation=${nValid}, test=${nTest}`,
    );
  }
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const test = nTest > 0 ? subset(ds, order.slice(0, nTest), `${ds.name}:test`) : undefined;
  const validation = subset(ds, order.slice(nTest, nTest + nValid), `${ds.name}:validation`);
  const train = subset(ds, order.slice(nTest + nValid, nTest + nValid + nTrain), `${ds.name}:train`);
  return test ? { train, validation, test } : { train, validation };
}

export const NORMALISATIONS = ['none', 'unit', 'standardize'] as const;
export type Normalisation = (typeof NORMALISATIONS)[number];

/** Per-channel (last axis) affine map fitted on the training split: x' = (x − shift) / scale. */
export interface NormalisationStats {
  readonly mode: Normalisation;
  readonly shift: readonly number[];
  readonly scale: readonly number[];
}

/**
 * `unit` divides by the format's maximum (or the training split's largest |value|);
 * `standardize` subtracts the training mean and divides by the training std per channel.
 * Statistics come from the training split only, so validation/test stay unseen.
 */
export function normaliseSplits(splits: DataSplits, mode: Normalisation): { splits: DataSplits; stats: NormalisationStats } {
  const train = splits.train;
  const channels = train.sampleShape[train.sampleShape.length - 1] ?? 1;
  const shift = new Array<number>(channels).fill(0);
  const scale = new Array<number>(channels).fill(1);
  if (mode === 'unit') {
    let max = train.maxValue ?? 0;
    if (train.maxValue === undefined) for (const v of train.x) max = Math.max(max, Math.abs(v));
    scale.fill(max > 0 ? max : 1);
  } else if (mode === 'standardize') {
    const sum = new Float64Array(channels);
    const sumSq = new Float64Array(channels);
    const x = train.x;
    for (let i = 0; i < x.length; i++) {
      const c = i % channels;
      const v = x[i] as number;
      sum[c] = (sum[c] as number) + v;
      sumSq[c] = (sumSq[c] as number) + v * v;
    }
    const perChannel = x.length / channels;
    for (let c = 0; c < channels; c++) {
      const mean = (sum[c] as number) / perChannel;
      const variance = Math.max(0, (sumSq[c] as number) / perChannel - mean * mean);
      shift[c] = mean;
      // Constant features (sklearn digits' blank corners) keep scale 1 instead of dividing by 0.
      scale[c] = variance > 1e-12 ? Math.sqrt(variance) : 1;
    }
  }
  const stats: NormalisationStats = { mode, shift, scale };
  if (mode === 'none') return { splits, stats };
  const apply = (ds: Dataset): Dataset => applyNormalisation(ds, stats);
  const out: DataSplits = splits.test
    ? { train: apply(splits.train), validation: apply(splits.validation), test: apply(splits.test) }
    : { train: apply(splits.train), validation: apply(splits.validation) };
  return { splits: out, stats };
}

export function applyNormalisation(ds: Dataset, stats: NormalisationStats): Dataset {
  const channels = stats.shift.length;
  const x = new Float32Array(ds.x.length);
  for (let i = 0; i < x.length; i++) {
    const c = i % channels;
    x[i] = ((ds.x[i] as number) - (stats.shift[c] as number)) / (stats.scale[c] as number);
  }
  const { maxValue: _drop, ...rest } = ds;
  return { ...rest, x };
}

/** Samples per class, for summaries and checks. */
export function classCounts(ds: Dataset): number[] {
  const counts = new Array<number>(ds.numClasses).fill(0);
  for (const label of ds.y) counts[label] = (counts[label] as number) + 1;
  return counts;
}

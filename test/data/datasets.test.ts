import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import {
  classCounts,
  loadCifar10Batches,
  loadCsvDataset,
  loadDataset,
  loadIdxPair,
  loadMnistPackage,
  normaliseSplits,
  parseIdx,
  splitDataset,
} from '../../src/data/index.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'jars-data-'));

function idxBytes(dims: number[], values: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(values)]);
}

describe('IDX', () => {
  it('reads the shared MNIST t10k files (gzipped) with the README counts', () => {
    const ds = loadDataset('mnist-idx');
    expect(ds.y.length).toBe(10_000);
    expect(ds.sampleShape).toEqual([28, 28, 1]);
    expect(classCounts(ds)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    const mean = ds.x.reduce((a, b) => a + b, 0) / ds.x.length;
    expect(mean).toBeCloseTo(33.79, 1);
  });

  it('round-trips a synthetic pair, plain and gzipped', () => {
    const pixels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255];
    writeFileSync(path.join(tmp, 'tiny-images-idx3-ubyte'), idxBytes([3, 2, 2], pixels));
    writeFileSync(path.join(tmp, 'tiny-labels-idx1-ubyte'), idxBytes([3], [2, 0, 1]));
    writeFileSync(path.join(tmp, 'tinygz-images-idx3-ubyte.gz'), gzipSync(idxBytes([3, 2, 2], pixels)));
    writeFileSync(path.join(tmp, 'tinygz-labels-idx1-ubyte.gz'), gzipSync(idxBytes([3], [2, 0, 1])));
    for (const file of ['tiny-images-idx3-ubyte', 'tinygz-images-idx3-ubyte.gz']) {
      const ds = loadDataset(path.join(tmp, file));
      expect(Array.from(ds.x)).toEqual(pixels);
      expect(Array.from(ds.y)).toEqual([2, 0, 1]);
      expect(ds.sampleShape).toEqual([2, 2, 1]);
      expect(ds.numClasses).toBe(3);
    }
  });

  it('rejects bad magic, truncated data and mismatched counts', () => {
    expect(() => parseIdx(Buffer.from([1, 2, 8, 1, 0, 0, 0, 1, 5]), 'f')).toThrowErrorMatchingInlineSnapshot(
      `[DataError: f is not an IDX file: it must start with two zero bytes (magic 0x0000TTRR)]`,
    );
    expect(() => parseIdx(idxBytes([2, 2], [1, 2, 3]), 'f')).toThrowErrorMatchingInlineSnapshot(
      `[DataError: f: IDX header says 2×2 = 4 values, but the file holds 3]`,
    );
    writeFileSync(path.join(tmp, 'bad-images'), idxBytes([2, 1, 1], [1, 2]));
    writeFileSync(path.join(tmp, 'bad-labels'), idxBytes([3], [1, 2, 3]));
    expect(() => loadIdxPair(path.join(tmp, 'bad-images'), path.join(tmp, 'bad-labels'))).toThrow(/holds 3 labels but .* holds 2 images/);
  });

  it('refuses labels that are not class indices 0..K-1 ({0, 255} would make 256 classes), but not a subset missing a few', () => {
    writeFileSync(path.join(tmp, 'mask-images'), idxBytes([4, 1, 1], [1, 2, 3, 4]));
    writeFileSync(path.join(tmp, 'mask-labels'), idxBytes([4], [0, 255, 0, 255]));
    expect(() => loadIdxPair(path.join(tmp, 'mask-images'), path.join(tmp, 'mask-labels'))).toThrowError(
      `${path.join(tmp, 'mask-labels')}: the labels are {0, 255}, but labels must be class indices 0..K-1: 2 distinct labels up to 255 would make 256 classes, 254 of them never seen (at most as many missing as present are accepted); number the classes 0..1`,
    );
    writeFileSync(path.join(tmp, 'gap-labels'), idxBytes([4], [0, 1, 3, 1]));
    expect(loadIdxPair(path.join(tmp, 'mask-images'), path.join(tmp, 'gap-labels')).numClasses).toBe(4);
    // CSV labels are names, numbered in sorted order: {0, 255} are two classes there.
    writeFileSync(path.join(tmp, 'mask.csv'), 'a,label\n1,0\n2,255\n3,0\n');
    const csv = loadCsvDataset(path.join(tmp, 'mask.csv'));
    expect([csv.numClasses, csv.classNames, Array.from(csv.y)]).toEqual([2, ['0', '255'], [0, 1, 0]]);
  });

  it('refuses images of 0×0 pixels, and a file of no images, when it loads them', () => {
    writeFileSync(path.join(tmp, 'empty-labels'), idxBytes([4], [0, 1, 0, 1]));
    writeFileSync(path.join(tmp, 'flat-images'), idxBytes([4, 0, 0], []));
    expect(() => loadIdxPair(path.join(tmp, 'flat-images'), path.join(tmp, 'empty-labels'))).toThrowError(
      `${path.join(tmp, 'flat-images')}: IDX images are 4×0×0 (count × rows × cols), but a dataset needs at least one image of at least 1×1 pixels`,
    );
    writeFileSync(path.join(tmp, 'none-images'), idxBytes([0, 28, 28], []));
    writeFileSync(path.join(tmp, 'none-labels'), idxBytes([0], []));
    expect(() => loadIdxPair(path.join(tmp, 'none-images'), path.join(tmp, 'none-labels'))).toThrowError(/IDX images are 0×28×28 \(count × rows × cols\), but a dataset needs/);
  });
});

describe('CIFAR-10 binary', () => {
  it('reads records as HWC with labels', () => {
    const record = (label: number, r: number, g: number, b: number) =>
      Buffer.concat([Buffer.from([label]), Buffer.alloc(1024, r), Buffer.alloc(1024, g), Buffer.alloc(1024, b)]);
    const file = path.join(tmp, 'data_batch_1.bin');
    const bytes = Buffer.concat([record(3, 10, 20, 30), record(9, 1, 2, 3)]);
    bytes[1 + 33] = 77; // red plane, pixel (row 1, col 1)
    writeFileSync(file, bytes);
    const ds = loadCifar10Batches([file]);
    expect(Array.from(ds.y)).toEqual([3, 9]);
    expect(ds.sampleShape).toEqual([32, 32, 3]);
    expect(Array.from(ds.x.subarray(0, 3))).toEqual([10, 20, 30]);
    expect(Array.from(ds.x.subarray(33 * 3, 33 * 3 + 3))).toEqual([77, 20, 30]);
    expect(Array.from(ds.x.subarray(3072, 3075))).toEqual([1, 2, 3]);
    expect(ds.classNames?.[3]).toBe('cat');
    expect(loadDataset(tmp).y.length).toBe(2); // a folder of data_batch_N.bin
  });

  it('rejects partial records and labels ≥ 10', () => {
    const file = path.join(tmp, 'short.bin');
    writeFileSync(file, Buffer.alloc(3000));
    expect(() => loadCifar10Batches([file])).toThrow(/whole number of 3073-byte records, but the file has 3000 bytes/);
    const bad = path.join(tmp, 'badlabel.bin');
    writeFileSync(bad, Buffer.concat([Buffer.from([42]), Buffer.alloc(3072)]));
    expect(() => loadCifar10Batches([bad])).toThrow(/record 0 has label 42; CIFAR-10 labels must be 0–9/);
  });
});

describe('CSV', () => {
  it('numbers string labels in sorted order and finds the label column by name', () => {
    const file = path.join(tmp, 'iris.csv');
    writeFileSync(file, 'species,a,b\nvirginica,1,2\nsetosa,3,4\nversicolor,5,6\nsetosa,7,8\n');
    const ds = loadCsvDataset(file, { labelColumn: 'species' });
    expect(ds.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(ds.y)).toEqual([2, 0, 1, 0]);
    expect(Array.from(ds.x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ds.sampleShape).toEqual([2]);
  });

  it('names the line and column of a bad value', () => {
    const file = path.join(tmp, 'bad.csv');
    writeFileSync(file, 'a,b,label\n1,2,0\n1,x,1\n');
    expect(() => loadCsvDataset(file)).toThrow(/bad\.csv line 3: feature column b must be a finite number, but got "x"/);
    writeFileSync(file, 'a,b,label\n1,2,0\n1,2\n');
    expect(() => loadCsvDataset(file)).toThrow(/line 3: expected 3 columns like the first row, but got 2/);
    writeFileSync(file, 'a,b,label\n1,2,0\n');
    expect(() => loadCsvDataset(file, { labelColumn: 'kind' })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidInputError: labelColumn must be one of a, b, label, but got "kind"]`,
    );
  });

  it('refuses a fractional label column (a regression target) and a single class, naming the column', () => {
    const file = path.join(tmp, 'target.csv');
    writeFileSync(file, 'a,b,target\n1,2,0.25\n3,4,1\n5,6,2.5\n');
    expect(() => loadCsvDataset(file)).toThrow(/target\.csv: the label column target holds fractional numbers \(e\.g\. "0\.25"\)/);
    const integral = path.join(tmp, 'integral.csv');
    writeFileSync(integral, 'a,b,label\n1,2,1.0\n3,4,2\n');
    expect(loadCsvDataset(integral).numClasses).toBe(2);
    const one = path.join(tmp, 'one.csv');
    writeFileSync(one, 'a,b,label\n1,2,0\n3,4,0\n');
    expect(() => loadDataset(one)).toThrow(/has 1 class in its labels; a classifier needs at least 2/);
  });

  it('reads sklearn digits as 1,797 8×8 images', () => {
    const ds = loadDataset('sklearn-digits');
    expect(ds.y.length).toBe(1797);
    expect(ds.sampleShape).toEqual([8, 8, 1]);
    expect(classCounts(ds)).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    expect(Math.max(...ds.x)).toBe(16);
  });
});

describe('mnist package', () => {
  it('embeds 10,000 digits in [0, 1]', () => {
    const ds = loadMnistPackage();
    expect(ds.y.length).toBeGreaterThanOrEqual(10_000);
    expect(ds.sampleShape).toEqual([28, 28, 1]);
    expect(classCounts(ds).every((c) => c > 800)).toBe(true);
    expect(Math.max(...ds.x.subarray(0, 784 * 50))).toBeLessThanOrEqual(1);
  });
});

describe('splits and normalisation', () => {
  const ds = loadDataset('sklearn-digits');

  it('is seeded, disjoint and covers the requested sizes', () => {
    const a = splitDataset(ds, { validation: 0.2, test: 100 }, new Rng(1));
    const b = splitDataset(ds, { validation: 0.2, test: 100 }, new Rng(1));
    const c = splitDataset(ds, { validation: 0.2, test: 100 }, new Rng(2));
    expect(a.test?.y.length).toBe(100);
    expect(a.validation.y.length).toBe(359);
    expect(a.train.y.length).toBe(1797 - 459);
    expect(Array.from(a.train.y)).toEqual(Array.from(b.train.y));
    expect(Array.from(a.train.y)).not.toEqual(Array.from(c.train.y));
    // Disjoint: row fingerprints of the three parts do not overlap beyond true duplicates.
    const rows = (d: typeof ds) => Array.from({ length: d.y.length }, (_, i) => d.x.subarray(i * 64, i * 64 + 64).join(','));
    const all = [...rows(a.train), ...rows(a.validation), ...rows(a.test!)].sort();
    expect(all).toEqual(rows(ds).sort());
  });

  it('fits standardisation on the training split only', () => {
    const splits = splitDataset(ds, { validation: 0.25 }, new Rng(3));
    const { splits: norm, stats } = normaliseSplits(splits, 'standardize');
    const train = norm.train.x;
    let sum = 0;
    for (const v of train) sum += v;
    expect(Math.abs(sum / train.length)).toBeLessThan(1e-4);
    expect(stats.shift).toHaveLength(1);
    const unit = normaliseSplits(splits, 'unit');
    expect(unit.stats.scale).toEqual([16]);
    expect(Math.max(...unit.splits.validation.x)).toBeLessThanOrEqual(1);
  });

  it('says where to get a missing dataset', () => {
    expect(() => loadDataset('/nonexistent/cifar')).toThrowErrorMatchingInlineSnapshot(
      `[DataError: dataset "/nonexistent/cifar" is neither a built-in name (mnist, mnist-idx, sklearn-digits) nor an existing path (/nonexistent/cifar)]`,
    );
    const old = process.env.JARS_DATA_DIR;
    process.env.JARS_DATA_DIR = '/nonexistent-data';
    try {
      expect(() => loadDataset('sklearn-digits')).toThrow(/digits\.csv\.gz not found .*python3-sklearn/);
    } finally {
      if (old === undefined) delete process.env.JARS_DATA_DIR;
      else process.env.JARS_DATA_DIR = old;
    }
  });
});

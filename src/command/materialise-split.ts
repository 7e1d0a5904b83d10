import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataError } from '../core/index.js';
import { DATASET_NAMES } from '../data/index.js';
import type { Dataset, InputShape, Normalisation, SplitOptions } from '../data/index.js';
import { prepareSplits } from '../train/index.js';
import { encodeIdxFloat32, encodeIdxUint8 } from './idx-writer.js';
import { COMMAND_PROTOCOL_VERSION } from './protocol.js';
import type { IdxFilePair, SplitFiles } from './protocol.js';

/** The run's data as jars' own trainer gets it (see trainerEvaluatorFor): same split, same seed. */
export interface CommandDataOptions {
  /** A built-in dataset name or a path, as the user gave it (`--dataset`). */
  readonly dataset: string;
  /** CSV datasets: the label column (default: the last). */
  readonly labelColumn?: string | number | undefined;
  /** Flat datasets: read samples as images of this shape (`--input-shape`). */
  readonly inputShape?: InputShape | undefined;
  readonly split: SplitOptions;
  /** The run's seed: the split every candidate of the run sees. */
  readonly splitSeed: number;
  /** Default as the trainer's: `unit` for images, `standardize` for tabular rows. */
  readonly normalisation?: Normalisation;
}

export interface MaterialisedSplit {
  readonly sampleShape: readonly number[];
  readonly classes: number;
  readonly files: SplitFiles;
  readonly counts: { readonly train: number; readonly validation: number; readonly test?: number };
}

/** Written last, so its presence means the IDX files beside it are complete. */
const MARKER = 'split.json';
const PARTS = ['train', 'validation', 'test'] as const;

/**
 * Writes the run's split once as IDX files under `<runDir>/data/` (x: float32 [n, ...sampleShape],
 * normalised exactly as the tfjs trainer feeds its models; y: uint8 [n]) and returns their paths.
 * A later call (a resumed run) with the same options reuses the files without loading the data.
 */
export function materialiseSplit(runDir: string, options: CommandDataOptions): MaterialisedSplit {
  const dir = path.join(runDir, 'data');
  const description = describe(options);
  const reused = readMarker(dir, description);
  if (reused) return reused;
  const splits = prepareSplits({
    dataset: options.dataset,
    labelColumn: options.labelColumn,
    inputShape: options.inputShape,
    split: options.split,
    splitSeed: options.splitSeed,
    ...(options.normalisation ? { normalisation: options.normalisation } : {}),
  });
  const { sampleShape, numClasses: classes } = splits.train;
  if (classes > 256) {
    throw new DataError(`dataset ${JSON.stringify(options.dataset)} has ${classes} classes; the command protocol's uint8 label files hold at most 256`);
  }
  mkdirSync(dir, { recursive: true });
  const write = (part: string, ds: Dataset): IdxFilePair => {
    const files = filesOf(dir, part);
    writeAtomically(files.x, encodeIdxFloat32(ds.x, [ds.y.length, ...sampleShape]));
    writeAtomically(files.y, encodeIdxUint8(ds.y, [ds.y.length]));
    return files;
  };
  const files: SplitFiles = {
    train: write('train', splits.train),
    validation: write('validation', splits.validation),
    ...(splits.test ? { test: write('test', splits.test) } : {}),
  };
  const counts = {
    train: splits.train.y.length,
    validation: splits.validation.y.length,
    ...(splits.test ? { test: splits.test.y.length } : {}),
  };
  const result: MaterialisedSplit = { sampleShape: sampleShape.slice(), classes, files, counts };
  writeAtomically(path.join(dir, MARKER), `${JSON.stringify({ ...description, sampleShape: result.sampleShape, classes, counts }, null, 2)}\n`);
  return result;
}

/** What the dataset option names: a built-in dataset's name, else the absolute path it resolves to. */
export function datasetSourcePath(dataset: string): string {
  return (DATASET_NAMES as readonly string[]).includes(dataset) || dataset === 'digits' ? dataset : path.resolve(dataset);
}

function describe(options: CommandDataOptions) {
  return {
    protocol: COMMAND_PROTOCOL_VERSION,
    dataset: datasetSourcePath(options.dataset),
    labelColumn: options.labelColumn ?? null,
    ...(options.inputShape ? { inputShape: options.inputShape } : {}),
    split: { validation: options.split.validation, test: options.split.test ?? 0, train: options.split.train ?? null },
    splitSeed: options.splitSeed,
    normalisation: options.normalisation ?? null,
  };
}

function filesOf(dir: string, part: string): IdxFilePair {
  return { x: path.join(dir, `${part}-images.idx`), y: path.join(dir, `${part}-labels.idx`) };
}

function readMarker(dir: string, description: ReturnType<typeof describe>): MaterialisedSplit | undefined {
  const file = path.join(dir, MARKER);
  if (!existsSync(file)) return undefined;
  let saved: Record<string, unknown>;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  for (const [key, value] of Object.entries(description)) {
    if (JSON.stringify(saved[key]) !== JSON.stringify(value)) return undefined;
  }
  const counts = saved.counts as MaterialisedSplit['counts'];
  const present = PARTS.filter((p) => counts[p] !== undefined);
  const files = Object.fromEntries(present.map((p) => [p, filesOf(dir, p)])) as unknown as SplitFiles;
  if (!present.every((p) => existsSync(filesOf(dir, p).x) && existsSync(filesOf(dir, p).y))) return undefined;
  return { sampleShape: saved.sampleShape as number[], classes: saved.classes as number, files, counts };
}

function writeAtomically(file: string, data: Uint8Array | string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, file);
}

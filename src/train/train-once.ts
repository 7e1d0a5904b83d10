import { readFileSync } from 'node:fs';
import { InvalidInputError, Rng } from '../core/index.js';
import type { Evaluation } from '../core/index.js';
import type { SplitOptions } from '../data/index.js';
import { DEFAULT_RECIPE, parseRecipe } from '../space/index.js';
import type { Recipe } from '../space/index.js';
import { archSpecFromText, parseArchSpec } from './arch-spec.js';
import type { ArchSpec } from './arch-spec.js';
import { TrainerEvaluator } from './trainer.js';
import type { EpochLog } from './train-loop.js';

export interface TrainOnceOptions {
  /** Spec object, or text: JSON file path, inline JSON, NB201 cell string, `mlp:256,128`, `cnn:32,64`. */
  readonly arch: ArchSpec | string;
  /** Recipe object (any subset of fields), or a JSON file path; default: DEFAULT_RECIPE. */
  readonly recipe?: Record<string, unknown> | string;
  /** `mnist` (default), `mnist-idx`, `sklearn-digits`, or a CSV / IDX / CIFAR path. */
  readonly dataset?: string;
  /** Default `{ validation: 0.2 }`; e.g. `{ train: 8000, validation: 2000 }`. */
  readonly split?: SplitOptions;
  /** Seeds the split, weight init, shuffles and augmentation; default 0. */
  readonly seed?: number;
  /** Seeds weight init, shuffles and augmentation instead of `seed` (the split keeps `seed`). */
  readonly evaluationSeed?: number;
  /** Also split off a test set (default 10%) and report its accuracy. */
  readonly test?: boolean;
  /** CSV label column (name or index). */
  readonly labelColumn?: string | number;
  readonly backend?: string;
  readonly onEpoch?: (log: EpochLog) => void;
}

export interface TrainReport {
  readonly arch: ArchSpec;
  readonly recipe: Recipe;
  readonly dataset: string;
  readonly evaluation: Evaluation;
}

/** Trains one architecture with one recipe: what `jars train` runs. */
export async function trainOnce(options: TrainOnceOptions): Promise<TrainReport> {
  const arch = typeof options.arch === 'string' ? archSpecFromText(options.arch) : parseArchSpec(options.arch);
  const recipe = loadRecipe(options.recipe);
  const dataset = options.dataset ?? 'mnist';
  const split: SplitOptions = options.split ?? (options.test ? { validation: 0.2, test: 0.1 } : { validation: 0.2 });
  const seed = options.seed ?? 0;
  const evaluator = new TrainerEvaluator({
    dataset,
    labelColumn: options.labelColumn,
    split,
    splitSeed: seed,
    reportTest: options.test === true,
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
  });
  const evaluation = await evaluator.evaluateJob({ arch, recipe }, { rng: new Rng(options.evaluationSeed ?? seed) });
  return { arch, recipe, dataset, evaluation };
}

/** A recipe from an object or a JSON file, validated (errors name the field). */
export function loadRecipe(source: Record<string, unknown> | string | undefined): Recipe {
  if (source === undefined) return DEFAULT_RECIPE;
  if (typeof source !== 'string') return parseRecipe(source);
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`recipe file ${source} cannot be read: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidInputError(`recipe file ${source} is not valid JSON: ${(error as Error).message}`);
  }
  return parseRecipe(value);
}

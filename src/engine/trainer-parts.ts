import { InvalidInputError, oneOfMessage } from '../core/index.js';
import type { Candidate, Evaluator } from '../core/index.js';
import { loadDataset } from '../data/index.js';
import type { RunConfig } from '../run/index.js';
import { CnnSpace, MbconvSpace, MlpSpace, PnasCellSpace } from '../space/index.js';
import type { AnySpace } from '../space/index.js';
import { TRAINER_METRICS, createTrainerPool } from '../train/index.js';

type TrainerConfig = Extract<RunConfig['evaluator'], { kind: 'trainer' }>;

export const TRAINER_SPACE_NAMES = ['cnn', 'mlp', 'mbconv', 'pnas'] as const;

type DataShape = NonNullable<TrainerConfig['dataShape']>;

/**
 * The trainer's space for a dataset: statistics (FLOPs, params) need the input shape and class
 * count. They come from the config's recorded `dataShape` when it has one (runs started by
 * `jars search` do), else from a look at the data.
 */
export function trainerSpaceFor(config: TrainerConfig): AnySpace {
  if (!(TRAINER_SPACE_NAMES as readonly string[]).includes(config.space)) {
    throw new InvalidInputError(oneOfMessage('evaluator.space', TRAINER_SPACE_NAMES, config.space));
  }
  const { sampleShape: shape, classes } = config.dataShape ?? dataShapeOf(config);
  const epochs = config.epochs ? { epochs: config.epochs } : {};
  if (config.space === 'mlp') {
    return new MlpSpace({ inputFeatures: shape.reduce((a, b) => a * b, 1), classes, ...epochs });
  }
  if (shape.length !== 3) {
    throw new InvalidInputError(`evaluator.space ${config.space} needs images (height × width × channels), but dataset ${config.dataset} has samples of shape [${shape.join(', ')}]`);
  }
  if (config.space === 'cnn') {
    return new CnnSpace({ inputShape: [shape[0], shape[1], shape[2]] as [number, number, number], classes, ...epochs });
  }
  if (config.space === 'mbconv') {
    return new MbconvSpace({ inputChannels: shape[2] as number, classes, resolutions: [shape[0] as number], ...epochs }) as unknown as AnySpace;
  }
  return new PnasCellSpace({ ...epochs }) as unknown as AnySpace;
}

function dataShapeOf({ dataset, labelColumn }: TrainerConfig): DataShape {
  const data = loadDataset(dataset, { labelColumn });
  return { sampleShape: data.sampleShape.slice(), classes: data.numClasses };
}

/**
 * The config a new trainer run is frozen with: its `dataShape` read from the data, so that
 * resume, reports and exports need not load the dataset. A `dataShape` given by the user must
 * match the data.
 */
export function withDataShape<T extends { evaluator: RunConfig['evaluator'] }>(config: T): T {
  const e = config.evaluator;
  if (e.kind !== 'trainer') return config;
  const actual = dataShapeOf(e);
  if (e.dataShape && JSON.stringify(e.dataShape) !== JSON.stringify(actual)) {
    throw new InvalidInputError(
      `evaluator.dataShape must match the dataset, but got ${JSON.stringify(e.dataShape)} while ${e.dataset} has ${JSON.stringify(actual)} (leave it out: jars search records it)`,
    );
  }
  return { ...config, evaluator: { ...e, dataShape: actual } };
}

/** The real trainer as the run's evaluator: a pool of `workers` trainer processes. */
export function trainerEvaluatorFor(config: TrainerConfig, seed: number, workers: number): Evaluator<Candidate> {
  const split = {
    validation: config.validationFraction ?? 0.2,
    ...(config.reportTest ? { test: 0.1 } : {}),
    ...(config.maxTrainExamples ? { train: config.maxTrainExamples } : {}),
  };
  const common = {
    split,
    splitSeed: seed,
    ...(config.reportTest ? { reportTest: true } : {}),
    labelColumn: config.labelColumn,
  };
  // Training runs in worker processes even with one worker: tfjs training is synchronous, and
  // in this process it would freeze the TUI and delay Ctrl-C until the candidate finished.
  // The workers start on the first evaluation, so building a run's parts (reports, exports,
  // status) never spawns them.
  let pool: Evaluator<Candidate> | undefined;
  const start = () => (pool ??= createTrainerPool({ dataset: config.dataset, spaceName: config.space, ...common }, { workers }) as unknown as Evaluator<Candidate>);
  return {
    name: 'trainer-pool',
    metricNames: TRAINER_METRICS,
    concurrency: workers,
    evaluate: (candidate, context) => start().evaluate(candidate, context),
    close: async () => {
      await pool?.close?.();
    },
  };
}

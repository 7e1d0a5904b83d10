import * as tf from '@tensorflow/tfjs';
import { Rng } from '../core/index.js';
import type { Candidate, EvaluateContext, Evaluation, Evaluator, IntermediateReport, Json, PruneDecision } from '../core/index.js';
import { loadDataset, normaliseSplits, splitDataset } from '../data/index.js';
import type { Dataset, DataSplits, InputShape, Normalisation, SplitOptions } from '../data/index.js';
import { serialiseRecipe } from '../space/index.js';
import { nativeActive } from '../native/index.js';
import { initTrainingBackend } from '../native/index.js';
import { buildModel } from './build-model.js';
import { candidateToJob } from './candidate-job.js';
import type { JobDefaults, TrainingJob } from './candidate-job.js';
import { countFlops, countTrainableParams } from './flops.js';
import { measureLatency } from './latency.js';
import type { LatencyOptions } from './latency.js';
import { epochsToTrain, evaluateAccuracy, trainModel, trainModelAsync } from './train-loop.js';
import type { EpochLog } from './train-loop.js';
import { TRAINER_METRICS } from './metrics.js';

export interface TrainerOptions extends JobDefaults {
  /** A dataset name or path (see `loadDataset`), a loaded dataset, or ready splits. */
  readonly dataset: string | Dataset | DataSplits;
  /** CSV datasets given by path: the label column (default: the last). */
  readonly labelColumn?: string | number | undefined;
  /** Flat datasets given by path: read samples as images of this shape (`--input-shape`). */
  readonly inputShape?: InputShape | undefined;
  /** How a dataset is split; default 20% validation, no test. Ignored for ready splits. */
  readonly split?: SplitOptions;
  /** Seed of the split: fixed per evaluator so every candidate sees the same data. */
  readonly splitSeed?: number;
  /** Default `unit` for images (÷ format maximum), `standardize` for tabular rows. */
  readonly normalisation?: Normalisation;
  /** Also measure test accuracy (reported as a hidden metric, never shown to strategies). */
  readonly reportTest?: boolean;
  /** Inference timing; `false` skips it. */
  readonly latency?: LatencyOptions | false;
  /** Backend to force (else `JARS_BACKEND`, else tensorflow → wasm → cpu). */
  readonly backend?: string;
  readonly onEpoch?: (log: EpochLog) => void;
}


/**
 * Trains candidates for real with tfjs: an Evaluator like the tabular benchmarks, so every
 * strategy can drive it. One evaluation = build, train with the recipe, validate, time inference;
 * a diverged run is a recorded failure, not a crash; all tensors are freed afterwards.
 */
export class TrainerEvaluator implements Evaluator<Candidate> {
  readonly name = 'trainer';
  readonly metricNames: readonly string[] = TRAINER_METRICS;
  readonly concurrency = 1;
  private splits?: DataSplits;

  constructor(private readonly options: TrainerOptions) {}

  /** The splits used (loaded and normalised on first use). */
  data(): DataSplits {
    this.splits ??= prepareSplits(this.options);
    return this.splits;
  }

  async evaluate(candidate: Candidate, context: EvaluateContext): Promise<Evaluation> {
    const job = candidateToJob(candidate, this.options);
    return this.evaluateJob(job, context);
  }

  async evaluateJob(job: TrainingJob, context: EvaluateContext): Promise<Evaluation> {
    const started = performance.now();
    const backend = await initTrainingBackend(this.options.backend);
    const splits = this.data();
    const { arch, recipe } = job;
    const input = { sampleShape: splits.train.sampleShape, numClasses: splits.train.numClasses };
    const rng = context.rng;
    const info: Record<string, Json> = { backend, native: nativeActive(), arch: arch as unknown as Json, recipe: serialiseRecipe(recipe) };
    const model = buildModel(arch, input, rng.fork('init'), { dropout: recipe.dropout, stochasticDepth: recipe.stochasticDepth });
    try {
      const flopsM = countFlops(model) / 1e6;
      const paramsM = countTrainableParams(model) / 1e6;
      const ask = askAfterEpoch(context);
      const trainOptions = {
        ...(context.signal ? { signal: context.signal } : {}),
        ...(this.options.onEpoch ? { onEpoch: this.options.onEpoch } : {}),
      };
      // With a pruner listening, the validation split is measured after every epoch, and at the
      // first epoch's checkpoints, and reported.
      const trained = ask
        ? await trainModelAsync(model, splits.train, recipe, rng.fork('train'), {
            ...trainOptions,
            checkpoints: PRUNING_CHECKPOINTS,
            afterEpoch: async (log, { ema }) => {
              const valid = ema ? ema.withAveraged(() => evaluateAccuracy(model, splits.validation)) : evaluateAccuracy(model, splits.validation);
              return (await ask({ epoch: log.epoch, metrics: { validAcc: valid.accuracy, validLoss: valid.loss } })) === 'prune' ? 'stop' : 'continue';
            },
          })
        : trainModel(model, splits.train, recipe, rng.fork('train'), trainOptions);
      const cost = trained.progress / recipe.epochs;
      const base = { trainSeconds: trained.trainSeconds, samplesPerSecond: trained.samplesPerSecond, epochs: roundEpochs(trained.progress), paramsM, flopsM };
      const seconds = () => (performance.now() - started) / 1000;
      if (trained.failure !== undefined) {
        return { metrics: base, cost, seconds: seconds(), failure: trained.failure, info };
      }
      const measure = () => ({
        valid: evaluateAccuracy(model, splits.validation),
        test: this.options.reportTest && splits.test ? evaluateAccuracy(model, splits.test) : undefined,
      });
      const { valid, test } = trained.ema ? trained.ema.withAveraged(measure) : measure();
      trained.ema?.dispose();
      const latency = this.options.latency === false ? undefined : measureLatency(model, input.sampleShape, this.options.latency);
      const metrics = {
        validAcc: valid.accuracy,
        validLoss: valid.loss,
        ...base,
        ...(latency ? { latencyMs: latency.medianMs, latencyIqrMs: latency.iqrMs } : {}),
      };
      info.finalTrainLoss = trained.finalLoss;
      if (latency) info.latencyBatch = latency.batchSize;
      const pruned = trained.stopped ? { pruned: { epoch: roundEpochs(trained.progress), epochs: epochsToTrain(recipe) } } : {};
      return { metrics, ...(test ? { hiddenMetrics: { testAcc: test.accuracy } } : {}), cost, seconds: seconds(), ...pruned, info };
    } finally {
      model.dispose();
    }
  }
}

/**
 * Fractions of the first epoch at which a trainer with a pruner listening reports its validation
 * accuracy, besides each epoch's end: ASHA's lowest rung (1/3 epoch, then 1, 3, 9, … with η = 3;
 * Li et al. 2020 count resource in any unit), so a hopeless training stops after a third of an
 * epoch, not after its first. Each costs one pass over the validation split.
 */
export const PRUNING_CHECKPOINTS: readonly number[] = [1 / 3];

/** Epochs trained as recorded: three decimals (a checkpoint's fraction). */
function roundEpochs(epochs: number): number {
  return Math.round(epochs * 1000) / 1000;
}

/** Loads, splits (seeded) and normalises the evaluator's dataset. */
export function prepareSplits(options: Pick<TrainerOptions, 'dataset' | 'labelColumn' | 'inputShape' | 'split' | 'splitSeed' | 'normalisation'>): DataSplits {
  const source = options.dataset;
  const splits: DataSplits =
    typeof source === 'object' && 'train' in source
      ? source
      : splitDataset(
          typeof source === 'string' ? loadDataset(source, { labelColumn: options.labelColumn, inputShape: options.inputShape }) : source,
          options.split ?? { validation: 0.2 },
          new Rng(options.splitSeed ?? 0),
        );
  const mode = options.normalisation ?? (splits.train.sampleShape.length === 3 ? 'unit' : 'standardize');
  return normaliseSplits(splits, mode).splits;
}

/** Tensors alive now: tests and the memory script check evaluations return to their baseline. */
export function liveTensors(): number {
  return tf.memory().numTensors;
}

/** An evaluation context whose reports may be answered asynchronously (a worker process asks its parent). */
export interface TrainerContext extends EvaluateContext {
  readonly reportAsync?: (progress: IntermediateReport) => Promise<PruneDecision>;
}

/** How the trainer asks whether to go on after an epoch, when anyone listens. */
function askAfterEpoch(context: TrainerContext): ((progress: IntermediateReport) => Promise<PruneDecision>) | undefined {
  if (context.reportAsync) return context.reportAsync;
  const report = context.report;
  return report ? async (progress) => report(progress) : undefined;
}

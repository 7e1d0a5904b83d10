import * as tf from '@tensorflow/tfjs';
import type { Candidate } from '../core/index.js';
import { sampleSize } from '../data/index.js';
import { initTrainingBackend } from '../native/index.js';
import { parseArchSpec } from './arch-spec.js';
import type { ModelInput } from './build-context.js';
import { DATA_PROXIES } from '../space/index.js';
import type { ProxyName } from '../space/index.js';
import { zeroCostProxies } from './proxies.js';
import type { LabelledBatch } from './proxies.js';
import { prepareSplits } from './trainer.js';
import type { TrainerOptions } from './trainer.js';

export interface ProxyScorerOptions {
  readonly names: readonly ProxyName[];
  /** The trainer spec of a candidate's architecture (the space's `archSpec`). */
  readonly archSpec: (candidate: Candidate) => unknown;
  /** The dataset's sample shape and classes: the network is built for them. */
  readonly input: ModelInput;
  /** Where grad-norm and SNIP take their batch: the run's dataset and split, as the trainer loads them. */
  readonly data?: Pick<TrainerOptions, 'dataset' | 'labelColumn' | 'inputShape' | 'split' | 'splitSeed'>;
  /** Labelled examples grad-norm and SNIP see (default 64, the first of the shuffled training split). */
  readonly batch?: number;
}

/**
 * A synchronous scorer of the zero-cost proxies of a trainer space's architectures, on the
 * trainer's own backend (so the values match what a worker would compute). Weights are seeded by
 * the architecture key: one architecture, one set of scores, whatever recipe it is paired with.
 * grad-norm and SNIP see one batch from the training split, never the validation split.
 */
export async function createProxyScorer(options: ProxyScorerOptions): Promise<(candidate: Candidate, archKey: string) => Record<string, number>> {
  await initTrainingBackend();
  const needsData = options.names.some((n) => (DATA_PROXIES as readonly string[]).includes(n));
  if (needsData && !options.data) throw new Error(`proxies ${DATA_PROXIES.join(' and ')} need a batch of the dataset, and none was given`);
  // The batch loads with the first architecture to score: a resume whose scores are all in the run
  // folder needs neither the dataset nor the time to split it.
  let data: LabelledBatch | undefined;
  const batch = (): LabelledBatch | undefined => {
    if (!needsData || data) return data;
    const train = prepareSplits(options.data as NonNullable<ProxyScorerOptions['data']>).train;
    const n = Math.min(options.batch ?? 64, train.y.length);
    const size = sampleSize(train);
    data = {
      x: tf.tensor(train.x.subarray(0, n * size), [n, ...train.sampleShape]),
      labels: tf.tensor1d(train.y.subarray(0, n), 'int32'),
    };
    return data;
  };
  return (candidate, archKey) => {
    const spec = parseArchSpec(options.archSpec(candidate), 'candidate.arch');
    const labelled = batch();
    // just the names asked for: the statistics view puts them in its own order
    return zeroCostProxies(spec, options.input, archKey, { names: options.names, ...(labelled ? { data: labelled } : {}) }) as Record<string, number>;
  };
}

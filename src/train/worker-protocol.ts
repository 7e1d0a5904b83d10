import type { Candidate, Evaluation, IntermediateReport, PruneDecision } from '../core/index.js';
import type { TrainerOptions } from './trainer.js';

/**
 * Trainer settings a worker process receives once: the trainer's own options less what cannot
 * cross a process boundary (loaded datasets, callbacks, a space object — named instead).
 */
export type WorkerTrainerOptions = Omit<TrainerOptions, 'dataset' | 'onEpoch' | 'space'> & {
  readonly dataset: string;
  /** A trainer space name (cnn, mlp, mbconv, pnas) whose candidates the worker maps to specs. */
  readonly spaceName?: string;
};

/** Parent → worker. */
export type ToWorker =
  | { readonly type: 'init'; readonly options: WorkerTrainerOptions }
  | { readonly type: 'evaluate'; readonly id: number; readonly candidate: Candidate; readonly seed: number; readonly reports?: boolean }
  | { readonly type: 'abort'; readonly id: number }
  /** The answer to a `progress` message: go on or stop (pruned). */
  | { readonly type: 'decision'; readonly id: number; readonly decision: PruneDecision };

/** Worker → parent. */
export type FromWorker =
  | { readonly type: 'ready'; readonly backend: string }
  | { readonly type: 'result'; readonly id: number; readonly evaluation: Evaluation }
  /** An epoch's validation metrics, sent when the evaluation asked for reports; the parent answers with `decision`. */
  | { readonly type: 'progress'; readonly id: number; readonly report: IntermediateReport }
  | { readonly type: 'error'; readonly id: number; readonly message: string; readonly code?: string };

import type { Candidate, Evaluation } from '../core/index.js';
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
  | { readonly type: 'evaluate'; readonly id: number; readonly candidate: Candidate; readonly seed: number }
  | { readonly type: 'abort'; readonly id: number };

/** Worker → parent. */
export type FromWorker =
  | { readonly type: 'ready'; readonly backend: string }
  | { readonly type: 'result'; readonly id: number; readonly evaluation: Evaluation }
  | { readonly type: 'error'; readonly id: number; readonly message: string; readonly code?: string };

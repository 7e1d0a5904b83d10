import type { Candidate, Evaluation } from '../core/index.js';
import type { SplitOptions, Normalisation } from '../data/index.js';
import type { Recipe } from '../space/index.js';
import type { LatencyOptions } from './latency.js';

/** Trainer settings a worker process receives once (JSON: no loaded datasets, no callbacks). */
export interface WorkerTrainerOptions {
  readonly dataset: string;
  readonly split?: SplitOptions;
  readonly splitSeed?: number;
  readonly normalisation?: Normalisation;
  readonly reportTest?: boolean;
  readonly latency?: LatencyOptions | false;
  readonly backend?: string;
  readonly baseRecipe?: Recipe;
  readonly nb201?: { readonly channels?: number; readonly cellsPerStage?: number };
  /** A trainer space name (mlp, mbconv, pnas) whose candidates the worker maps to specs. */
  readonly spaceName?: string;
}

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

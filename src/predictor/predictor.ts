import type { Candidate } from '../core/index.js';

/** Mean and standard deviation per candidate and objective, in the units of the fitted targets. */
export interface Prediction {
  /** [candidate][objective] */
  readonly mean: number[][];
  /** [candidate][objective]; 0 for models without an uncertainty estimate. */
  readonly std: number[][];
}

export interface FitOptions {
  /** Called between training phases with a short label and a fraction done in [0, 1]. */
  readonly onProgress?: (phase: string, fractionDone: number) => void;
}

export interface FitReport {
  readonly samples: number;
  readonly objectives: number;
  readonly seconds: number;
  /** Final training loss per phase (model-specific names), for diagnostics. */
  readonly losses: Readonly<Record<string, number>>;
}

/**
 * A surrogate of the measured objectives that search strategies query instead of training.
 * Targets are given already turned into "minimise" (see `toLosses`): lower is better for every
 * objective. `fit` replaces what was learned before by a fit on the given data (a pretrained
 * starting point, if any, is kept).
 */
export interface Predictor<C extends Candidate = Candidate> {
  readonly name: string;
  fit(candidates: readonly C[], targets: readonly (readonly number[])[], options?: FitOptions): Promise<FitReport>;
  predict(candidates: readonly C[]): Promise<Prediction>;
  /** Frees tensors; the predictor is unusable afterwards. */
  dispose(): void;
}

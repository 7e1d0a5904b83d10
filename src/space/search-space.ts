import type { Candidate, Choice, Json, Rng } from '../core/index.js';

/** A discrete dimension of a product space: architecture or recipe, categorical or ordered. */
export interface Dimension {
  readonly name: string;
  readonly part: 'arch' | 'recipe';
  readonly values: readonly Choice[];
  /** Ordinal values are encoded by position (and mutate to neighbours); categorical ones one-hot. */
  readonly kind: 'categorical' | 'ordinal';
}

/** A recipe dimension that doubles as an evaluation fidelity (e.g. NB201's 12 vs 200 epochs). */
export interface Fidelity {
  readonly dimension: string;
  /** The value that counts as a full evaluation. */
  readonly full: Choice;
  /** Cost of one evaluation at this value, in full-training equivalents (full = 1). */
  cost(value: Choice): number;
}

/**
 * The contract every search space meets. Spaces are pure: every random choice comes from the
 * Rng passed in, and candidates are plain JSON values.
 */
export interface SearchSpace<C extends Candidate = Candidate> {
  readonly name: string;
  /** Bumped when `encode` changes, so saved predictors for an older encoding are refused. */
  readonly encodingVersion: number;
  /** Present for product spaces (every candidate is one value per dimension). */
  readonly dimensions?: readonly Dimension[];
  readonly fidelity?: Fidelity;
  /** Names of the free statistics `statistics()` returns (FLOPs, params, …). */
  readonly statisticNames: readonly string[];

  sample(rng: Rng): C;
  /** A neighbour differing in one dimension (one op, one recipe knob, …). */
  mutate(candidate: C, rng: Rng): C;
  /** A child mixing the two parents' settings. */
  crossover(a: C, b: C, rng: Rng): C;

  /** Canonical string: equal keys ⇔ the same candidate. */
  key(candidate: C): string;
  /** Canonical string of the architecture alone. */
  archKey(candidate: C): string;
  /**
   * Equal for candidates that train the same function (an NB201 cell and the same cell without
   * its dead edges), so a search can measure one of them only; `key` where every candidate is
   * distinct.
   */
  equivalenceKey?(candidate: C): string;
  /** Numeric features of the architecture (fixed length `archFeatureCount`). */
  encodeArch(candidate: C): Float32Array;
  /** Numeric features of the recipe (fixed length `recipeFeatureCount`). */
  encodeRecipe(candidate: C): Float32Array;
  readonly archFeatureCount: number;
  readonly recipeFeatureCount: number;

  /** Statistics that cost nothing to compute (no training). */
  statistics(candidate: C): Record<string, number>;
  /**
   * Names of further free numbers that only the predictor reads (as more statistics: pretraining
   * targets and inputs), and that evaluations do not record: too many, or of no use to a reader
   * of a run (NB201's graph features). Absent: none.
   */
  readonly descriptorNames?: readonly string[];
  /** The candidate's descriptors, in `descriptorNames` order. */
  descriptors?(candidate: C): readonly number[];
  /**
   * Loads what `statistics()` needs when that is asynchronous (tfjs and a batch of data, for the
   * zero-cost proxies); the engine awaits it before a session replays or proposes anything.
   */
  prepare?(): Promise<void>;

  /** Progressive search: a candidate's level, from `complexityRange[0]` up. */
  complexity(candidate: C): number;
  readonly complexityRange: readonly [number, number];
  /** Candidates at the lowest level (all of them, or `limit` sampled ones if there are more). */
  initial(rng: Rng, limit: number): C[];
  /** Children one level up: the parent with one more block / layer / unit step. */
  expand(candidate: C): C[];

  /** Validates a JSON value (a file, a journal line) as a candidate of this space. */
  parse(value: unknown, field?: string): C;
  /** One-line human summary. */
  describe(candidate: C): string;
  /** Number of candidates, or Infinity. */
  size(): number;
}

export type AnySpace = SearchSpace<Candidate<Json, Json>>;

import type { z } from 'zod';
import type { TabularBenchmark } from '../bench/index.js';
import type { Candidate, Constraint, Evaluator, Json, Objective } from '../core/index.js';
import type { SearchSpace } from '../space/index.js';

/** What an evaluator kind builds for a run: the space its candidates come from and what measures them. */
export interface EvaluatorParts {
  readonly space: SearchSpace<Candidate>;
  readonly evaluator: Evaluator<Candidate>;
  /** Metrics objectives and constraints may name: what the evaluator reports plus the space's free statistics. */
  readonly metricNames: readonly string[];
  /** The tabular benchmark behind the evaluator, when there is one (regret, true fronts). */
  readonly benchmark?: TabularBenchmark;
}

/** The rest of the run config an evaluator kind may need to build its parts. */
export interface BuildContext {
  readonly seed: number;
  /** Evaluations in parallel (`--workers`). */
  readonly workers: number;
  readonly fidelity: 'full' | 'multi';
  readonly objectives: readonly Objective[];
  readonly constraints: readonly Constraint[];
  /** The run folder, when building for a run that exists (search, resume); absent for one-off reads. */
  readonly runDir?: string;
}

/** A `jars search` flag that sets one field of an evaluator kind's config. */
export interface EvaluatorFlag {
  /** The commander option attribute (`--label-column` → `labelColumn`). */
  readonly key: string;
  /** Commander's flags text, e.g. `--table <path>`; flags shared by several kinds must be spelled the same. */
  readonly flags: string;
  readonly description: string;
  /** Parses the flag's text (errors name the flag and the rule). */
  readonly parse?: (value: string) => unknown;
}

/**
 * One kind of evaluator (tabular benchmark, tfjs trainer, a user's command, …): everything jars
 * needs to know of it lives in its module, and `EVALUATOR_KINDS` registers it with one line. The
 * run config's `evaluator` part is the union of the kinds' schemas, and no code outside a kind's
 * module looks at its fields.
 */
export interface EvaluatorKind<K extends string = string, T extends { readonly kind: K } = { readonly kind: K }> {
  readonly kind: K;
  /** Validates `evaluator` of a run config (a zod object with `kind: z.literal(K)`, strict). */
  readonly schema: z.ZodType<T>;
  /** What it is, for help texts: "a tabular benchmark", "the tfjs trainer". */
  readonly noun: string;
  /** `jars search` flags of this kind. */
  readonly flags: readonly EvaluatorFlag[];
  /** The flag key that chooses this kind by itself (`benchmark`, `command`); none for the default kind. */
  readonly selectedBy?: string;
  /**
   * This kind's config from flags laid over `base` (the config file's evaluator when it is of this
   * kind, else undefined); validated afterwards with the whole run config.
   */
  fromFlags(flags: Readonly<Record<string, unknown>>, base: Readonly<Record<string, unknown>> | undefined): Record<string, unknown>;
  /** Completes a new run's config before it is frozen (e.g. records the dataset's shape). */
  prepare?(config: T): T;
  build(config: T, context: BuildContext): EvaluatorParts;
  /** Short, for tables: `nb201-cifar10`, `mnist · cnn`. */
  label(config: T): string;
  /** One line for people: `benchmark nb201-cifar10`, `trainer on mnist (cnn)`. */
  describe(config: T): string;
  /** Objectives when neither flags nor a config file name them. */
  defaultObjectives(config: T): Objective[];
  /** Strategy when neither flags nor a config file name one. */
  readonly defaultStrategy: string;
  /** What a recipe export records of the evaluator (provenance), with `kind`. */
  provenance(config: T): { readonly kind: string } & Readonly<Record<string, Json>>;
  /**
   * `trainer`: its recipes are trainer recipes that `jars train` can run; `benchmark`: the recipe
   * belongs to a tabular benchmark (e.g. NB201's whole training schedule) and cannot be trained.
   */
  readonly recipeKind: 'trainer' | 'benchmark';
  /** The dataset a trainer recipe was measured on (for `jars train` of an export). */
  dataset?(config: T): string | undefined;
}

import type { Metrics, Objective } from '../core/index.js';
import type { Recipe } from '../space/index.js';

/**
 * The on-disk recipe file format (`*.recipe.json|yaml|ts`), kept apart from runtime types: these
 * interfaces say exactly what a file holds; `recipes/recipe.schema.json` says the same for other
 * tools, and `readRecipeFile` turns a file into the runtime `RecipeFile`.
 */
export const RECIPE_FORMAT_VERSION = 1;

export type ScalarSerialization = string | number | boolean;
export type JsonSerialization = null | ScalarSerialization | JsonSerialization[] | { [key: string]: JsonSerialization };

export interface ObjectiveSerialization {
  metric: string;
  direction: 'max' | 'min';
}

export const ARCH_SPEC_KINDS = ['mlp', 'cnn', 'nb201', 'mbconv', 'pnas'] as const;

export interface ArchitectureSerialization {
  /** The search space the architecture comes from (`nb201`, `fcnet`, `mlp`, …). */
  space?: string;
  /** The space's one-line human summary. */
  summary?: string;
  /** The architecture part as the space stores it: `space.parse({ arch: candidate, recipe })` accepts it. */
  candidate?: JsonSerialization;
  /** A buildable trainer architecture (`jars train` builds it): `kind` plus that kind's fields. */
  spec?: { kind: (typeof ARCH_SPEC_KINDS)[number]; [field: string]: JsonSerialization };
}

/** Where an exported recipe came from: enough to find and re-run the measurement. */
export interface RunProvenanceSerialization {
  source: 'run';
  jarsVersion: string;
  runId: string;
  candidateId: number;
  /** The run's seed (each evaluation's own seed derives from it and the candidate id). */
  seed: number;
  space: string;
  /** As the run's evaluator kind records it, e.g. `{ kind: 'trainer', dataset: 'mnist', space: 'cnn' }`. */
  evaluator: { kind: string; dataset?: string; space?: string; benchmark?: string; [field: string]: JsonSerialization | undefined };
  strategy: string;
  /** tfjs backend that trained the candidate (`evaluation.info.backend`), absent for tabular benchmarks. */
  backend?: string;
  /** Wall (or, for tabular benchmarks, simulated) seconds and cost in full trainings of the evaluation. */
  evaluationSeconds?: number;
  cost?: number;
  /** ISO 8601 time of the export. */
  exportedAt: string;
}

/** A recipe shipped with jars, with the source it follows. */
export interface BuiltinProvenanceSerialization {
  source: 'builtin';
  jarsVersion: string;
  /** The paper or document the settings come from. */
  reference: string;
  notes?: string;
}

export type ProvenanceSerialization = RunProvenanceSerialization | BuiltinProvenanceSerialization;

export interface RecipeFileSerialization {
  /** JSON files: a path or URL of `recipe.schema.json`, for editors. */
  $schema?: string;
  formatVersion: typeof RECIPE_FORMAT_VERSION;
  name: string;
  description?: string;
  /**
   * `trainer`: `recipe` is a jars trainer recipe (fields of `src/space/recipe.ts`; missing ones
   * take the defaults). `benchmark`: `recipe` is a tabular benchmark space's recipe part (e.g.
   * FCNet's `init_lr`, `batch_size`), only meaningful for that benchmark.
   */
  kind: 'trainer' | 'benchmark';
  architecture?: ArchitectureSerialization;
  recipe: { [field: string]: ScalarSerialization };
  /** Measured metrics (JSON has no NaN/Infinity: a non-finite value is written as null). */
  metrics?: { [metric: string]: number | null };
  /** Recorded but not shown to the search (e.g. NB201 test accuracy). */
  hiddenMetrics?: { [metric: string]: number | null };
  /** The run's objectives, in order. */
  objectives?: ObjectiveSerialization[];
  provenance: ProvenanceSerialization;
}

/** A recipe file as jars uses it, after validation. */
export type RecipeFile = TrainerRecipeFile | BenchmarkRecipeFile;

interface RecipeFileBase {
  /** The file it was read from. */
  readonly path: string;
  readonly name: string;
  readonly description?: string;
  readonly architecture?: Readonly<ArchitectureSerialization>;
  /** null in the file comes back as NaN. */
  readonly metrics: Metrics;
  readonly hiddenMetrics: Metrics;
  readonly objectives: readonly Objective[];
  readonly provenance: Readonly<ProvenanceSerialization>;
}

export interface TrainerRecipeFile extends RecipeFileBase {
  readonly kind: 'trainer';
  /** Complete: fields the file leaves out hold the trainer's defaults. */
  readonly recipe: Recipe;
}

export interface BenchmarkRecipeFile extends RecipeFileBase {
  readonly kind: 'benchmark';
  readonly recipe: Readonly<Record<string, ScalarSerialization>>;
}

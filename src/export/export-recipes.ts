import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidInputError, checkSafeName } from '../core/index.js';
import type { Json } from '../core/index.js';
import { writeFileAtomic } from '../run/index.js';
import { analyseRun, architectureSummary, jarsVersion } from '../report/index.js';
import type { RunAnalysis } from '../report/index.js';
import { NB201_EDGE_NAMES, formatNb201, recipeFromAssignment, serialiseRecipe } from '../space/index.js';
import type { Assignment } from '../space/index.js';
import { selectCandidates } from './pick.js';
import type { Pick } from './pick.js';
import { ARCH_SPEC_KINDS, RECIPE_FORMAT_VERSION } from './recipe-file.js';
import type { ArchitectureSerialization, JsonSerialization, RecipeFileSerialization, ScalarSerialization } from './recipe-file.js';
import { formatRecipeFile, recipeFileName } from './recipe-formats.js';
import type { RecipeFormat } from './recipe-formats.js';
import { RECIPE_SCHEMA_FILE } from './recipe-json-schema.js';
import { describeEvaluator, evaluatorProvenance, recipeKindOf } from '../setup/run-describe.js';
import type { RunParts } from '../setup/index.js';

type ProvenanceEvaluator = Extract<RecipeFileSerialization['provenance'], { source: 'run' }>['evaluator'];
import type { MeasuredPoint } from '../run/index.js';

/** The shipped `recipes/` folder (beside `src/` and `dist/` alike). */
export const BUILTIN_RECIPES_DIR = fileURLToPath(new URL('../../recipes/', import.meta.url));
export const RECIPE_SCHEMA_PATH = path.join(BUILTIN_RECIPES_DIR, RECIPE_SCHEMA_FILE);

export interface ExportOptions {
  readonly runDir: string;
  readonly pick: Pick;
  /** For `best`: which objective (metric name); default the run's first objective. */
  readonly objective?: string;
  readonly format: RecipeFormat;
  /** Where the files go; default the run's own `exports/` folder (never the project's `recipes/`). */
  readonly outDir?: string;
  /** File base name; for `front` each file gets `-c<id>` appended. */
  readonly name?: string;
  /** Replace files that exist (otherwise that is an error and nothing is written). */
  readonly force?: boolean;
  readonly now?: Date;
  /** The run's space/evaluator when the caller already has them (skips rebuilding them). */
  readonly parts?: RunParts;
}

/** The folder exports of a run go to unless told otherwise: `<run>/exports`. */
export function defaultExportDir(runDir: string): string {
  return path.join(runDir, 'exports');
}

export interface ExportedRecipe {
  readonly path: string;
  readonly candidateId: number;
  readonly content: RecipeFileSerialization;
}

/** Writes one recipe file per picked candidate; all files are checked before any is written. */
export function exportRecipes(options: ExportOptions): ExportedRecipe[] {
  if (options.name !== undefined) checkSafeName('--name', options.name);
  const analysis = analyseRun(options.runDir, options.parts ? { parts: options.parts } : {});
  const { candidates, objective } = selectCandidates(analysis, options.pick, options.objective);
  const now = options.now ?? new Date();
  const outDir = options.outDir ?? defaultExportDir(options.runDir);
  const planned = candidates.map((e) => {
    const name = fileBaseName(analysis, options, e, objective);
    const file = path.join(outDir, recipeFileName(name, options.format));
    const content = recipeFileContent(analysis, e, { name, now, schema: schemaReference(outDir) });
    return { path: file, candidateId: e.id, content };
  });
  if (!options.force) {
    const taken = planned.filter((p) => existsSync(p.path));
    if (taken.length) {
      throw new InvalidInputError(`${taken.map((p) => p.path).join(', ')} already exist${taken.length === 1 ? 's' : ''}; pass --force to overwrite or --name to choose another name`);
    }
  }
  mkdirSync(outDir, { recursive: true });
  for (const p of planned) {
    writeFileAtomic(p.path, formatRecipeFile(p.content, options.format));
  }
  return planned;
}

function fileBaseName(analysis: RunAnalysis, options: ExportOptions, e: MeasuredPoint, objective: string | undefined): string {
  const safeRun = analysis.runId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[^A-Za-z0-9]+/, '') || 'run';
  switch (options.pick.kind) {
    case 'best':
      return options.name ?? `${safeRun}-best-${(objective ?? '').replace(/[^A-Za-z0-9._-]/g, '_')}`;
    case 'front':
      return `${options.name ?? `${safeRun}-front`}-c${e.id}`;
    case 'id':
      return options.name ?? `${safeRun}-c${e.id}`;
  }
}

/** `$schema` as a relative path from the output folder to the shipped schema, for editors. */
function schemaReference(outDir: string): string {
  const rel = path.relative(path.resolve(outDir), RECIPE_SCHEMA_PATH).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** The file content for one measured candidate of a run. */
export function recipeFileContent(
  analysis: RunAnalysis,
  e: MeasuredPoint,
  options: { name: string; now: Date; schema?: string },
): RecipeFileSerialization {
  const { config } = analysis;
  const info = e.evaluation.info ?? {};
  const provenance = evaluatorProvenance(config);
  const spaceName = analysis.parts?.space.name ?? (typeof provenance.space === 'string' ? provenance.space : 'unknown');
  const trainer = recipeKindOf(config).kind === 'trainer';
  const spec = archSpecOf(e, spaceName, analysis.parts?.space);
  const architecture: ArchitectureSerialization = {
    space: spaceName,
    summary: architectureSummary(analysis, e.candidate),
    candidate: e.candidate.arch as JsonSerialization,
    ...(spec ? { spec } : {}),
  };
  const backend = typeof info.backend === 'string' && info.backend !== '' ? info.backend : undefined;
  return {
    ...(options.schema ? { $schema: options.schema } : {}),
    formatVersion: RECIPE_FORMAT_VERSION,
    name: options.name,
    description: `Candidate ${e.id} of run ${analysis.runId} (${config.strategy}, ${describeEvaluator(config)}).`,
    kind: trainer ? 'trainer' : 'benchmark',
    architecture,
    recipe: trainer ? trainerRecipeOf(e) : scalars(e.candidate.recipe),
    metrics: nullable(e.evaluation.metrics),
    ...(e.evaluation.hiddenMetrics && Object.keys(e.evaluation.hiddenMetrics).length ? { hiddenMetrics: nullable(e.evaluation.hiddenMetrics) } : {}),
    objectives: analysis.objectives.map((o) => ({ metric: o.metric, direction: o.direction })),
    provenance: {
      source: 'run',
      jarsVersion: jarsVersion(),
      runId: analysis.runId,
      candidateId: e.id,
      seed: config.seed,
      space: spaceName,
      evaluator: provenance as ProvenanceEvaluator,
      strategy: config.strategy,
      ...(backend ? { backend } : {}),
      ...(Number.isFinite(e.evaluation.seconds) && e.evaluation.seconds >= 0 ? { evaluationSeconds: e.evaluation.seconds } : {}),
      ...(Number.isFinite(e.evaluation.cost) && e.evaluation.cost >= 0 ? { cost: e.evaluation.cost } : {}),
      exportedAt: options.now.toISOString(),
    },
  };
}

/**
 * A buildable trainer architecture: what the trainer recorded (`info.arch`), a candidate that
 * already is a spec, or an NB201 cell (trainable with the built-in NB201 recipe).
 */
function archSpecOf(e: MeasuredPoint, spaceName: string, space?: RunParts['space']): ArchitectureSerialization['spec'] | undefined {
  const isSpec = (v: Json | undefined): v is { kind: string } & Record<string, Json> =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && (ARCH_SPEC_KINDS as readonly unknown[]).includes((v as Record<string, Json>).kind);
  const recorded = e.evaluation.info?.arch;
  if (isSpec(recorded)) return recorded as ArchitectureSerialization['spec'];
  if (isSpec(e.candidate.arch)) return e.candidate.arch as ArchitectureSerialization['spec'];
  // Trainer spaces map their candidates to a buildable spec themselves.
  const fromSpace = (space as { archSpec?: (c: MeasuredPoint['candidate']) => Json } | undefined)?.archSpec?.call(space, e.candidate);
  if (isSpec(fromSpace)) return fromSpace as ArchitectureSerialization['spec'];
  const arch = e.candidate.arch as Record<string, Json> | null;
  if (spaceName === 'nb201' && arch && NB201_EDGE_NAMES.every((k) => typeof arch[k] === 'string')) {
    return { kind: 'nb201', cell: formatNb201(NB201_EDGE_NAMES.map((k) => arch[k] as string)) };
  }
  return undefined;
}

/** The complete recipe the trainer used (recorded in `info.recipe`), else the candidate's fields on the defaults. */
function trainerRecipeOf(e: MeasuredPoint): Record<string, ScalarSerialization> {
  const recorded = e.evaluation.info?.recipe;
  if (recorded !== null && typeof recorded === 'object' && !Array.isArray(recorded)) return scalars(recorded as Json);
  return serialiseRecipe(recipeFromAssignment(e.candidate.recipe as Assignment));
}

function scalars(value: Json): Record<string, ScalarSerialization> {
  const out: Record<string, ScalarSerialization> = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value as Record<string, Json>)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

function nullable(metrics: Readonly<Record<string, number>>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(metrics)) out[k] = Number.isFinite(v) ? v : null;
  return out;
}

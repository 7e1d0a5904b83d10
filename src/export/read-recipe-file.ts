import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InvalidInputError, SAFE_NAME_PATTERN, SAFE_NAME_RULE, show } from '../core/index.js';
import { parseRecipe } from '../space/index.js';
import { ARCH_SPEC_KINDS, RECIPE_FORMAT_VERSION } from './recipe-file.js';
import type { JsonSerialization, RecipeFile, RecipeFileSerialization } from './recipe-file.js';
import { ISO_DATE_TIME } from './recipe-json-schema.js';

// The same rules as recipe.schema.json (tests feed both the same documents); the trainer recipe
// itself is checked by the trainer's own parser, so its messages name the recipe field.
const json: z.ZodType<JsonSerialization> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]),
);
const nonEmpty = z.string().min(1);
const metricValues = z.record(z.string(), z.number().nullable());
const scalar = z.union([z.string(), z.number(), z.boolean()]);

const architecture = z
  .object({
    space: nonEmpty.optional(),
    summary: z.string().optional(),
    candidate: json.optional(),
    spec: z.object({ kind: z.enum(ARCH_SPEC_KINDS) }).catchall(json).optional(),
  })
  .strict()
  .refine((a) => Object.keys(a).length > 0, { message: 'architecture needs at least one of space, summary, candidate, spec' });

const runProvenance = z
  .object({
    source: z.literal('run'),
    jarsVersion: nonEmpty,
    runId: nonEmpty,
    candidateId: z.number().int().nonnegative(),
    seed: z.number().int().nonnegative(),
    space: nonEmpty,
    /** As the run's evaluator kind records it (`provenance()` of src/evaluators/<kind>.ts). */
    evaluator: z
      .object({ kind: nonEmpty, dataset: nonEmpty.optional(), space: nonEmpty.optional(), benchmark: nonEmpty.optional() })
      .catchall(z.json()),
    strategy: nonEmpty,
    backend: nonEmpty.optional(),
    evaluationSeconds: z.number().nonnegative().optional(),
    cost: z.number().nonnegative().optional(),
    exportedAt: z.string().regex(new RegExp(ISO_DATE_TIME), 'must be an ISO 8601 date-time'),
  })
  .strict();

const builtinProvenance = z
  .object({ source: z.literal('builtin'), jarsVersion: nonEmpty, reference: nonEmpty, notes: z.string().optional() })
  .strict();

const recipeFileSchema = z
  .object({
    $schema: z.string().optional(),
    formatVersion: z.literal(RECIPE_FORMAT_VERSION),
    name: z.string().regex(SAFE_NAME_PATTERN, SAFE_NAME_RULE),
    description: z.string().optional(),
    kind: z.enum(['trainer', 'benchmark']),
    architecture: architecture.optional(),
    recipe: z.record(z.string(), z.unknown()),
    metrics: metricValues.optional(),
    hiddenMetrics: metricValues.optional(),
    objectives: z.array(z.object({ metric: nonEmpty, direction: z.enum(['max', 'min']) }).strict()).min(1).optional(),
    provenance: z.discriminatedUnion('source', [runProvenance, builtinProvenance]),
  })
  .strict();

export const RECIPE_FILE_EXTENSIONS = ['.json', '.yaml', '.yml'] as const;

/**
 * Reads and validates a recipe file (`.json`, `.yaml`/`.yml`; `.ts` exports are for code, not for
 * reading back). Every error is one `InvalidInputError` line naming the file and the field.
 */
export function readRecipeFile(file: string): RecipeFile {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.ts') {
    throw new InvalidInputError(`recipe file ${file} is a TypeScript export; jars reads .json and .yaml recipe files (export again with --format json)`);
  }
  if (!(RECIPE_FILE_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new InvalidInputError(`recipe file name must end in ${RECIPE_FILE_EXTENSIONS.join(', ')}, but got ${show(file)}`);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`recipe file ${file} cannot be read: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = ext === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const what = ext === '.json' ? 'JSON' : 'YAML';
    throw new InvalidInputError(`recipe file ${file} is not valid ${what}: ${(error as Error).message.split('\n')[0] ?? ''}`);
  }
  return parseRecipeFile(value, file);
}

/** Validates a parsed recipe document; `source` names it in errors. */
export function parseRecipeFile(value: unknown, source: string): RecipeFile {
  const result = recipeFileSchema.safeParse(value, { reportInput: true });
  if (!result.success) throw new InvalidInputError(describeIssue(result.error, source));
  const doc = result.data as RecipeFileSerialization;
  const common = {
    path: source,
    name: doc.name,
    ...(doc.description !== undefined ? { description: doc.description } : {}),
    ...(doc.architecture ? { architecture: doc.architecture } : {}),
    metrics: toMetrics(doc.metrics),
    hiddenMetrics: toMetrics(doc.hiddenMetrics),
    objectives: doc.objectives ?? [],
    provenance: doc.provenance,
  };
  if (doc.kind === 'trainer') {
    try {
      return { ...common, kind: 'trainer', recipe: parseRecipe(doc.recipe, 'recipe') };
    } catch (error) {
      throw new InvalidInputError(`${source}: ${(error as Error).message}`);
    }
  }
  if (!doc.architecture) throw new InvalidInputError(`${source}.architecture is required for kind "benchmark" (the recipe alone means nothing there)`);
  for (const [k, v] of Object.entries(doc.recipe)) {
    if (!scalar.safeParse(v).success) throw new InvalidInputError(`${source}.recipe.${k} must be a string, number or boolean, but got ${show(v)}`);
  }
  return { ...common, kind: 'benchmark', recipe: doc.recipe };
}

function toMetrics(values: Record<string, number | null> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values ?? {})) out[k] = v === null ? Number.NaN : v;
  return out;
}

/** `<file>: <field> <rule>, but got <value>` for the first problem. */
function describeIssue(error: z.ZodError, source: string): string {
  const issue = error.issues[0] as z.core.$ZodIssue;
  const field = issue.path.length ? issue.path.map(String).join('.') : 'the file';
  const got = 'input' in issue && issue.input !== undefined ? `, but got ${show(issue.input)}` : '';
  switch (issue.code) {
    case 'unrecognized_keys':
      return `${source}: ${field} has unknown field(s) ${issue.keys.map((k) => show(k)).join(', ')}`;
    case 'invalid_value':
      return `${source}: ${field} must be ${issue.values.length === 1 ? show(issue.values[0]) : `one of ${issue.values.map((v) => show(v)).join(', ')}`}${got}`;
    case 'invalid_type':
      return issue.input === undefined ? `${source}: ${field} is required (${issue.expected})` : `${source}: ${field} must be ${issue.expected === 'int' ? 'an integer' : /^[aeiou]/.test(issue.expected) ? `an ${issue.expected}` : `a ${issue.expected}`}${got}`;
    case 'invalid_union':
      if ('options' in issue && issue.discriminator && issue.options?.length) {
        const at = issue.path.at(-1) === issue.discriminator ? field : `${field}.${issue.discriminator}`;
        const input = issue.input;
        const value = input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[issue.discriminator] : input;
        return `${source}: ${at} must be one of ${issue.options.map((v) => show(v)).join(', ')}, but got ${show(value)}`;
      }
      return `${source}: ${field} matches none of the allowed forms${got}`;
    default:
      return `${source}: ${field} ${issue.message}${got}`;
  }
}

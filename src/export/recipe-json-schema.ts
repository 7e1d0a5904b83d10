import { OPTIMIZERS, SCHEDULES } from '../space/index.js';
import { ARCH_SPEC_KINDS, RECIPE_FORMAT_VERSION } from './recipe-file.js';

export const RECIPE_SCHEMA_FILE = 'recipe.schema.json';
/** A name, not a download location: files point at the schema with a relative `$schema` path. */
export const RECIPE_SCHEMA_ID = 'urn:jars:schema:recipe-file:1';

type Schema = Record<string, unknown>;

const number = (min: number, max: number, options: { exclusiveMin?: boolean; exclusiveMax?: boolean; description?: string } = {}): Schema => ({
  type: 'number',
  [options.exclusiveMin ? 'exclusiveMinimum' : 'minimum']: min,
  [options.exclusiveMax ? 'exclusiveMaximum' : 'maximum']: max,
  ...(options.description ? { description: options.description } : {}),
});
const integer = (min: number, max: number, description?: string): Schema => ({
  type: 'integer',
  minimum: min,
  maximum: max,
  ...(description ? { description } : {}),
});

/**
 * The jars trainer recipe (`src/space/recipe.ts`): every field optional (defaults fill in), no
 * others. The ranges repeat the trainer's zod schema; a test probes both at the boundaries so they
 * cannot drift apart silently.
 */
function trainerRecipeSchema(): Schema {
  return {
    type: 'object',
    description: 'A jars trainer recipe: any subset of these fields; the rest take their defaults.',
    additionalProperties: false,
    properties: {
      optimizer: { enum: [...OPTIMIZERS] },
      lr: number(0, 10, { exclusiveMin: true, description: 'Peak learning rate.' }),
      momentum: number(0, 1, { exclusiveMax: true, description: 'SGD / RMSProp momentum.' }),
      nesterov: { type: 'boolean' },
      schedule: { enum: [...SCHEDULES] },
      warmupEpochs: number(0, 100, { description: 'Linear warm-up epochs (fractional allowed).' }),
      stepEvery: number(0, 1000, { description: 'Step schedule period in epochs (0 = at 50% and 75% of training).' }),
      stepGamma: number(0, 1, { exclusiveMin: true }),
      weightDecay: number(0, 1, { description: 'L2 for sgd/adam/rmsprop; decoupled for adamw.' }),
      batchSize: integer(1, 8192),
      epochs: integer(1, 10_000),
      labelSmoothing: number(0, 1, { exclusiveMax: true }),
      mixupAlpha: number(0, 10, { description: 'Beta(α, α) mixup; 0 = off.' }),
      dropout: number(0, 1, { exclusiveMax: true }),
      stochasticDepth: number(0, 1, { exclusiveMax: true }),
      emaDecay: number(0, 1, { exclusiveMax: true, description: 'Weight EMA decay; 0 = off.' }),
      cropPadding: integer(0, 64),
      flip: { type: 'boolean' },
      cutout: integer(0, 256),
      fidelity: number(0, 1, { exclusiveMin: true, description: 'Fraction of the epochs actually trained (early stop).' }),
    },
  };
}

const nullableNumbers: Schema = { type: 'object', additionalProperties: { type: ['number', 'null'] } };
/** RFC 3339 date-time, as `Date.toISOString` writes it (the `format` alone is only an annotation for many validators). */
export const ISO_DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$';
const nonEmpty: Schema = { type: 'string', minLength: 1 };

/** The JSON Schema (draft 2020-12) of recipe files: written to `recipes/recipe.schema.json`. */
export function recipeFileJsonSchema(): Schema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: RECIPE_SCHEMA_ID,
    title: 'jars recipe file',
    description:
      'An architecture and its training recipe, with the metrics measured for them and where they came from. ' +
      'Written by `jars export`, read by `jars train --recipe`.',
    type: 'object',
    additionalProperties: false,
    required: ['formatVersion', 'name', 'kind', 'recipe', 'provenance'],
    properties: {
      $schema: { type: 'string' },
      formatVersion: { const: RECIPE_FORMAT_VERSION },
      name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
      description: { type: 'string' },
      kind: {
        enum: ['trainer', 'benchmark'],
        description: "trainer: `recipe` is a jars trainer recipe; benchmark: a tabular benchmark space's recipe part.",
      },
      architecture: { $ref: '#/$defs/architecture' },
      recipe: { type: 'object' },
      metrics: nullableNumbers,
      hiddenMetrics: nullableNumbers,
      objectives: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['metric', 'direction'],
          properties: { metric: nonEmpty, direction: { enum: ['max', 'min'] } },
        },
      },
      provenance: { oneOf: [{ $ref: '#/$defs/runProvenance' }, { $ref: '#/$defs/builtinProvenance' }] },
    },
    if: { properties: { kind: { const: 'trainer' } } },
    then: { properties: { recipe: { $ref: '#/$defs/trainerRecipe' } } },
    else: { required: ['architecture'], properties: { architecture: { $ref: '#/$defs/architecture' }, recipe: { $ref: '#/$defs/benchmarkRecipe' } } },
    $defs: {
      trainerRecipe: trainerRecipeSchema(),
      benchmarkRecipe: {
        type: 'object',
        description: "A tabular benchmark space's recipe dimensions (e.g. init_lr, batch_size, epochs).",
        additionalProperties: { type: ['string', 'number', 'boolean'] },
      },
      architecture: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          space: nonEmpty,
          summary: { type: 'string' },
          candidate: { description: "The architecture part as the search space stores it (the space's own format)." },
          spec: {
            type: 'object',
            description: 'A buildable jars trainer architecture; fields beyond `kind` depend on the kind.',
            required: ['kind'],
            properties: { kind: { enum: [...ARCH_SPEC_KINDS] } },
          },
        },
      },
      runProvenance: {
        type: 'object',
        additionalProperties: false,
        required: ['source', 'jarsVersion', 'runId', 'candidateId', 'seed', 'space', 'evaluator', 'strategy', 'exportedAt'],
        properties: {
          source: { const: 'run' },
          jarsVersion: nonEmpty,
          runId: nonEmpty,
          candidateId: { type: 'integer', minimum: 0 },
          seed: { type: 'integer', minimum: 0 },
          space: nonEmpty,
          evaluator: {
            description: "The run's evaluator as its kind records it (e.g. benchmark name, or dataset and space).",
            type: 'object',
            required: ['kind'],
            properties: { kind: nonEmpty, dataset: nonEmpty, space: nonEmpty, benchmark: nonEmpty },
          },
          strategy: nonEmpty,
          backend: nonEmpty,
          evaluationSeconds: { type: 'number', minimum: 0 },
          cost: { type: 'number', minimum: 0 },
          exportedAt: { type: 'string', format: 'date-time', pattern: ISO_DATE_TIME },
        },
      },
      builtinProvenance: {
        type: 'object',
        additionalProperties: false,
        required: ['source', 'jarsVersion', 'reference'],
        properties: {
          source: { const: 'builtin' },
          jarsVersion: nonEmpty,
          reference: nonEmpty,
          notes: { type: 'string' },
        },
      },
    },
  };
}

import { z } from 'zod';
import { InvalidInputError, show } from '../core/index.js';
import type { Choice } from '../core/index.js';
import { ProductSpace } from './product-space.js';
import type { Assignment, ProductCandidate } from './product-space.js';
import type { Dimension, Fidelity } from './search-space.js';

export const OPTIMIZERS = ['sgd', 'adam', 'adamw', 'rmsprop'] as const;
export const SCHEDULES = ['constant', 'cosine', 'step'] as const;

/**
 * A training recipe: everything about how a network is trained, apart from the network. Every
 * field has a default, so a file or a search space only names what it changes.
 */
const RecipeSchema = z
  .object({
    optimizer: z.enum(OPTIMIZERS).default('adam'),
    lr: z.number().gt(0).lte(10).default(0.001),
    /** SGD momentum / RMSProp momentum. */
    momentum: z.number().gte(0).lt(1).default(0.9),
    nesterov: z.boolean().default(true),
    schedule: z.enum(SCHEDULES).default('cosine'),
    /** Linear warm-up from lr/… to lr over this many epochs (fractional allowed). */
    warmupEpochs: z.number().gte(0).lte(100).default(0),
    /** Step schedule: multiply the lr by `stepGamma` every `stepEvery` epochs (0 = at 50% and 75% of training). */
    stepEvery: z.number().gte(0).lte(1000).default(0),
    stepGamma: z.number().gt(0).lte(1).default(0.1),
    /** L2 added to gradients for sgd/adam/rmsprop; decoupled (Loshchilov & Hutter 2019) for adamw. */
    weightDecay: z.number().gte(0).lte(1).default(0),
    batchSize: z.number().int().gte(1).lte(8192).default(64),
    epochs: z.number().int().gte(1).lte(10_000).default(3),
    labelSmoothing: z.number().gte(0).lt(1).default(0),
    /** Beta(α, α) mixing coefficient (Zhang et al. 2018); 0 = off. */
    mixupAlpha: z.number().gte(0).lte(10).default(0),
    dropout: z.number().gte(0).lt(1).default(0),
    /** Drop-path rate of residual blocks, linearly increasing with depth (Huang et al. 2016); 0 = off. */
    stochasticDepth: z.number().gte(0).lt(1).default(0),
    /** Exponential moving average of weights, evaluated instead of the raw weights; 0 = off. */
    emaDecay: z.number().gte(0).lt(1).default(0),
    /** Random crop after zero padding by this many pixels; 0 = off. */
    cropPadding: z.number().int().gte(0).lte(64).default(0),
    flip: z.boolean().default(false),
    /** Side of a square zeroed at a random place (DeVries & Taylor 2017); 0 = off. */
    cutout: z.number().int().gte(0).lte(256).default(0),
    /** Early-stop fidelity: train this fraction of `epochs` (schedule still spans the full run). */
    fidelity: z.number().gt(0).lte(1).default(1),
  })
  .strict();

export type Recipe = z.output<typeof RecipeSchema>;
/** What a file may hold: any subset of the fields. */
export type RecipeInput = z.input<typeof RecipeSchema>;

export const RECIPE_FIELDS = Object.keys(RecipeSchema.shape) as (keyof Recipe)[];
export const DEFAULT_RECIPE: Recipe = RecipeSchema.parse({});

/**
 * Validates a recipe (a file's JSON, a journal line, a space's assignment merged onto the
 * defaults). Errors name the field, the rule and the value, e.g.
 * `recipe.optimizer must be one of sgd, adam, adamw, rmsprop, but got "adagrad"`.
 */
export function parseRecipe(value: unknown, field = 'recipe'): Recipe {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(`${field} must be an object of recipe fields, but got ${show(value)}`);
  }
  const result = RecipeSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const at = [field, ...issue.path.map(String)].join('.');
  const got = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k as PropertyKey], value);
  throw new InvalidInputError(describeIssue(issue, at, got));
}

function describeIssue(issue: z.core.$ZodIssue, at: string, got: unknown): string {
  switch (issue.code) {
    case 'invalid_value':
      return `${at} must be one of ${issue.values.map(String).join(', ')}, but got ${show(got)}`;
    case 'unrecognized_keys':
      return `${at} has unknown field ${show(issue.keys[0])}; valid fields are ${RECIPE_FIELDS.join(', ')}`;
    case 'too_small':
      return `${at} must be ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}, but got ${show(got)}`;
    case 'too_big':
      return `${at} must be ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}, but got ${show(got)}`;
    case 'invalid_type':
      return `${at} must be ${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}, but got ${show(got)}`;
    default:
      return `${at} is invalid (${issue.message}), got ${show(got)}`;
  }
}

/** The recipe as plain JSON with every field (what export writes and journals record). */
export function serialiseRecipe(recipe: Recipe): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const k of RECIPE_FIELDS) out[k] = recipe[k];
  return out;
}

/** A product space's recipe assignment (some fields) on top of a base recipe. */
export function recipeFromAssignment(assignment: Assignment, base: Recipe = DEFAULT_RECIPE, field = 'recipe'): Recipe {
  const merged: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(assignment)) {
    if (k === 'augment') Object.assign(merged, AUGMENTATIONS[v as AugmentName] ?? { augment: v });
    else merged[k] = v;
  }
  return parseRecipe(merged, field);
}

/** Augmentation presets searched as one categorical dimension. */
export const AUGMENTATIONS = {
  none: { cropPadding: 0, flip: false, cutout: 0 },
  flip: { cropPadding: 0, flip: true, cutout: 0 },
  crop: { cropPadding: 2, flip: false, cutout: 0 },
  'crop-flip': { cropPadding: 4, flip: true, cutout: 0 },
  'crop-flip-cutout': { cropPadding: 4, flip: true, cutout: 8 },
} as const;
export type AugmentName = keyof typeof AUGMENTATIONS;

export interface RecipeDimensionOptions {
  /** Epoch budgets to search (ordinal). */
  readonly epochs?: readonly number[];
  /** Include image augmentation and stochastic depth (not for tabular data). */
  readonly images?: boolean;
  readonly residual?: boolean;
  /** Early-stop fidelities; the largest is the full evaluation. */
  readonly fidelities?: readonly number[];
}

/** The recipe knobs FBNetV3-style joint search explores, as product-space dimensions. */
export function recipeDimensions(options: RecipeDimensionOptions = {}): Dimension[] {
  const dims: Dimension[] = [
    { name: 'optimizer', part: 'recipe', values: OPTIMIZERS, kind: 'categorical' },
    { name: 'lr', part: 'recipe', values: [0.0003, 0.001, 0.003, 0.01, 0.03, 0.1], kind: 'ordinal' },
    { name: 'schedule', part: 'recipe', values: SCHEDULES, kind: 'categorical' },
    { name: 'warmupEpochs', part: 'recipe', values: [0, 1], kind: 'ordinal' },
    { name: 'weightDecay', part: 'recipe', values: [0, 1e-5, 1e-4, 5e-4], kind: 'ordinal' },
    { name: 'batchSize', part: 'recipe', values: [32, 64, 128, 256], kind: 'ordinal' },
    { name: 'epochs', part: 'recipe', values: options.epochs ?? [3, 6, 12], kind: 'ordinal' },
    { name: 'labelSmoothing', part: 'recipe', values: [0, 0.1], kind: 'ordinal' },
    { name: 'mixupAlpha', part: 'recipe', values: [0, 0.2], kind: 'ordinal' },
    { name: 'dropout', part: 'recipe', values: [0, 0.1, 0.3], kind: 'ordinal' },
    { name: 'emaDecay', part: 'recipe', values: [0, 0.99], kind: 'ordinal' },
  ];
  if (options.images) dims.push({ name: 'augment', part: 'recipe', values: Object.keys(AUGMENTATIONS), kind: 'categorical' });
  if (options.residual) dims.push({ name: 'stochasticDepth', part: 'recipe', values: [0, 0.1, 0.2], kind: 'ordinal' });
  if (options.fidelities) dims.push({ name: 'fidelity', part: 'recipe', values: options.fidelities, kind: 'ordinal' });
  return dims;
}

/** Fidelity over the `fidelity` recipe dimension: cost is the fraction of epochs trained. */
export function fidelityOf(values: readonly number[]): Fidelity {
  return { dimension: 'fidelity', full: Math.max(...values), cost: (v: Choice) => Number(v) };
}

/**
 * The training-recipe space alone (no architecture dimensions): for tuning the recipe of a fixed
 * network, and as the recipe half of the trainer's joint spaces.
 */
export class RecipeSpace extends ProductSpace {
  override readonly statisticNames = ['epochs', 'batchSize'] as const;

  constructor(options: RecipeDimensionOptions = { images: true, fidelities: [0.25, 0.5, 1] }) {
    const fid = options.fidelities;
    super({ name: 'recipe', dimensions: recipeDimensions(options), ...(fid ? { fidelity: fidelityOf(fid) } : {}) });
  }

  recipe(candidate: ProductCandidate): Recipe {
    return recipeFromAssignment(candidate.recipe);
  }

  override statistics(candidate: ProductCandidate): Record<string, number> {
    return { epochs: Number(candidate.recipe.epochs), batchSize: Number(candidate.recipe.batchSize) };
  }
}

import { InvalidInputError, oneOfMessage } from '../core/index.js';
import { Nb201Space } from './nb201.js';
import type { ProductSpace } from './product-space.js';
import { FcnetSpace, HpobenchMlpSpace } from './tabular-mlp.js';

/** Every built-in space by name; adding one is a class plus one line here. */
export const SPACES = {
  nb201: () => new Nb201Space(),
  fcnet: () => new FcnetSpace(),
  'hpobench-mlp': () => new HpobenchMlpSpace(),
} as const satisfies Record<string, () => ProductSpace>;

export type SpaceName = keyof typeof SPACES;

export function createSpace(name: string): ProductSpace {
  const make = (SPACES as Record<string, (() => ProductSpace) | undefined>)[name];
  if (!make) throw new InvalidInputError(oneOfMessage('space', Object.keys(SPACES), name));
  return make();
}

// Trainer spaces (appended; the lead may fold them into SPACES once createSpace returns AnySpace,
// since the PNAS cell space is variable-length rather than a ProductSpace).
import type { AnySpace } from './search-space.js';
import { CnnSpace } from './cnn.js';
import { MbconvSpace } from './mbconv.js';
import { MlpSpace } from './mlp.js';
import { PnasCellSpace } from './pnas-cell.js';
import { RecipeSpace } from './recipe.js';

export const TRAINER_SPACES = {
  mlp: () => new MlpSpace(),
  cnn: () => new CnnSpace(),
  mbconv: () => new MbconvSpace(),
  pnas: () => new PnasCellSpace(),
  recipe: () => new RecipeSpace(),
} as const satisfies Record<string, () => AnySpace>;

export type TrainerSpaceName = keyof typeof TRAINER_SPACES;

export function createTrainerSpace(name: string): AnySpace {
  const make = (TRAINER_SPACES as Record<string, (() => AnySpace) | undefined>)[name];
  if (!make) throw new InvalidInputError(oneOfMessage('space', Object.keys(TRAINER_SPACES), name));
  return make();
}

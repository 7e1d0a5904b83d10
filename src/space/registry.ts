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

import type { Candidate } from '../core/index.js';
import { InvalidInputError, oneOfMessage } from '../core/index.js';
import { createRandomSearch } from './random-search.js';
import { createRegularizedEvolution } from './regularized-evolution.js';
import { createPnas } from './pnas.js';
import { createPopnas } from './popnas.js';
import { createFbnetV3 } from './fbnetv3.js';
import type { Strategy, StrategyContext } from './strategy.js';

/** Every strategy by name: adding one is a file plus one line here. */
export const STRATEGIES = {
  random: createRandomSearch,
  rea: createRegularizedEvolution,
  pnas: createPnas,
  popnas: createPopnas,
  fbnetv3: createFbnetV3,
} as const satisfies Record<string, <C extends Candidate>(context: StrategyContext<C>) => Strategy<C>>;

export type StrategyName = keyof typeof STRATEGIES;
export const STRATEGY_NAMES = Object.keys(STRATEGIES) as StrategyName[];

export function createStrategy<C extends Candidate>(name: string, context: StrategyContext<C>): Strategy<C> {
  const make = (STRATEGIES as Record<string, ((ctx: StrategyContext<C>) => Strategy<C>) | undefined>)[name];
  if (!make) throw new InvalidInputError(oneOfMessage('strategy', STRATEGY_NAMES, name));
  return make(context);
}

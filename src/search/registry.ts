import type { Candidate } from '../core/index.js';
import { InvalidInputError, oneOfMessage } from '../core/index.js';
import { createRandomSearch } from './random-search.js';
import { createRegularizedEvolution } from './regularized-evolution.js';
import { createPnas } from './pnas.js';
import { createPopnas } from './popnas.js';
import { createFbnetV3 } from './fbnetv3.js';
import { createBayesianOptimisation } from './bayesian-optimisation.js';
import type { Strategy, StrategyContext } from './strategy.js';
import { STRATEGY_NAMES } from './strategy-names.js';
import { readRequeryOptions, withRequery } from './requery.js';
import type { StrategyName } from './strategy-names.js';

export { STRATEGY_NAMES };
export type { StrategyName };

/** Every strategy by name: adding one is a file plus one line here. */
export const STRATEGIES = {
  random: createRandomSearch,
  rea: createRegularizedEvolution,
  pnas: createPnas,
  popnas: createPopnas,
  fbnetv3: createFbnetV3,
  bo: createBayesianOptimisation,
} as const satisfies Record<StrategyName, <C extends Candidate>(context: StrategyContext<C>) => Strategy<C>>;

/**
 * A strategy by name. The option `requery` (any strategy; see `withRequery`) keeps the end of a
 * query budget for re-queries of the best candidates, for noisy evaluations.
 */
export function createStrategy<C extends Candidate>(name: string, context: StrategyContext<C>): Strategy<C> {
  const make = (STRATEGIES as Record<string, ((ctx: StrategyContext<C>) => Strategy<C>) | undefined>)[name];
  if (!make) throw new InvalidInputError(oneOfMessage('strategy', STRATEGY_NAMES, name));
  const { requery, ...own } = context.options ?? {};
  if (requery === undefined) return make(context);
  const options = readRequeryOptions(requery, context.budget?.queries);
  const inner = make({ ...context, options: own });
  return options.queries > 0 ? withRequery(inner, context, options) : inner;
}

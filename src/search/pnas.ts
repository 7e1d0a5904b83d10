import type { Candidate } from '../core/index.js';
import { PROGRESSIVE_OPTION_NAMES, createProgressiveSearch } from './progressive-search.js';
import type { Strategy, StrategyContext } from './strategy.js';
import { OptionReader } from './strategy-options.js';

/**
 * PNAS (Liu et al., ECCV 2018): progressive search by complexity, children ranked by the predictor
 * ensemble's acquisition (UCB; hypervolume improvement with several objectives) and the top
 * `beam` measured per level.
 */
export function createPnas<C extends Candidate>(context: StrategyContext<C>): Strategy<C> {
  return createProgressiveSearch(context, {
    name: 'pnas',
    read: new OptionReader('pnas', context.options, PROGRESSIVE_OPTION_NAMES),
    select: ({ prediction, acquisition, k }) => acquisition.selectBatch(prediction.mean, prediction.std, k),
  });
}

import type { Candidate } from '../core/index.js';
import { ProposalSet, sampleNew } from './proposals.js';
import type { Strategy, StrategyContext } from './strategy.js';
import { OptionReader } from './strategy-options.js';

/** Uniform random sampling without repeats: the baseline every comparison includes. */
export function createRandomSearch<C extends Candidate>(context: StrategyContext<C>): Strategy<C> {
  const { space, rng } = context;
  new OptionReader('random', context.options, []); // takes no options: rejects any, naming it
  const seen = new ProposalSet(space);
  return {
    name: 'random',
    async ask(n) {
      const out: C[] = [];
      for (let i = 0; i < n; i++) {
        const c = sampleNew(space, seen, rng);
        if (!c) break;
        out.push(c);
      }
      return out;
    },
    tell() {},
    progress: () => ({ stage: 'random sampling' }),
  };
}

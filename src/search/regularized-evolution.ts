import type { Candidate, Observation } from '../core/index.js';
import { InvalidInputError } from '../core/index.js';
import { ProposalSet, proposeNew, sampleNew } from './proposals.js';
import { tournamentWinner } from './select.js';
import type { Strategy, StrategyContext } from './strategy.js';
import { OptionReader } from './strategy-options.js';

export interface RegularizedEvolutionOptions {
  /** Population size (NAS-Bench-201's setting: 10). */
  readonly population: number;
  /** Tournament size (NAS-Bench-201's setting: 3). */
  readonly sample: number;
}

export const REA_DEFAULTS: RegularizedEvolutionOptions = { population: 10, sample: 3 };

/**
 * Regularised evolution (Real et al., AAAI 2019): random candidates fill a population; then each
 * proposal mutates one dimension of the tournament winner of `sample` random members, and the
 * oldest member dies when a child joins.
 */
export function createRegularizedEvolution<C extends Candidate>(context: StrategyContext<C>): Strategy<C> {
  const { space, rng } = context;
  const options = readOptions(context.options);
  const seen = new ProposalSet(space);
  const population: Observation<C>[] = [];
  let told = 0;

  return {
    name: 'rea',
    async ask(n) {
      const out: C[] = [];
      for (let i = 0; i < n; i++) {
        // The first `population` proposals are random; later ones mutate tournament winners.
        let child: C | undefined;
        if (seen.size < options.population || population.length === 0) {
          child = sampleNew(space, seen, rng);
        } else {
          const entrants = rng.sample(population, options.sample);
          const parent = tournamentWinner(entrants, (o) => o.losses, rng);
          child = proposeNew(seen, () => space.mutate(parent.candidate, rng), 100) ?? sampleNew(space, seen, rng);
        }
        if (!child) break;
        out.push(child);
      }
      return out;
    },
    tell(observations) {
      for (const o of observations) {
        population.push(o);
        told++;
        if (population.length > options.population) population.shift();
      }
    },
    progress: () => ({ stage: told < options.population ? 'rea: filling the population' : 'rea: evolving' }),
  };
}

function readOptions(raw: Readonly<Record<string, unknown>> | undefined): RegularizedEvolutionOptions {
  const read = new OptionReader('rea', raw, ['population', 'sample']);
  const merged = { population: read.int('population', REA_DEFAULTS.population), sample: read.int('sample', REA_DEFAULTS.sample) };
  if (merged.sample > merged.population) {
    throw new InvalidInputError(`rea.sample must be at most rea.population (${merged.population}), but got ${merged.sample}`);
  }
  return merged;
}

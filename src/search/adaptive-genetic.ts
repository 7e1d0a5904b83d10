import type { Candidate, Rng } from '../core/index.js';
import type { SearchSpace } from '../space/index.js';

export interface AdaptiveGeneticOptions {
  readonly population: number;
  readonly generations: number;
  /** Srinivas & Patnaik's k1 (crossover, above-average parents) and k3 (below-average). */
  readonly crossoverHigh: number;
  readonly crossoverLow: number;
  /** k2 (mutation, above-average individuals) and k4 (below-average). */
  readonly mutationHigh: number;
  readonly mutationLow: number;
  /** Floor on the mutation probability, so the fittest individual still moves now and then. */
  readonly mutationFloor: number;
  readonly elite: number;
}

export const ADAPTIVE_GENETIC_DEFAULTS: AdaptiveGeneticOptions = {
  population: 64,
  generations: 20,
  crossoverHigh: 1,
  crossoverLow: 1,
  mutationHigh: 0.5,
  mutationLow: 0.5,
  mutationFloor: 0.05,
  elite: 4,
};

export interface ScoredCandidate<C> {
  readonly candidate: C;
  readonly key: string;
  readonly fitness: number;
}

export interface GeneticProblem<C extends Candidate> {
  readonly space: SearchSpace<C>;
  /** Fitness of a batch (higher is better); called once per generation with the new individuals only. */
  fitness(candidates: readonly C[]): Promise<number[]>;
  /** Candidates the search must stay inside (resource constraints); others are never scored. */
  feasible(candidate: C): boolean;
  /** Maps a raw child into the searched sub-space (e.g. fixes the fidelity); identity by default. */
  normalise?(candidate: C): C;
}

/**
 * Adaptive genetic algorithm (Srinivas & Patnaik 1994, IEEE TSMC 24(4)): crossover and mutation
 * probabilities fall for individuals fitter than the population average (so good solutions are
 * kept) and stay high for poor ones (so they are disrupted):
 *   pc = k1·(fmax − f′)/(fmax − favg) if f′ ≥ favg else k3,   pm = k2·(fmax − f)/(fmax − favg) if f ≥ favg else k4,
 * where f′ is the larger fitness of the two parents. Returns every distinct individual scored
 * during the search (the archive), best first — the fitness is a predictor, so scoring is cheap
 * and the archive, not just the last population, holds the picks.
 */
export async function adaptiveGeneticSearch<C extends Candidate>(
  problem: GeneticProblem<C>,
  seeds: readonly C[],
  rng: Rng,
  options: AdaptiveGeneticOptions = ADAPTIVE_GENETIC_DEFAULTS,
): Promise<ScoredCandidate<C>[]> {
  const { space } = problem;
  const norm = (c: C) => problem.normalise?.(c) ?? c;
  const archive = new Map<string, ScoredCandidate<C>>();

  const score = async (cands: readonly C[]): Promise<ScoredCandidate<C>[]> => {
    const fresh: C[] = [];
    const freshKeys = new Set<string>();
    for (const c of cands) {
      const k = space.key(c);
      if (!archive.has(k) && !freshKeys.has(k)) {
        freshKeys.add(k);
        fresh.push(c);
      }
    }
    const values = fresh.length > 0 ? await problem.fitness(fresh) : [];
    fresh.forEach((c, i) => archive.set(space.key(c), { candidate: c, key: space.key(c), fitness: values[i] as number }));
    return cands.map((c) => archive.get(space.key(c)) as ScoredCandidate<C>);
  };

  const initial: C[] = seeds.map(norm).filter((c) => problem.feasible(c));
  for (let tries = 0; initial.length < options.population && tries < options.population * 20; tries++) {
    const c = norm(space.sample(rng));
    if (problem.feasible(c)) initial.push(c);
  }
  let population = await score(initial.slice(0, options.population));
  if (population.length === 0) return [];

  for (let g = 0; g < options.generations; g++) {
    const fits = population.map((p) => p.fitness).filter(Number.isFinite);
    const fmax = Math.max(...fits);
    const favg = fits.reduce((a, b) => a + b, 0) / Math.max(1, fits.length);
    const spread = fmax - favg > 1e-12 ? fmax - favg : 1e-12;
    const pick = () => {
      const a = rng.choice(population);
      const b = rng.choice(population);
      return a.fitness >= b.fitness ? a : b;
    };
    const children: C[] = [];
    for (let tries = 0; children.length < options.population - options.elite && tries < options.population * 10; tries++) {
      const a = pick();
      const b = pick();
      const fParent = Math.max(a.fitness, b.fitness);
      const pc = fParent >= favg ? (options.crossoverHigh * (fmax - fParent)) / spread : options.crossoverLow;
      let child = rng.bernoulli(Math.min(1, pc)) ? space.crossover(a.candidate, b.candidate, rng) : a.candidate;
      const f = child === a.candidate ? a.fitness : fParent;
      const pm = f >= favg ? (options.mutationHigh * (fmax - f)) / spread : options.mutationLow;
      // An unchanged copy adds nothing: it is always mutated.
      if (rng.bernoulli(Math.max(options.mutationFloor, Math.min(1, pm))) || child === a.candidate) child = space.mutate(child, rng);
      child = norm(child);
      if (problem.feasible(child)) children.push(child);
    }
    const scored = await score(children);
    const elite = population
      .slice()
      .sort((x, y) => y.fitness - x.fitness)
      .slice(0, options.elite);
    population = [...elite, ...scored];
  }
  return [...archive.values()].sort((x, y) => y.fitness - x.fitness || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

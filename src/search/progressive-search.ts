import type { Candidate, Objective, Observation } from '../core/index.js';
import { Acquisition } from './acquisition.js';
import { BatchQueue } from './batch-queue.js';
import { atFidelity, fidelityLevels, neighbours } from './neighbours.js';
import { ProposalSet, sampleNew } from './proposals.js';
import { QuasiRandomSampler } from './quasi-random.js';
import { bestObservations } from './ranking.js';
import { withinLimits } from './resource-limits.js';
import type { Strategy, StrategyContext } from './strategy.js';
import type { OptionReader } from './strategy-options.js';
import { SURROGATE_KINDS, Surrogate } from './surrogate.js';
import type { SurrogatePrediction } from './surrogate.js';

/** Options every progressive strategy reads. */
export const PROGRESSIVE_OPTION_NAMES = ['beam', 'initial', 'lateral', 'beta', 'predictor', 'pretrain', 'neural', 'refinePool', 'descriptors'] as const;

export interface ChildSelection<C extends Candidate> {
  readonly pool: readonly C[];
  /** Predictions for `pool`: the run objectives, then the selector's extra targets. */
  readonly prediction: SurrogatePrediction;
  readonly acquisition: Acquisition;
  readonly k: number;
  readonly measured: readonly Observation<C>[];
}

export interface ProgressiveConfig<C extends Candidate> {
  readonly name: string;
  readonly read: OptionReader;
  /** Indices into the pool of the children to measure, best first (at most `k`). */
  select(selection: ChildSelection<C>): number[];
  /** Metrics predicted besides the run objectives (popnas: costs). */
  readonly extraTargets?: readonly Objective[];
}

/**
 * Sequential model-based optimisation in order of increasing complexity (Liu et al., "Progressive
 * Neural Architecture Search", ECCV 2018): measure the simplest candidates (the space's `initial`),
 * then per level b keep the best `beam` measured at b, expand each by one block / layer / unit step
 * (`expand`), rank all children with the refitted predictor, measure the chosen `beam`, go to b+1.
 * With `lateral` on, each child's same-level one-dimension variants join the pool (the settings a
 * new PNAS block would choose freely: its op, or a recipe knob of a product space). After the
 * top level the search keeps refining: the neighbours of the best measured plus quasi-random
 * candidates, ranked the same way. Proposals stay at the space's full fidelity. A candidate that
 * trains the same function as one already proposed (`SearchSpace.equivalenceKey`) is skipped, and
 * a level whose children all equal measured functions is passed without a query (`knownBest`).
 */
export function createProgressiveSearch<C extends Candidate>(context: StrategyContext<C>, config: ProgressiveConfig<C>): Strategy<C> {
  const { space, objectives, rng, constraints } = context;
  const { read, name } = config;
  const beam = read.int('beam', 10);
  const initialLimit = read.int('initial', 24);
  const lateral = read.bool('lateral', true);
  const beta = read.number('beta', 0.5);
  const refinePool = read.int('refinePool', 512, 0);
  const surrogate = new Surrogate(
    space,
    objectives,
    { kind: read.choice('predictor', SURROGATE_KINDS, 'neural'), seed: rng.seed31(), pretrain: read.bool('pretrain', false), neural: read.record('neural'), descriptors: read.bool('descriptors', false) },
    config.extraTargets ?? [],
  );
  const full = fidelityLevels(space)?.full;
  const at = (c: C) => atFidelity(space, c, full);
  const [minLevel, maxLevel] = space.complexityRange;
  const seen = new ProposalSet(space, { byFunction: true });
  const queue = new BatchQueue<C>();
  const observations: Observation<C>[] = [];
  const sampler = new QuasiRandomSampler(space, rng.fork('refine'));
  const usable = (c: C) => withinLimits(space, constraints, c) && !seen.has(c);
  let level: number | undefined;
  let refineRound = 0;

  /** Usable candidates, one per function. */
  const unique = (cands: readonly C[]): C[] => seen.distinct(cands.filter(usable));

  function childrenOf(parents: readonly C[], childLevel: number): C[] {
    const direct = parents.flatMap((p) => space.expand(p)).map(at);
    const side = lateral ? direct.flatMap((c) => neighbours(space, c, rng).map(at)).filter((c) => space.complexity(c) === childLevel) : [];
    return [...direct, ...side];
  }

  /**
   * When every child trains a function already measured (on NB201, each child of a one-edge cell
   * adds an edge that cannot reach the output), the level is known without a query: its children
   * equal to the `beam` best measured functions become the next level's parents.
   */
  function knownBest(children: readonly C[]): C[] {
    // The first measurement of each function: what a child equal to it would score.
    const known = new Map<string, Observation<C>>();
    for (const o of observations) if (!known.has(seen.keyOf(o.candidate))) known.set(seen.keyOf(o.candidate), o);
    const keys = new Set<string>();
    const equal = children.filter((c) => {
      const k = space.key(c);
      if (keys.has(k) || !known.has(seen.keyOf(c)) || !withinLimits(space, constraints, c)) return false;
      keys.add(k);
      return true;
    });
    const measured = [...new Set(equal.map((c) => known.get(seen.keyOf(c)) as Observation<C>))];
    const top = new Set(bestObservations(measured, beam).map((o) => seen.keyOf(o.candidate)));
    return equal.filter((c) => top.has(seen.keyOf(c)));
  }

  async function chooseBatch(): Promise<C[]> {
    if (level === undefined) {
      level = minLevel;
      const first = unique(space.initial(rng, 4096).map(at));
      return first.length > initialLimit ? rng.sample(first, initialLimit) : first;
    }
    await surrogate.fit(observations);
    let pool: C[] = [];
    let carried: C[] = [];
    while (pool.length === 0 && level < maxLevel) {
      const current = level;
      const atLevel = observations.filter((o) => space.complexity(o.candidate) === current);
      const parents = carried.length > 0 ? carried : bestObservations(atLevel.length > 0 ? atLevel : observations, beam).map((o) => o.candidate);
      level++;
      const children = childrenOf(parents, level);
      pool = unique(children);
      carried = pool.length === 0 ? knownBest(children) : [];
    }
    if (pool.length === 0) {
      refineRound++;
      const best = bestObservations(observations, beam).map((o) => at(o.candidate));
      pool = unique([...best.flatMap((c) => neighbours(space, c, rng).map(at)), ...sampler.draw(refinePool, usable, at)]);
    }
    if (pool.length === 0) return [];
    const prediction = await surrogate.predict(pool);
    const acquisition = new Acquisition(
      observations.map((o) => o.losses.slice()),
      objectives.length,
      beta,
      prediction.mean,
    );
    const picked = surrogate.fitted
      ? config.select({ pool, prediction, acquisition, k: beam, measured: observations })
      : rng.sample(pool.map((_, i) => i), beam);
    return picked.map((i) => pool[i] as C);
  }

  return {
    name,
    ask: (n) => queue.next(n, chooseBatch, seen, () => sampleNew(space, seen, rng)),
    tell(batch) {
      observations.push(...batch);
      queue.received(batch.length);
    },
    progress: () => ({ stage: refineRound > 0 ? `${name} refine round ${refineRound}` : `${name} level b=${level ?? minLevel}` }),
    takeFitReports: () => surrogate.takeReports(),
  };
}

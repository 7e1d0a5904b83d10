import type { Candidate, Choice, Observation } from '../core/index.js';
import { fromLoss } from '../core/index.js';
import { paretoFront } from '../pareto/index.js';
import { Acquisition } from './acquisition.js';
import { ADAPTIVE_GENETIC_DEFAULTS, adaptiveGeneticSearch } from './adaptive-genetic.js';
import { BatchQueue } from './batch-queue.js';
import { atFidelity, fidelityLevels, neighbours } from './neighbours.js';
import { ProposalSet, sampleNew } from './proposals.js';
import { QuasiRandomSampler } from './quasi-random.js';
import { withinLimits } from './resource-limits.js';
import type { Strategy, StrategyContext } from './strategy.js';
import { OptionReader } from './strategy-options.js';
import { SURROGATE_KINDS, Surrogate } from './surrogate.js';
import { bestObservations } from './ranking.js';

const OPTION_NAMES = ['batch', 'stage1Rounds', 'pool', 'beta', 'predictor', 'pretrain', 'population', 'generations', 'neural', 'localShare', 'bands', 'descriptors'] as const;

/**
 * FBNetV3's joint architecture-recipe search (Dai et al., CVPR 2021, arXiv 2006.02049), as a strategy.
 *
 * Stage 1 (constrained iterative optimisation): a batch of quasi-random (Sobol) candidates inside
 * the resource limits, measured with the cheap early-stopping fidelity when the space has one (NB201:
 * 12 epochs at 12/200 of the cost); then each round refits the predictor on everything measured and
 * picks the next batch from a Sobol pool plus the neighbours of the best by acquisition (UCB, or
 * hypervolume improvement with several objectives). Stage 2: per round, an adaptive genetic search
 * over architecture and recipe with the refitted predictor as fitness, inside the limits; the best
 * unmeasured individuals are measured at full fidelity, together with a `localShare` of the
 * best-predicted neighbours of the best measured; repeat until the budget ends. With several
 * objectives stage 2 can also search once per band of the second objective (`bands` limits; off
 * by default: 4 bands gave the same hypervolume ratio on NB201, 0.959, at twice the search time).
 * The predictor's encoder is pretrained on the space's free statistics by default (`pretrain`),
 * FBNetV3's predictor pretraining: on NB201 it turned 4 misses in 30 seeds into 1
 * (bench/results/strategies.md).
 */
export function createFbnetV3<C extends Candidate>(context: StrategyContext<C>): Strategy<C> {
  const { space, objectives, rng, constraints } = context;
  const read = new OptionReader('fbnetv3', context.options, OPTION_NAMES);
  const levels = fidelityLevels(space);
  const cheap: Choice | undefined = levels && levels.cheap !== levels.full ? levels.cheap : undefined;
  const full = levels?.full;
  const batch = read.int('batch', 10);
  const stage1Rounds = Math.min(read.int('stage1Rounds', cheap === undefined ? 3 : 8), stage1Cap(context, batch, cheap));
  const poolSize = read.int('pool', 1024);
  const beta = read.number('beta', 0.5);
  const localShare = read.number('localShare', 0.3, 0, 1);
  const bands = read.int('bands', 0, 0);
  const ga = {
    ...ADAPTIVE_GENETIC_DEFAULTS,
    population: read.int('population', ADAPTIVE_GENETIC_DEFAULTS.population, 4),
    generations: read.int('generations', ADAPTIVE_GENETIC_DEFAULTS.generations, 0),
  };
  const surrogate = new Surrogate(space, objectives, {
    kind: read.choice('predictor', SURROGATE_KINDS, 'neural'),
    seed: rng.seed31(),
    pretrain: read.bool('pretrain', true),
    neural: read.record('neural'),
    descriptors: read.bool('descriptors', false),
  });
  // One measurement per function: on NB201, a cell and the same cell without its dead edges count once.
  const seen = new ProposalSet(space, { byFunction: true });
  const queue = new BatchQueue<C>();
  const observations: Observation<C>[] = [];
  // Distinct by function too, so the first batch, proposed as drawn, is `batch` new functions.
  const sampler = new QuasiRandomSampler(space, rng.fork('stage1'), seen.keyOf);
  const feasible = (c: C) => withinLimits(space, constraints, c);
  let round = 0;
  const predictions = new Map<string, number[]>();

  const stage = () => (round <= stage1Rounds ? `fbnetv3 stage 1, round ${Math.max(1, round)}/${stage1Rounds}` : `fbnetv3 stage 2, round ${round - stage1Rounds}`);

  async function chooseBatch(): Promise<C[]> {
    const inStage1 = round < stage1Rounds;
    const fidelity = inStage1 ? (cheap ?? full) : full;
    const at = (c: C) => atFidelity(space, c, fidelity);
    round++;
    await surrogate.fit(observations);
    if (!surrogate.fitted) {
      return sampler.draw(batch, (c) => feasible(c) && !seen.has(c), at);
    }
    const measured = measuredFront(fidelity);
    // No `reach` here: the Sobol start measures across the space already; reaching the nadir out to
    // a quasi-random sample's predictions measured no better on NB201 (HV 0.956 vs 0.959, 20 seeds).
    const acquisition = new Acquisition(measured, objectives.length, beta);
    let pool: C[];
    if (inStage1) {
      const best = bestObservations(observations, batch).map((o) => at(o.candidate));
      pool = [...sampler.draw(poolSize, (c) => feasible(c) && !seen.has(c), at), ...best.flatMap((c) => neighbours(space, c, rng).map(at))];
    } else {
      const seeds = bestObservations(observations, ga.population).map((o) => at(o.candidate));
      const search = async (label: string, score: (mean: number[], std: number[]) => number) => {
        const archive = await adaptiveGeneticSearch(
          {
            space,
            feasible,
            normalise: at,
            fitness: async (cands) => {
              const p = await surrogate.predict(cands);
              return p.mean.map((m, i) => score(m, p.std[i] as number[]));
            },
          },
          seeds,
          rng.fork(`ga${round}${label}`),
          ga,
        );
        return archive.filter((s) => !seen.has(s.candidate)).slice(0, Math.max(4 * batch, 256)).map((s) => s.candidate);
      };
      pool = await search('', (m, sd) => acquisition.utility(m, sd));
      // FBNetV3 searches once per resource constraint: with several objectives, one more search per
      // band of the second objective (best predicted score under each limit), so the cheap end of
      // the front gets candidates too rather than only the region of largest hypervolume gain.
      for (const limit of objectives.length > 1 ? bandLimits(measured, bands) : []) {
        pool.push(
          ...(await search(`@${limit}`, (m, sd) => {
            const over = (m[1] as number) - limit;
            return over > 0 ? -1e9 - over : -((m[0] as number) - beta * (sd[0] as number));
          })),
        );
      }
    }
    const local = inStage1 ? [] : await localPicks(acquisition, fidelity);
    const localKeys = new Set(local.map((c) => seen.keyOf(c)));
    const unique = seen.distinct(pool.filter((c) => feasible(c) && !seen.has(c) && !localKeys.has(seen.keyOf(c))));
    const p = await surrogate.predict(unique);
    const chosen = [...local, ...acquisition.selectBatch(p.mean, p.std, batch - local.length).map((i) => unique[i] as C)];
    await rememberPredictions(chosen);
    return chosen;
  }

  /** The predictor's view of a batch in metric units, journaled with the proposals for displays. */
  async function rememberPredictions(chosen: readonly C[]): Promise<void> {
    const p = await surrogate.predict(chosen);
    chosen.forEach((c, i) => {
      const mean = p.mean[i] as number[];
      predictions.set(space.key(c), objectives.map((o, j) => fromLoss(mean[j] as number, o)));
    });
  }

  /**
   * Stage 2's share of local search: the best-predicted unmeasured neighbours of the best measured
   * candidates at this fidelity. The genetic search follows the predictor; these follow the
   * measurements, which catches optima the predictor under-rates (local search is strong on NB201:
   * White et al., "Local search is state of the art for NAS benchmarks", 2020).
   */
  async function localPicks(acquisition: Acquisition, fidelity: Choice | undefined): Promise<C[]> {
    const count = Math.round(localShare * batch);
    if (count === 0) return [];
    const f = space.fidelity;
    const atLevel = observations.filter((o) => !f || fidelity === undefined || valueOf(o.candidate, f.dimension) === fidelity);
    const parents = bestObservations(atLevel.length > 0 ? atLevel : observations, 3).map((o) => atFidelity(space, o.candidate, fidelity));
    const near = seen.distinct(parents.flatMap((c) => neighbours(space, c, rng).map((n) => atFidelity(space, n, fidelity))).filter((c) => feasible(c) && !seen.has(c)));
    if (near.length === 0) return [];
    const p = await surrogate.predict(near);
    return acquisition.selectBatch(p.mean, p.std, count).map((i) => near[i] as C);
  }

  /** Losses the acquisition normalises against: full-fidelity results once there are any. */
  function measuredFront(fidelity: Choice | undefined): number[][] {
    const f = space.fidelity;
    const atLevel = observations.filter((o) => !f || fidelity === undefined || valueOf(o.candidate, f.dimension) === fidelity);
    return (atLevel.length >= 3 ? atLevel : observations).map((o) => o.losses.slice());
  }

  return {
    name: 'fbnetv3',
    ask: (n) => queue.next(n, chooseBatch, seen, () => sampleNew(space, seen, rng)),
    tell(batchObserved) {
      observations.push(...batchObserved);
      queue.received(batchObserved.length);
    },
    progress: () => ({ stage: stage() }),
    predicted: (c) => predictions.get(space.key(c)),
    takeFitReports: () => surrogate.takeReports(),
  };
}

/**
 * With a cheap fidelity, stage 1 fits the run's budget: at most half the queries, or a quarter of
 * the cost, so a small budget still reaches stage 2's full-fidelity evaluations (with 8 rounds of
 * 10, a 60-query multi-fidelity run measured nothing at full fidelity). At least one round.
 */
function stage1Cap(context: StrategyContext<Candidate>, batch: number, cheap: Choice | undefined): number {
  const f = context.space.fidelity;
  if (!f || cheap === undefined) return Number.POSITIVE_INFINITY;
  const { queries, cost } = context.budget ?? {};
  const perQuery = f.cost(cheap);
  const caps = [Number.POSITIVE_INFINITY];
  if (queries !== undefined) caps.push(Math.floor(queries / 2 / batch));
  if (cost !== undefined && perQuery > 0) caps.push(Math.floor(cost / 4 / (batch * perQuery)));
  return Math.max(1, Math.min(...caps));
}

/** Up to `count` limits on the second objective: its values at evenly spaced points of the measured front. */
export function bandLimits(measured: readonly (readonly number[])[], count: number): number[] {
  const finite = measured.filter((p) => p.every(Number.isFinite));
  const front = paretoFront(finite)
    .map((i) => (finite[i] as readonly number[])[1] as number)
    .sort((a, b) => a - b);
  if (front.length === 0 || count === 0) return [];
  const out = new Set<number>();
  for (let j = 0; j < count; j++) out.add(front[Math.floor((j * (front.length - 1)) / Math.max(1, count - 1))] as number);
  return [...out];
}

function valueOf(c: Candidate, name: string): unknown {
  const arch = c.arch as Record<string, unknown> | null;
  const recipe = c.recipe as Record<string, unknown> | null;
  return recipe?.[name] ?? arch?.[name];
}

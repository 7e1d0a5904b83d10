import { describe, expect, it } from 'vitest';
import { createBenchmark, benchmarkSearchSpace } from '../../src/bench/index.js';
import type { TabularBenchmark } from '../../src/bench/index.js';
import { Rng } from '../../src/core/index.js';
import type { Observation } from '../../src/core/index.js';
import { bandLimits, createStrategy } from '../../src/search/index.js';
import { nb201LiveOps } from '../../src/space/index.js';
import type { Nb201Space, ProductCandidate } from '../../src/space/index.js';

let cached: TabularBenchmark | undefined;
const nb201 = () => (cached ??= createBenchmark('nb201-cifar10'));
/** Small settings keep these tests fast; the defaults are measured by bench/strategies-sweep.mjs. */
const small = { neural: { members: 2, steps: 30 } };

/** Drives a strategy by hand (one ask, one tell), recording proposals and stage labels. */
async function drive(
  name: string,
  queries: number,
  fidelity: 'full' | 'multi',
  options: Record<string, unknown>,
  constraints?: { metric: string; max: number }[],
  budget?: { queries?: number; cost?: number },
) {
  const benchmark = nb201();
  const space = benchmarkSearchSpace(benchmark.space, fidelity);
  const objectives = [benchmark.objective];
  const strategy = createStrategy(name, { space, objectives, rng: new Rng(5), options, ...(constraints ? { constraints } : {}), ...(budget ? { budget } : {}) });
  const proposed: ProductCandidate[] = [];
  const stages: string[] = [];
  let fits = 0;
  for (let id = 0; id < queries; id++) {
    const [c] = await strategy.ask(1);
    if (!c) break;
    proposed.push(c);
    stages.push(strategy.progress?.().stage ?? '');
    fits += strategy.takeFitReports?.().length ?? 0;
    const evaluation = await benchmark.evaluate(c, { rng: new Rng(id) });
    const losses = [-(evaluation.metrics.validAcc as number)];
    const o: Observation<ProductCandidate> = { id, candidate: c, key: space.key(c), metrics: evaluation.metrics, losses, cost: evaluation.cost, failed: false };
    await strategy.tell([o]);
  }
  return { proposed, stages, fits, space };
}

describe('fbnetv3', () => {
  it('measures stage 1 at the cheap fidelity and stage 2 at full fidelity, refitting each round', async () => {
    const { proposed, stages, fits } = await drive('fbnetv3', 40, 'multi', { ...small, batch: 8, stage1Rounds: 3, population: 16, generations: 4 });
    const epochs = proposed.map((c) => c.recipe.epochs);
    expect(epochs.slice(0, 24).every((e) => e === 12)).toBe(true);
    expect(epochs.slice(24).every((e) => e === 200)).toBe(true);
    expect(stages[0]).toBe('fbnetv3 stage 1, round 1/3');
    expect(stages.at(-1)).toBe('fbnetv3 stage 2, round 2');
    expect(fits).toBe(4);
  });

  it('fits stage 1 into a small budget so that it still measures at full fidelity', async () => {
    // 8 rounds of 10 by default; a 30-query budget leaves room for one (half the queries at most)
    const { proposed } = await drive('fbnetv3', 30, 'multi', { ...small, population: 16, generations: 4 }, undefined, { queries: 30 });
    const epochs = proposed.map((c) => c.recipe.epochs);
    expect(epochs.slice(0, 10).every((e) => e === 12)).toBe(true);
    expect(epochs.slice(10).every((e) => e === 200)).toBe(true);
    // a cost budget: a quarter of 2 full trainings buys 0.5 / 0.06 = 8 cheap queries, so one round
    const byCost = await drive('fbnetv3', 20, 'multi', { ...small, population: 16, generations: 4 }, undefined, { cost: 2 });
    expect(byCost.proposed.slice(10).every((c) => c.recipe.epochs === 200)).toBe(true);
    // a large budget keeps the default 8 rounds
    const large = await drive('fbnetv3', 30, 'multi', { ...small, population: 16, generations: 4 }, undefined, { queries: 1000 });
    expect(large.proposed.every((c) => c.recipe.epochs === 12)).toBe(true);
  });

  it('stays inside resource limits on free statistics', async () => {
    const { proposed, space } = await drive('fbnetv3', 24, 'full', { ...small, batch: 8, stage1Rounds: 2, population: 16, generations: 4 }, [{ metric: 'flopsM', max: 60 }]);
    expect(proposed.every((c) => (space.statistics(c).flopsM as number) <= 60)).toBe(true);
  });

  it('proposes a first batch of distinct functions, even when the quasi-random draw repeats one', async () => {
    // seed 22's first Sobol batch holds two cells that differ only in dead edges
    const space = benchmarkSearchSpace(nb201().space, 'full');
    const strategy = createStrategy('fbnetv3', { space, objectives: [nb201().objective], rng: new Rng(22), options: { batch: 10, pretrain: false } });
    const first = await strategy.ask(10);
    expect(first).toHaveLength(10);
    expect(new Set(first.map((c) => (space as Nb201Space).equivalenceKey(c))).size).toBe(10);
  });

  it('rejects unknown and malformed options with a message naming the field', () => {
    const space = benchmarkSearchSpace(nb201().space, 'full');
    const make = (options: Record<string, unknown>) => () => createStrategy('fbnetv3', { space, objectives: [nb201().objective], rng: new Rng(1), options });
    expect(make({ batchSize: 3 })).toThrow(/fbnetv3 option must be one of batch, .*but got "batchSize"/);
    expect(make({ batch: 0 })).toThrow('fbnetv3.batch must be an integer ≥ 1, but got 0');
    expect(make({ predictor: 'gp' })).toThrow('predictor must be one of neural, ridge, forest, neural+forest, but got "gp"');
  });
});

describe('bandLimits', () => {
  it('takes the second objective at evenly spaced points of the measured front, ignoring dominated and failed points', () => {
    const measured = [
      [-90, 100],
      [-80, 10],
      [-85, 50],
      [-70, 200],
      [Number.POSITIVE_INFINITY, 1],
    ];
    expect(bandLimits(measured, 2)).toEqual([10, 100]);
    expect(bandLimits(measured, 3)).toEqual([10, 50, 100]);
    expect(bandLimits(measured, 0)).toEqual([]);
    expect(bandLimits([], 3)).toEqual([]);
  });
});

describe('pnas and popnas', () => {
  it('pnas measures the simplest cells first, then climbs level by level, never measuring one function twice', async () => {
    const { proposed, stages, space } = await drive('pnas', 36, 'full', { ...small, beam: 6, initial: 12 });
    const levels = proposed.map((c) => space.complexity(c));
    // NB201's simplest useful cells: one op on edge 0→3 (the other single-edge cells are constant)
    expect(levels.slice(0, 4)).toEqual([1, 1, 1, 1]);
    expect(proposed.slice(0, 4).every((c) => space.statistics(c).connected === 1)).toBe(true);
    // Every level-2 child of those adds an edge that cannot reach the output, so it trains its
    // parent's function: level 2 is known without a query, and its children are measured next.
    expect(levels.slice(4, 10)).toEqual([3, 3, 3, 3, 3, 3]);
    expect(stages[4]).toBe('pnas level b=3');
    expect(levels.slice(10, 16)).toEqual([4, 4, 4, 4, 4, 4]);
    expect(levels.slice(16, 22)).toEqual([5, 5, 5, 5, 5, 5]);
    // each level-3 cell opens a second path from input to output through node 1 or 2
    const nb = space as Nb201Space; // restrict() keeps the class
    for (const c of proposed.slice(4, 10)) expect(nb201LiveOps(nb.ops(c)).filter((op) => op !== 'none')).toHaveLength(3);
    const functions = proposed.map((c) => nb.equivalenceKey(c));
    expect(new Set(functions).size).toBe(proposed.length);
  });

  it('popnas reaches the top level and then refines, proposing only full-fidelity candidates', async () => {
    const { proposed, stages, space } = await drive('popnas', 50, 'multi', { ...small, beam: 6, initial: 8, exploration: 1 });
    expect(proposed.every((c) => c.recipe.epochs === 200)).toBe(true);
    expect(Math.max(...proposed.map((c) => space.complexity(c)))).toBe(6);
    expect(stages.at(-1)).toMatch(/^popnas refine round \d+$/);
  });

  it('popnas rejects more than three cost metrics', () => {
    const space = benchmarkSearchSpace(nb201().space, 'full');
    expect(() =>
      createStrategy('popnas', { space, objectives: [nb201().objective], rng: new Rng(1), options: { cost: ['flopsM', 'paramsM', 'convs3x3', 'skips'] } }),
    ).toThrow('popnas.cost lists at most 3 metrics, but got 4 (flopsM, paramsM, convs3x3, skips)');
  });
});

/** The journal events of a small fbnetv3 run on NB201 (no pretraining, a small genetic search). */
async function smallFbnetv3Run(predictor: string, queries: number, seed: number) {
  const { runOnBenchmark } = await import('../support/engine.js');
  const { journal } = await runOnBenchmark({
    benchmark: nb201(),
    strategy: 'fbnetv3',
    queries,
    seed,
    strategyOptions: { predictor, pretrain: false, batch: 10, population: 16, generations: 4 },
  });
  return journal.replay();
}

describe('fbnetv3 predictions in the journal', () => {
  it('journals its predicted objective values (metric units) with the proposals it scored', async () => {
    const proposals = (await smallFbnetv3Run('ridge', 30, 2)).filter((e) => e.type === 'candidates-proposed');
    const withPredictions = proposals.filter((e) => e.type === 'candidates-proposed' && e.predicted !== undefined);
    expect(withPredictions.length).toBeGreaterThan(0);
    for (const e of withPredictions) {
      if (e.type !== 'candidates-proposed') continue;
      expect(e.predicted).toHaveLength(e.ids.length);
      // validation accuracy in percent, not a minimised loss
      for (const [acc] of e.predicted!) expect(acc).toBeGreaterThan(0);
    }
  });
});

describe('fbnetv3 with a forest in its surrogate', () => {
  it.each(['forest', 'neural+forest'])('runs with predictor %s and predicts accuracies in percent', async (predictor) => {
    const events = await smallFbnetv3Run(predictor, 25, 4);
    expect(events.filter((e) => e.type === 'candidate-evaluated')).toHaveLength(25);
    const predicted = events.flatMap((e) => (e.type === 'candidates-proposed' && e.predicted ? e.predicted : []));
    expect(predicted.length).toBeGreaterThan(0);
    for (const [acc] of predicted) {
      expect(acc).toBeGreaterThan(0);
      expect(acc).toBeLessThanOrEqual(100);
    }
  });
});

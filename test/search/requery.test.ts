import { describe, expect, it } from 'vitest';
import { createBenchmark } from '../../src/bench/index.js';
import { pickRepetition } from '../../src/bench/tabular-benchmark.js';
import { Rng, evaluationRng, meansByCandidate } from '../../src/core/index.js';
import type { Observation } from '../../src/core/index.js';
import { SearchEngine } from '../../src/engine/index.js';
import { MemoryRunJournal } from '../../src/run/index.js';
import { createStrategy } from '../../src/search/index.js';
import type { ProductCandidate } from '../../src/space/index.js';

describe('pickRepetition', () => {
  const runs = [10, 20, 30, 40];
  it('draws the first evaluation as before, and shows each re-query a run not seen yet', () => {
    for (let id = 0; id < 50; id++) {
      const first = pickRepetition(runs, { rng: evaluationRng(3, id) });
      expect(first).toBe(runs[evaluationRng(3, id).int(4)]);
      const seen = [first];
      for (let index = 1; index < 4; index++) {
        seen.push(pickRepetition(runs, { rng: evaluationRng(3, 100 + index), repeat: { index, firstId: id, firstRng: evaluationRng(3, id) } }));
      }
      expect([...seen].sort((a, b) => a - b)).toEqual(runs);
      // then the same order again
      expect(pickRepetition(runs, { rng: new Rng(1), repeat: { index: 5, firstId: id, firstRng: evaluationRng(3, id) } })).toBe(seen[1]);
    }
  });
});

describe('meansByCandidate', () => {
  const obs = (key: string, loss: number, failed = false) => ({ candidate: { arch: key, recipe: {} }, losses: [loss], failed }) as unknown as Observation;
  it('ranks candidates by the mean of their successful evaluations', () => {
    const ranked = meansByCandidate([obs('a', 1), obs('b', 0.5), obs('a', 0), obs('b', 0.7), obs('c', 0.1, true), obs('c', 2)], (c) => String(c.arch));
    expect(ranked.map((r) => [r.key, r.mean, r.count])).toEqual([
      ['a', 0.5, 2],
      ['b', 0.6, 2],
      ['c', 2, 1],
    ]);
  });
});

describe('re-queries on FCNet parkinsons (one random repetition per query)', () => {
  const bench = createBenchmark('fcnet-parkinsons');
  const space = bench.space;
  const objectives = [bench.objective];

  async function run(requery: unknown, budget = 60) {
    const strategy = createStrategy('rea', { space, objectives, rng: new Rng('requery-test'), budget: { queries: budget }, options: { requery } });
    const engine = new SearchEngine({ space, evaluator: bench, strategy, objectives, budget: { queries: budget }, seed: 4, journal: new MemoryRunJournal() });
    return (await engine.run()).observations as Observation<ProductCandidate>[];
  }

  it('spends the last queries on the best candidates, whose means over all 4 runs are the table means', async () => {
    const observations = await run({ queries: 24, top: 8, evaluations: 4 });
    expect(observations).toHaveLength(60);
    const keys = observations.map((o) => space.key(o.candidate));
    // the first 36 are REA's own proposals, all distinct
    expect(new Set(keys.slice(0, 36)).size).toBe(36);
    // the last 24 re-query earlier candidates only, none more than 4 times in all
    for (const k of keys.slice(36)) expect(keys.slice(0, 36)).toContain(k);
    const counts = new Map<string, number>();
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(4);
    // a candidate that drops out of the top 8 by mean gets no more re-queries, so the 24 go to 6–8 of them
    const full = meansByCandidate(observations, (c) => space.key(c)).filter((r) => r.count === 4);
    expect(full.length).toBeGreaterThanOrEqual(6);
    for (const r of full) expect(r.mean).toBeCloseTo(bench.truth(r.candidate)[bench.reportMetric.metric] as number, 12);
  });

  it('is off with 0 queries, and refuses bad settings with the field and the rule', async () => {
    const plain = await run(0, 20);
    const again = createStrategy('rea', { space, objectives, rng: new Rng('requery-test'), budget: { queries: 20 } });
    const engine = new SearchEngine({ space, evaluator: bench, strategy: again, objectives, budget: { queries: 20 }, seed: 4, journal: new MemoryRunJournal() });
    expect((await engine.run()).observations.map((o) => space.key(o.candidate as ProductCandidate))).toEqual(plain.map((o) => space.key(o.candidate)));
    const make = (requery: unknown, budget?: number) => () =>
      createStrategy('rea', { space, objectives, rng: new Rng(1), ...(budget ? { budget: { queries: budget } } : {}), options: { requery } });
    expect(make({ queries: 20 }, 20)).toThrow('requery.queries must be below the query budget (20), but got 20');
    expect(make({ queries: 5 })).toThrow('requery.queries needs a query budget');
    expect(make({ queries: 5, evaluations: 1 }, 20)).toThrow('requery.evaluations must be an integer ≥ 2, but got 1');
    expect(make({ queries: 5, rounds: 2 }, 20)).toThrow(/requery option must be one of queries, top, evaluations/);
    expect(make('lots', 20)).toThrow('requery must be a number of queries or an object {queries, top, evaluations}, but got "lots"');
  });
});

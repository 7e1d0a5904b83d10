import { expect, it } from 'vitest';
import type { TabularBenchmark } from '../../src/bench/index.js';
import { Rng } from '../../src/core/index.js';
import { MemoryRunJournal } from '../../src/run/index.js';
import { createStrategy } from '../../src/search/index.js';
import { runOnBenchmark } from './engine.js';
import { benchmarkSearchSpace } from '../../src/bench/index.js';

/** The contract every Strategy meets, on real tabular benchmarks. */
export function strategyContract(
  name: string,
  benchmarks: () => TabularBenchmark[],
  queries = 60,
  strategyOptions?: Readonly<Record<string, unknown>>,
): void {
  const opts = strategyOptions ? { strategyOptions } : {};
  it('proposes valid candidates from an empty history', async () => {
    for (const benchmark of benchmarks()) {
      const space = benchmarkSearchSpace(benchmark.space, 'full');
      const strategy = createStrategy(name, { space, objectives: [benchmark.objective], rng: new Rng(1), ...(strategyOptions ? { options: strategyOptions } : {}) });
      const first = await strategy.ask(3);
      expect(first.length).toBeGreaterThan(0);
      for (const c of first) expect(space.key(space.parse(JSON.parse(JSON.stringify(c))))).toBe(space.key(c));
    }
  });

  it('never re-proposes a candidate and spends the whole budget', async () => {
    for (const benchmark of benchmarks()) {
      const { result } = await runOnBenchmark({ benchmark, strategy: name, queries, seed: 4, ...opts });
      expect(result.observations).toHaveLength(queries);
      expect(new Set(result.observations.map((o) => o.key)).size).toBe(queries);
    }
  });

  it('gives the same run for the same seed', async () => {
    for (const benchmark of benchmarks()) {
      const a = await runOnBenchmark({ benchmark, strategy: name, queries, seed: 8, ...opts });
      const b = await runOnBenchmark({ benchmark, strategy: name, queries, seed: 8, ...opts });
      expect(b.result.observations.map((o) => o.key)).toEqual(a.result.observations.map((o) => o.key));
    }
  });

  it('continues from a resumed history exactly as without interruption', async () => {
    for (const benchmark of benchmarks()) {
      const full = await runOnBenchmark({ benchmark, strategy: name, queries, seed: 12, ...opts });
      const events = full.journal.replay();
      const cut = Math.floor(events.length / 2);
      const resumed = await runOnBenchmark({ benchmark, strategy: name, queries, seed: 12, journal: new MemoryRunJournal(events.slice(0, cut)), ...opts });
      expect(resumed.result.observations.map((o) => o.key)).toEqual(full.result.observations.map((o) => o.key));
    }
  });

  it('handles several objectives', async () => {
    const benchmark = benchmarks()[0] as TabularBenchmark;
    const objectives = [benchmark.objective, { metric: benchmark.space.statisticNames[0] as string, direction: 'min' as const }];
    const { result } = await runOnBenchmark({ benchmark, strategy: name, queries: Math.min(queries, 40), seed: 3, objectives, ...opts });
    expect(result.observations.every((o) => o.losses.length === 2)).toBe(true);
    expect(new Set(result.observations.map((o) => o.key)).size).toBe(result.observations.length);
  });
}

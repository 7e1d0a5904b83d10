import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { adaptiveGeneticSearch } from '../../src/search/index.js';
import { Nb201Space } from '../../src/space/index.js';
import type { ProductCandidate } from '../../src/space/index.js';

const space = new Nb201Space().restrict({ epochs: [200] });
const conv3 = (c: ProductCandidate) => space.statistics(c).convs3x3 as number;

describe('adaptiveGeneticSearch', () => {
  it('finds the unique optimum of a known fitness (all six edges nor_conv_3x3) and returns the archive best first', async () => {
    const archive = await adaptiveGeneticSearch(
      { space, feasible: () => true, fitness: async (cs) => cs.map(conv3) },
      [],
      new Rng(1),
      { population: 24, generations: 15, crossoverHigh: 1, crossoverLow: 1, mutationHigh: 0.5, mutationLow: 0.5, mutationFloor: 0.05, elite: 2 },
    );
    expect(space.archString(archive[0]!.candidate)).toBe('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|');
    for (let i = 1; i < archive.length; i++) expect(archive[i - 1]!.fitness).toBeGreaterThanOrEqual(archive[i]!.fitness);
    expect(new Set(archive.map((a) => a.key)).size).toBe(archive.length);
  });

  it('never scores an infeasible candidate and is deterministic per seed', async () => {
    const scored: ProductCandidate[] = [];
    const run = (seed: number) =>
      adaptiveGeneticSearch(
        {
          space,
          feasible: (c) => (space.statistics(c).flopsM as number) <= 100,
          fitness: async (cs) => {
            scored.push(...cs);
            return cs.map(conv3);
          },
        },
        [],
        new Rng(seed),
      );
    const a = await run(4);
    expect(scored.every((c) => (space.statistics(c).flopsM as number) <= 100)).toBe(true);
    // Within the limit at most 3 conv3x3 edges fit (each adds ~28 MFLOPs to a ~7.8 MFLOPs base).
    expect(a[0]!.fitness).toBe(Math.max(...scored.map(conv3)));
    const b = await run(4);
    expect(b.map((s) => s.key)).toEqual(a.map((s) => s.key));
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBenchmark } from '../../src/bench/index.js';
import { InvalidInputError, Rng } from '../../src/core/index.js';
import { NB201_CELLS, NB201_GRAPH_FEATURE_NAMES, Nb201Space, formatNb201, nb201CellAt, nb201GraphFeatures, nb201LiveOps, parseNb201, withoutStatistics } from '../../src/space/index.js';
import { predictorStatisticNames, rawStatistics } from '../../src/predictor/index.js';
import { ProposalSet } from '../../src/search/index.js';
import { nb201Dir } from '../support/data.js';

const space = new Nb201Space();
const bench = createBenchmark('nb201-cifar10');

describe('nb201 space', () => {
  it('parses and prints every official architecture string unchanged', () => {
    for (let row = 0; row < bench.rowCount; row += 7) {
      const c = bench.candidateAt(row);
      const text = space.archString(c);
      expect(formatNb201(parseNb201(text))).toBe(text);
    }
    const best = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|';
    expect(space.archString(space.fromArchString(best))).toBe(best);
    expect(space.ops(space.fromArchString(best))).toEqual([
      'nor_conv_3x3',
      'nor_conv_3x3',
      'nor_conv_3x3',
      'skip_connect',
      'nor_conv_3x3',
      'nor_conv_1x1',
    ]);
  });

  it('rejects malformed strings with a message naming the problem', () => {
    expect(() => parseNb201('|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|')).toThrowError(
      /arch op must be one of none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3, but got "conv"/,
    );
    expect(() => parseNb201('|none~0|+|none~0|')).toThrowError(InvalidInputError);
  });

  it('computes FLOPs over exactly 7.78–220.12 M across all 15,625 cells', () => {
    let min = Infinity;
    let max = -Infinity;
    for (let row = 0; row < bench.rowCount; row++) {
      const f = space.statistics(bench.candidateAt(row)).flopsM as number;
      min = Math.min(min, f);
      max = Math.max(max, f);
    }
    expect(min).toBeCloseTo(7.78305, 5);
    expect(max).toBeCloseTo(220.11969, 5);
  });

  it('matches the FLOPs of every point of the LOMONAS reference front (to 1e-3)', () => {
    const json = JSON.parse(readFileSync(path.join(nb201Dir, 'nb201_cifar10_pareto_front_lomonas.json'), 'utf8')) as Record<
      string,
      { points: [number, number][] }
    >;
    const test = json['TestAcc_FLOPs_CIFAR-10']!.points;
    for (const [error, flops] of test) {
      // some cell of the table has exactly this test error and these FLOPs
      let found = false;
      for (let row = 0; row < bench.rowCount && !found; row++) {
        const truth = bench.truth(bench.candidateAt(row));
        if (Math.abs(100 - (truth.testAcc as number) - error) < 0.006 && Math.abs((truth.flopsM as number) - flops) < 1e-3) found = true;
      }
      expect(found, `front point error ${error} flops ${flops}`).toBe(true);
    }
    for (const [, flops] of json['ValAcc_FLOPs_CIFAR-10']!.points) {
      const n3n1 = (flops - 7.78305) / 15;
      // achievable as 3x3 and 1x1 edge counts
      const ok = [0, 1, 2, 3, 4, 5, 6].some((a) => [0, 1, 2, 3, 4, 5, 6].some((b) => a + b <= 6 && Math.abs(a * 2.359296 + b * 0.262144 - n3n1) < 1e-4));
      expect(ok).toBe(true);
    }
  });

  it('counts parameters like the benchmark network (spot values for index 0 and 1)', () => {
    expect(space.statistics(bench.candidateAt(0)).paramsM! * 1e6).toBeCloseTo(129_306, 0);
    expect(space.statistics(bench.candidateAt(1)).paramsM! * 1e6).toBeCloseTo(802_426, 0);
  });

  it('grows complexity by one non-none edge per expansion', () => {
    const start = space.fromOps(['none', 'none', 'none', 'nor_conv_3x3', 'none', 'none']);
    expect(space.complexity(start)).toBe(1);
    const children = space.expand(start);
    expect(children).toHaveLength(5 * 4);
    for (const child of children) expect(space.complexity(child)).toBe(2);
    expect(new Set(children.map((c) => space.key(c))).size).toBe(children.length);
  });

  it('starts progressive search from the connected single-edge cells only (the others are constant)', () => {
    const initial = space.initial(new Rng(1), 100);
    expect(initial).toHaveLength(4 * 2); // the 4 ops on edge 0→3, at 12 and 200 epochs
    for (const c of initial) {
      expect(space.complexity(c)).toBe(1);
      expect(space.statistics(c).connected).toBe(1);
    }
    // In the table, every single-edge cell left out scores the constant 10 %; the kept ones do not.
    const full = initial.filter((c) => c.recipe.epochs === 200);
    for (const c of full) expect(bench.truth(c).validAcc).toBeGreaterThan(40);
    for (let e = 0; e < 6; e++) {
      if (e === 3) continue;
      for (const op of ['skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3']) {
        const ops = ['none', 'none', 'none', 'none', 'none', 'none'];
        ops[e] = op;
        expect(bench.truth(space.fromOps(ops)).validAcc).toBeCloseTo(10, 0);
      }
    }
  });

  it('falls back to every single-edge cell when edge 0→3 may only be none', () => {
    const restricted = space.restrict({ e03: ['none'] });
    const initial = restricted.initial(new Rng(1), 100);
    expect(initial).toHaveLength(5 * 4 * 2);
    for (const c of initial) expect(restricted.complexity(c)).toBe(1);
  });

  it('reports path statistics: the longest path and whether the cell is connected', () => {
    const disconnected = space.fromOps(['nor_conv_3x3', 'none', 'none', 'none', 'none', 'none']);
    expect(space.statistics(disconnected).connected).toBe(0);
    const chain = space.fromOps(['nor_conv_3x3', 'none', 'nor_conv_1x1', 'none', 'none', 'skip_connect']);
    expect(space.statistics(chain)).toMatchObject({ connected: 1, longestPath: 3, convDepth: 2 });
  });
});

describe('nb201 live edges (the predictor\'s encoding)', () => {
  const cell = (text: string) => parseNb201(text);
  it('keeps exactly the edges on an input-to-output path of edges that are not none', () => {
    // node 3 has no input: nothing reaches the output
    expect(nb201LiveOps(cell('|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|none~0|none~1|none~2|'))).toEqual(Array(6).fill('none'));
    // nodes 1 and 2 are reached but reach nothing: only 0→3 is live
    expect(nb201LiveOps(cell('|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|avg_pool_3x3~0|none~1|none~2|'))).toEqual(
      cell('|none~0|+|none~0|none~1|+|avg_pool_3x3~0|none~1|none~2|'),
    );
    // node 1 is never reached, so 1→2 and 1→3 are dead while 0→2→3 lives
    expect(nb201LiveOps(cell('|none~0|+|nor_conv_3x3~0|skip_connect~1|+|none~0|nor_conv_1x1~1|avg_pool_3x3~2|'))).toEqual(
      cell('|none~0|+|nor_conv_3x3~0|none~1|+|none~0|none~1|avg_pool_3x3~2|'),
    );
    const full = cell('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|');
    expect(nb201LiveOps(full)).toEqual(full);
  });

  it('encodes a cell as its live form, so cells differing only in dead edges look the same', () => {
    const a = space.fromArchString('|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|avg_pool_3x3~0|none~1|none~2|', 200);
    const b = space.fromArchString('|skip_connect~0|+|none~0|nor_conv_3x3~1|+|avg_pool_3x3~0|none~1|none~2|', 200);
    const c = space.fromArchString('|none~0|+|none~0|none~1|+|nor_conv_3x3~0|none~1|none~2|', 200);
    expect([...space.encodeArch(a)]).toEqual([...space.encodeArch(b)]);
    expect([...space.encodeArch(a)]).not.toEqual([...space.encodeArch(c)]);
    // the statistics still count every edge (the dead convs are computed all the same)
    expect(space.statistics(a).convs1x1).toBe(1);
    expect(space.statistics(b).convs1x1).toBe(0);
  });

  it('gives cells equal on their live edges, at one schedule, one equivalence key', () => {
    const a = space.fromArchString('|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|avg_pool_3x3~0|none~1|none~2|', 200);
    const b = space.fromArchString('|skip_connect~0|+|none~0|nor_conv_3x3~1|+|avg_pool_3x3~0|none~1|none~2|', 200);
    expect(space.equivalenceKey(a)).toBe('|none~0|+|none~0|none~1|+|avg_pool_3x3~0|none~1|none~2|@200');
    expect(space.equivalenceKey(b)).toBe(space.equivalenceKey(a));
    expect(space.key(b)).not.toBe(space.key(a));
    expect(space.equivalenceKey(space.fromArchString(space.archString(a), 12))).not.toBe(space.equivalenceKey(a));
    const proposals = new ProposalSet(space, { byFunction: true });
    expect(proposals.add(a)).toBe(true);
    expect(proposals.has(b)).toBe(true);
    expect(proposals.add(b)).toBe(false);
    const byKey = new ProposalSet(space);
    expect(byKey.add(a) && byKey.add(b)).toBe(true);
  });

  it('groups the CIFAR-10 table into cells that score alike: disconnected ones at 10%, the rest within a fraction of a point', () => {
    const groups = new Map<string, number[]>();
    for (let row = 0; row < bench.rowCount; row++) {
      const c = bench.candidateAt(row);
      const key = nb201LiveOps(space.ops(c)).join();
      groups.set(key, [...(groups.get(key) ?? []), bench.truth(c).testAcc as number]);
    }
    const disconnected = groups.get(Array(6).fill('none').join()) as number[];
    expect(disconnected).toHaveLength(341);
    for (const acc of disconnected) expect(acc).toBeCloseTo(10, 6);
    const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
    const shared = [...groups.values()].filter((g) => g.length > 1);
    const spreads = shared.map(spread).sort((x, y) => x - y);
    expect(groups.size).toBe(9445);
    // one training run apart, not one architecture apart (test accuracy spans 10–94% across the table)
    expect(spreads[Math.floor(spreads.length / 2)] as number).toBeLessThan(1);
    expect(spread([...groups.values()].flat())).toBeGreaterThan(80);
  });
});

describe('nb201 graph features (the predictor\'s descriptors)', () => {
  const named = (ops: readonly string[]) => Object.fromEntries(NB201_GRAPH_FEATURE_NAMES.map((n, i) => [n, nb201GraphFeatures(ops)[i]]));

  it('counts paths, their lengths and the edges of each op, by hand on one cell', () => {
    // 0→3 conv3x3; 0→2→3 skip then pool; 0→1→2→3 conv3x3, conv1x1, pool; 1→3 is none
    const f = named(parseNb201('|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_3x3~0|none~1|avg_pool_3x3~2|'));
    expect(NB201_GRAPH_FEATURE_NAMES).toHaveLength(15 * 3 + 4 * 3);
    expect([f['paths:conv3x3'], f['shortest:conv3x3'], f['longest:conv3x3']]).toEqual([1, 1, 1]);
    expect([f['paths:skip'], f['shortest:skip'], f['longest:skip']]).toEqual([0, 0, 0]);
    expect([f['paths:skip+pool'], f['shortest:skip+pool'], f['longest:skip+pool']]).toEqual([1, 2, 2]);
    expect([f['paths:conv1x1+conv3x3+pool'], f['shortest:conv1x1+conv3x3+pool'], f['longest:conv1x1+conv3x3+pool']]).toEqual([2, 1, 3]);
    expect([f['paths:skip+conv1x1+conv3x3+pool'], f['shortest:skip+conv1x1+conv3x3+pool'], f['longest:skip+conv1x1+conv3x3+pool']]).toEqual([3, 1, 3]);
    expect([f['edges:conv3x3'], f['intoOutput:conv3x3'], f['fromInput:conv3x3']]).toEqual([2, 1, 2]);
    expect([f['edges:pool'], f['intoOutput:pool'], f['fromInput:pool']]).toEqual([1, 1, 0]);
    expect([f['edges:skip'], f['intoOutput:skip'], f['fromInput:skip']]).toEqual([1, 0, 1]);
    expect([f['edges:conv1x1'], f['intoOutput:conv1x1'], f['fromInput:conv1x1']]).toEqual([1, 0, 0]);
  });

  it('agrees on all 15,625 cells with a count over the four input-to-output paths', () => {
    const paths = [[3], [0, 4], [1, 5], [0, 2, 5]]; // edge indices: 0→3, 0→1→3, 0→2→3, 0→1→2→3
    const ops = ['skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];
    for (let index = 0; index < NB201_CELLS; index++) {
      const cell = nb201CellAt(index);
      const f = nb201GraphFeatures(cell);
      const expected: number[] = [];
      for (let mask = 1; mask < 16; mask++) {
        const allowed = ops.filter((_, k) => mask & (1 << k));
        const lengths = paths.filter((p) => p.every((e) => allowed.includes(cell[e] as string))).map((p) => p.length);
        expected.push(lengths.length, lengths.length ? Math.min(...lengths) : 0, lengths.length ? Math.max(...lengths) : 0);
      }
      const live = nb201LiveOps(cell);
      for (const op of ops) {
        expected.push(live.filter((o) => o === op).length, [3, 4, 5].filter((e) => live[e] === op).length, [0, 1, 3].filter((e) => live[e] === op).length);
      }
      expect(f, formatNb201(cell)).toEqual(expected);
    }
  });

  it('are the same for cells that differ only in dead edges, and the predictor reads them after the statistics', () => {
    const a = space.fromArchString('|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|avg_pool_3x3~0|none~1|none~2|', 200);
    const b = space.fromArchString('|skip_connect~0|+|none~0|nor_conv_3x3~1|+|avg_pool_3x3~0|none~1|none~2|', 200);
    expect(space.descriptors(a)).toEqual(space.descriptors(b));
    expect(space.descriptors(a)).not.toEqual(space.descriptors(space.fromArchString('|none~0|+|none~0|none~1|+|nor_conv_3x3~0|none~1|none~2|', 200)));
    // runs record the statistics only
    expect(Object.keys(space.statistics(a))).toEqual([...space.statisticNames]);
    expect(predictorStatisticNames(space)).toEqual([...space.statisticNames, ...NB201_GRAPH_FEATURE_NAMES]);
    expect(rawStatistics(space, a).slice(space.statisticNames.length)).toEqual(space.descriptors(a));
  });

  it('can be left out by name, like a statistic', () => {
    const view = withoutStatistics(space, ['paths:skip', 'nones']);
    const c = space.fromArchString('|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|skip_connect~0|none~1|avg_pool_3x3~2|', 200);
    expect(view.statisticNames).not.toContain('nones');
    expect(view.descriptorNames).toEqual(NB201_GRAPH_FEATURE_NAMES.filter((n) => n !== 'paths:skip'));
    expect(view.descriptors?.(c)).toEqual(space.descriptors(c).filter((_, i) => NB201_GRAPH_FEATURE_NAMES[i] !== 'paths:skip'));
    expect(rawStatistics(view, c)).toHaveLength(predictorStatisticNames(space).length - 2);
    expect(() => withoutStatistics(space, ['paths:everything'])).toThrow(/among space nb201's .*or its descriptors \(paths:skip, .*but got paths:everything/);
  });
});

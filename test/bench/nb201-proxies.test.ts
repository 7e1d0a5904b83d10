import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NB201_PROXIES_FILE, NB201_PROXY_NAMES, createBenchmark, loadNb201Proxies } from '../../src/bench/index.js';
import type { Nb201Benchmark } from '../../src/bench/index.js';
import { DataError, Rng } from '../../src/core/index.js';
import { initTrainingBackend } from '../../src/native/index.js';
import { NB201_CELLS, Nb201Space, formatNb201, nb201CellAt, nb201CellIndex, withoutStatistics } from '../../src/space/index.js';
import { nb201ZeroCostProxies } from '../../src/train/index.js';

interface ProxyFile {
  readonly proxies: Record<string, (number | null)[]>;
  readonly secondsPerCell: number;
}
const shipped = JSON.parse(readFileSync(NB201_PROXIES_FILE, 'utf8')) as ProxyFile;

beforeAll(async () => {
  await initTrainingBackend();
});

describe('the shipped NB201 zero-cost proxy table', () => {
  it('holds the scores scripts/nb201-proxies.mjs computes, for a sample of cells', () => {
    // 5 cells of a seeded shuffle and one whose output is cut off from its input (null in the file)
    const cells = [...new Rng('proxy-table-test').sample(Array.from({ length: NB201_CELLS }, (_, i) => i), 5), nb201CellIndex(['nor_conv_3x3', 'none', 'none', 'none', 'none', 'none'])];
    for (const index of cells) {
      const scores = nb201ZeroCostProxies(formatNb201(nb201CellAt(index)));
      for (const name of NB201_PROXY_NAMES) {
        const stored = shipped.proxies[name]![index];
        const computed = scores[name] as number;
        if (stored === null) expect(computed).toBe(-Infinity);
        // 6 decimals in the file; the native and plain wasm kernels round differently in float32
        else expect(Math.abs(computed - (stored as number)), `${name} of cell ${index}`).toBeLessThan(name === 'naswot' ? 0.05 : 2e-3);
      }
    }
  });

  it('covers every cell, null only where the cell is disconnected', () => {
    const space = new Nb201Space();
    for (const name of NB201_PROXY_NAMES) {
      const values = shipped.proxies[name]!;
      expect(values).toHaveLength(NB201_CELLS);
      values.forEach((v, i) => {
        const connected = space.statistics(space.fromOps(nb201CellAt(i))).connected;
        if (v === null) expect(connected, `${name} of cell ${i}`).toBe(0);
        else expect(Number.isFinite(v)).toBe(true);
      });
    }
  });
});

describe('NB201 cell statistics from the table', () => {
  it('are free statistics of the benchmark space, lowest-finite-minus-one for disconnected cells', () => {
    const bench = createBenchmark('nb201-cifar10') as Nb201Benchmark;
    expect(bench.space.statisticNames.slice(-3)).toEqual(['synflow', 'zen', 'naswot']);
    const best = bench.candidateAt(bench.rowOf(bench.space.fromArchString('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|')));
    const index = nb201CellIndex(bench.space.ops(best));
    expect(bench.space.statistics(best).synflow).toBe(shipped.proxies.synflow![index]);
    const dead = bench.space.fromOps(['nor_conv_3x3', 'none', 'none', 'none', 'none', 'none']);
    const finite = shipped.proxies.naswot!.filter((v): v is number => v !== null);
    expect(bench.space.statistics(dead).naswot).toBe(Math.min(...finite) - 1);
    expect(bench.truth(best).synflow).toBe(shipped.proxies.synflow![index]);
    // left out on request, and by a statistics view
    expect(createBenchmark('nb201-cifar10', { proxies: false }).space.statisticNames).not.toContain('synflow');
    const view = withoutStatistics(bench.space, ['zen']);
    expect(view.statisticNames).not.toContain('zen');
    expect(Object.keys(view.statistics(best))).toEqual(view.statisticNames);
    expect(view.key(best)).toBe(bench.space.key(best));
    expect(() => withoutStatistics(bench.space, ['nope'])).toThrow(/statistics to leave out must be among space nb201's \(flopsM, .*\), but got nope/);
  });

  it('refuses a missing or malformed table with what is wrong and how to make one', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jars-proxies-'));
    expect(() => loadNb201Proxies(path.join(dir, 'none.json'))).toThrow(DataError);
    expect(() => loadNb201Proxies(path.join(dir, 'none.json'))).toThrow(/is missing\. Regenerate it with `npx tsc -p tsconfig\.build\.json && node scripts\/nb201-proxies\.mjs`/);
    const short = path.join(dir, 'short.json');
    writeFileSync(short, JSON.stringify({ format: 1, proxies: { synflow: [1, 2], zen: [], naswot: [] } }));
    expect(() => loadNb201Proxies(short)).toThrow(`proxies.synflow must be an array of ${NB201_CELLS} values, but got 2 values`);
    const bad = path.join(dir, 'bad.json');
    const column = new Array(NB201_CELLS).fill(1);
    writeFileSync(bad, JSON.stringify({ format: 1, proxies: { synflow: column, zen: column, naswot: [...column.slice(1), 'x'] } }));
    expect(() => loadNb201Proxies(bad)).toThrow(`proxies.naswot[${NB201_CELLS - 1}] must be a finite number or null, but got "x"`);
  });

  it('index cells in a fixed base-5 order, round trip', () => {
    expect(nb201CellIndex(['none', 'none', 'none', 'none', 'none', 'none'])).toBe(0);
    expect(nb201CellIndex(['none', 'none', 'none', 'none', 'none', 'skip_connect'])).toBe(1);
    expect(nb201CellIndex(['skip_connect', 'none', 'none', 'none', 'none', 'none'])).toBe(5 ** 5);
    for (const i of [0, 1, 777, 6111, NB201_CELLS - 1]) expect(nb201CellIndex(nb201CellAt(i))).toBe(i);
    expect(() => nb201CellAt(NB201_CELLS)).toThrow(`NB201 cell index must be an integer in 0…${NB201_CELLS - 1}, but got 15625`);
  });
});

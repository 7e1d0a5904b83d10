import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import type { Candidate } from '../../src/core/index.js';
import { CnnSpace, LOG_SCORE_FLOOR, withProxyStatistics, withoutStatistics } from '../../src/space/index.js';
import type { ProductCandidate } from '../../src/space/index.js';

/** A fake proxy: a known function of the architecture, and a count of the calls. */
function source(file?: string) {
  const calls: string[] = [];
  return {
    calls,
    names: ['depthScore', 'deadScore'] as const,
    ...(file ? { file } : {}),
    prepare: async () => (candidate: ProductCandidate, archKey: string) => {
      calls.push(archKey);
      const layers = Number(candidate.arch.layers);
      return { depthScore: layers * 10 + Number(candidate.arch.channels), deadScore: layers === 1 ? Number.NEGATIVE_INFINITY : 1 };
    },
  };
}

const tmp = () => mkdtempSync(path.join(tmpdir(), 'jars-proxy-stats-'));

describe('withProxyStatistics', () => {
  it('adds the scores after the space\'s own statistics, once per architecture, with non-finite scores at the floor', async () => {
    const base = new CnnSpace();
    const src = source();
    const space = withProxyStatistics(base, src);
    expect(space.statisticNames).toEqual([...base.statisticNames, 'depthScore', 'deadScore']);
    await space.prepare();
    const rng = new Rng('proxy-stats');
    const archs = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const c = space.sample(rng);
      archs.add(space.archKey(c));
      const stats = space.statistics(c);
      expect(stats).toEqual({
        ...base.statistics(c),
        depthScore: Number(c.arch.layers) * 10 + Number(c.arch.channels),
        deadScore: Number(c.arch.layers) === 1 ? LOG_SCORE_FLOOR : 1,
      });
    }
    // 200 candidates, but each architecture is scored once whatever its recipe
    expect(src.calls.length).toBe(archs.size);
    expect(new Set(src.calls).size).toBe(archs.size);
  });

  it('refuses statistics before prepare() with an error that says what to do, and names that clash', () => {
    const space = withProxyStatistics(new CnnSpace(), source());
    expect(() => space.statistics(space.sample(new Rng(1)))).toThrow(/proxy statistics \(depthScore, deadScore\) are not ready: await space.prepare\(\)/);
    expect(() => withProxyStatistics(new CnnSpace(), { ...source(), names: ['flopsM'] })).toThrow(/must not repeat space cnn's own \(flopsM, paramsM, layers, channels\), but got flopsM/);
  });

  it('keeps scores in a file that a later session reads instead of scoring again, past a torn last line', async () => {
    const file = path.join(tmp(), 'proxies.jsonl');
    const first = source(file);
    const a = withProxyStatistics(new CnnSpace(), first);
    await a.prepare();
    const rng = new Rng('file');
    const cands = Array.from({ length: 30 }, () => a.sample(rng));
    const before = cands.map((c) => a.statistics(c));
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.length).toBe(first.calls.length);
    // -Infinity is kept as null (JSON has no infinities) and reads back as the floor
    expect(lines.some((l) => l.includes('"deadScore":null'))).toBe(cands.some((c) => Number(c.arch.layers) === 1));
    appendFileSync(file, '{"arch":"3,16,5,64","scores":{"depthSc'); // a crash mid-append
    const second = source(file);
    const b = withProxyStatistics(new CnnSpace(), second);
    await b.prepare();
    expect(cands.map((c) => b.statistics(c))).toEqual(before);
    expect(second.calls).toEqual([]);
    // a new architecture is scored and appended on a line of its own
    const torn = { arch: { layers: 3, channels: 16, kernel: 5, dense: 64 }, recipe: cands[0]!.recipe } as unknown as ProductCandidate;
    b.statistics(torn);
    expect(second.calls).toEqual(['3,16,5,64']);
    const last = readFileSync(file, 'utf8').trim().split('\n').at(-1) as string;
    expect(JSON.parse(last)).toEqual({ arch: '3,16,5,64', scores: { depthScore: 46, deadScore: 1 } });
  });

  it('skips file lines that miss a name, and a view without some statistics still prepares through', async () => {
    const file = path.join(tmp(), 'proxies.jsonl');
    writeFileSync(file, `${JSON.stringify({ arch: '1,4,3,0', scores: { depthScore: 999 } })}\n`);
    const src = source(file);
    const space = withoutStatistics(withProxyStatistics(new CnnSpace(), src), ['deadScore']);
    await (space as unknown as { prepare(): Promise<void> }).prepare();
    const c = { arch: { layers: 1, channels: 4, kernel: 3, dense: 0 }, recipe: new CnnSpace().sample(new Rng(2)).recipe } as unknown as Candidate;
    expect(space.statistics(c as ProductCandidate).depthScore).toBe(14);
    expect(src.calls).toEqual(['1,4,3,0']);
  });
});

import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';

describe('Rng', () => {
  it('repeats exactly for the same seed and differs for another', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(xs);
    expect(new Rng('run/1').next()).toBe(new Rng('run/1').next());
  });

  it('draws uniform integers without bias', () => {
    const rng = new Rng(7);
    const counts = new Array<number>(6).fill(0);
    const n = 60_000;
    for (let i = 0; i < n; i++) counts[rng.int(6)]! += 1;
    // chi-square with 5 degrees of freedom: 20.5 is the 0.999 quantile
    const chi = counts.reduce((s, c) => s + (c - n / 6) ** 2 / (n / 6), 0);
    expect(chi).toBeLessThan(20.5);
  });

  it('gives standard normals with mean 0 and variance 1', () => {
    const rng = new Rng(3);
    const xs = Array.from({ length: 20_000 }, () => rng.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
  });

  it('shuffles into a permutation and samples distinct items', () => {
    const rng = new Rng(1);
    const items = Array.from({ length: 50 }, (_, i) => i);
    expect(rng.shuffle(items).sort((a, b) => a - b)).toEqual(items);
    const s = rng.sample(items, 10);
    expect(new Set(s).size).toBe(10);
  });

  it('forks independent streams deterministically', () => {
    const a = new Rng(5).fork('x');
    const b = new Rng(5).fork('x');
    const c = new Rng(5).fork('y');
    expect(a.next()).toBe(b.next());
    expect(new Rng(5).fork('x').next()).not.toBe(c.next());
  });
});

import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { ProposalSet } from '../../src/search/index.js';
import { FcnetSpace } from '../../src/space/index.js';

describe('ProposalSet', () => {
  it('compares by key when the space names no equivalent candidates, with or without byFunction', () => {
    const space = new FcnetSpace();
    const rng = new Rng(3);
    const a = space.sample(rng);
    let b = space.mutate(a, rng);
    while (space.key(b) === space.key(a)) b = space.mutate(a, rng);
    for (const set of [new ProposalSet(space), new ProposalSet(space, { byFunction: true })]) {
      expect(set.keyOf(a)).toBe(space.key(a));
      expect(set.add(a)).toBe(true);
      expect(set.add(space.parse(JSON.parse(JSON.stringify(a)) as unknown))).toBe(false);
      expect(set.has(b)).toBe(false);
      expect(set.add(b)).toBe(true);
      expect(set.size).toBe(2);
    }
  });
});

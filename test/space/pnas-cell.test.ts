import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { PnasCellSpace } from '../../src/space/pnas-cell.js';
import type { PnasCandidate } from '../../src/space/pnas-cell.js';

describe('PnasCellSpace', () => {
  const space = new PnasCellSpace({ maxBlocks: 3 });

  it('starts from all 136 one-block cells and grows one block at a time', () => {
    const initial = space.initial(new Rng(1), 1000);
    expect(initial).toHaveLength(136);
    expect(new Set(initial.map((c) => space.archKey(c))).size).toBe(136);
    expect(initial.every((c) => space.complexity(c) === 1)).toBe(true);
    const children = space.expand(initial[0] as PnasCandidate);
    // Block 1 may read −2, −1 or block 0: (3·8)(3·8+1)/2 unordered pairs.
    expect(children).toHaveLength(300);
    expect(children.every((c) => space.complexity(c) === 2)).toBe(true);
    expect(space.expand(space.expand(children[0] as PnasCandidate)[0] as PnasCandidate)).toEqual([]);
    expect(space.initial(new Rng(1), 10)).toHaveLength(10);
  });

  const cellsOnly = new PnasCellSpace({ maxBlocks: 3, searchRecipe: false });

  it('canonicalises the two halves of a block', () => {
    const a = cellsOnly.parse({ arch: { blocks: [[-1, 'sep3x3', -2, 'max3x3']] }, recipe: {} });
    const b = cellsOnly.parse({ arch: { blocks: [[-2, 'max3x3', -1, 'sep3x3']] }, recipe: {} });
    expect(cellsOnly.archKey(a)).toBe(cellsOnly.archKey(b));
    expect(cellsOnly.archKey(a)).toBe('(-2,max3x3,-1,sep3x3)');
  });

  it('samples, mutates and crosses over into valid candidates, deterministically', () => {
    const rng = new Rng(7);
    const again = new Rng(7);
    for (let i = 0; i < 50; i++) {
      const a = space.sample(rng);
      expect(space.sample(again)).toEqual(a);
      const b = space.mutate(a, rng);
      space.mutate(a, again);
      const c = space.crossover(a, b, rng);
      space.crossover(a, b, again);
      for (const x of [a, b, c]) {
        expect(space.parse(JSON.parse(JSON.stringify(x)))).toEqual(x);
        expect(space.encodeArch(x)).toHaveLength(space.archFeatureCount);
        expect(space.encodeRecipe(x)).toHaveLength(space.recipeFeatureCount);
      }
    }
  });

  it('encodes different cells differently and reports statistics', () => {
    const a = cellsOnly.parse({ arch: { blocks: [[-1, 'sep3x3', -2, 'identity'], [0, 'dil3x3', -1, 'avg3x3']] }, recipe: {} });
    const b = cellsOnly.parse({ arch: { blocks: [[-1, 'sep5x5', -2, 'identity'], [0, 'dil3x3', -1, 'avg3x3']] }, recipe: {} });
    expect(Array.from(cellsOnly.encodeArch(a))).not.toEqual(Array.from(cellsOnly.encodeArch(b)));
    expect(cellsOnly.statistics(a)).toMatchObject({ blocks: 2, convOps: 2, poolOps: 1, identityOps: 1, depth: 2, usedInputs: 2 });
    expect(cellsOnly.archSpec(a)).toEqual({ kind: 'pnas', blocks: a.arch.blocks, filters: 16, cellsPerStage: 1, reductions: 2 });
  });

  it('names the field of a bad cell', () => {
    expect(() => space.parse({ arch: { blocks: [[0, 'sep3x3', -1, 'identity']] } })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidInputError: candidate.arch.blocks.0.0 must be an input in -2…-1, but got 0]`,
    );
    expect(() => space.parse({ arch: { blocks: [[-1, 'conv3x3', -1, 'identity']] } })).toThrow(
      'candidate.arch.blocks.0.1 must be one of identity, sep3x3, sep5x5, sep7x7, conv1x7_7x1, dil3x3, max3x3, avg3x3, but got "conv3x3"',
    );
  });
});

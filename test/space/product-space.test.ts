import { describe, expect, it } from 'vitest';
import { InvalidInputError, Rng } from '../../src/core/index.js';
import { FcnetSpace, HpobenchMlpSpace, Nb201Space } from '../../src/space/index.js';

describe('product spaces', () => {
  it('mutates exactly one dimension', () => {
    const space = new FcnetSpace();
    const rng = new Rng(9);
    for (let i = 0; i < 100; i++) {
      const c = space.sample(rng);
      const m = space.mutate(c, rng);
      const changed = space.dimensions.filter((d) => space.valueOf(c, d) !== space.valueOf(m, d));
      expect(changed).toHaveLength(1);
    }
  });

  it('restricts a dimension without changing encodings', () => {
    const space = new Nb201Space();
    const full = space.restrict({ epochs: [200] });
    const rng = new Rng(1);
    for (let i = 0; i < 20; i++) {
      const c = full.sample(rng);
      expect(c.recipe.epochs).toBe(200);
      expect(full.mutate(c, rng).recipe.epochs).toBe(200);
      expect(Array.from(full.encodeArch(c))).toEqual(Array.from(space.encodeArch(c)));
    }
    expect(full.size()).toBe(15_625);
    expect(space.size()).toBe(31_250);
    expect(() => space.restrict({ epochs: [100] })).toThrowError('nb201.epochs must be one of 12, 200, but got 100');
  });

  it('names the field, the valid values and the value received when parsing fails', () => {
    const space = new HpobenchMlpSpace();
    const c = space.sample(new Rng(1));
    expect(() => space.parse({ arch: { ...c.arch, depth: 4 }, recipe: c.recipe }, 'recipe file')).toThrowError(
      'recipe file.arch.depth must be one of 1, 2, 3, but got 4',
    );
    expect(() => space.parse({ arch: { ...c.arch, colour: 'red' }, recipe: c.recipe })).toThrowError(InvalidInputError);
  });

  it('produces the benchmarks\' config ids', () => {
    const space = new FcnetSpace();
    const c = space.fromRecord({
      activation_fn_1: 'tanh',
      activation_fn_2: 'relu',
      batch_size: 8,
      dropout_1: 0,
      dropout_2: 0,
      init_lr: 0.0005,
      lr_schedule: 'cosine',
      n_units_1: 128,
      n_units_2: 512,
    });
    expect(space.configId(c)).toBe('100000035');
  });
});

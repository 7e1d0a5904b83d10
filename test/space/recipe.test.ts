import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { DEFAULT_RECIPE, parseRecipe, recipeFromAssignment, RecipeSpace, serialiseRecipe } from '../../src/space/recipe.js';

describe('recipe validation', () => {
  it('fills defaults and round-trips through JSON', () => {
    const r = parseRecipe({ optimizer: 'sgd', lr: 0.1 });
    expect(r).toEqual({ ...DEFAULT_RECIPE, optimizer: 'sgd', lr: 0.1 });
    expect(parseRecipe(JSON.parse(JSON.stringify(serialiseRecipe(r))))).toEqual(r);
  });

  it.each([
    [{ optimizer: 'adagrad' }, 'recipe.optimizer must be one of sgd, adam, adamw, rmsprop, but got "adagrad"'],
    [{ lr: -1 }, 'recipe.lr must be > 0, but got -1'],
    [{ lr: 50 }, 'recipe.lr must be ≤ 10, but got 50'],
    [{ batchSize: 12.5 }, 'recipe.batchSize must be an integer, but got 12.5'],
    [{ flip: 'yes' }, 'recipe.flip must be a boolean, but got "yes"'],
    [{ schedule: 'linear' }, 'recipe.schedule must be one of constant, cosine, step, but got "linear"'],
    [{ fidelity: 0 }, 'recipe.fidelity must be > 0, but got 0'],
    [{ learningRate: 0.1 }, 'recipe has unknown field "learningRate"; valid fields are optimizer, lr, momentum, nesterov, schedule, warmupEpochs, stepEvery, stepGamma, weightDecay, batchSize, epochs, labelSmoothing, mixupAlpha, dropout, stochasticDepth, emaDecay, cropPadding, flip, cutout, fidelity'],
  ])('rejects %j with a message naming the field', (value, message) => {
    expect(() => parseRecipe(value)).toThrow(message);
  });

  it('rejects non-objects', () => {
    expect(() => parseRecipe([1], 'file.recipe')).toThrowErrorMatchingInlineSnapshot(
      `[InvalidInputError: file.recipe must be an object of recipe fields, but got [1]]`,
    );
  });
});

describe('RecipeSpace', () => {
  const space = new RecipeSpace();
  it('samples valid recipes deterministically and expands augmentation presets', () => {
    const a = space.sample(new Rng(1));
    expect(space.sample(new Rng(1))).toEqual(a);
    const recipe = space.recipe(a);
    expect(recipe.optimizer).toBe(a.recipe.optimizer);
    const flipped = recipeFromAssignment({ augment: 'crop-flip-cutout' });
    expect([flipped.cropPadding, flipped.flip, flipped.cutout]).toEqual([4, true, 8]);
    expect(space.parse(JSON.parse(JSON.stringify(a)))).toEqual(a);
  });

  it('has fidelity over the epochs fraction', () => {
    expect(space.fidelity?.dimension).toBe('fidelity');
    expect(space.fidelity?.cost(0.25)).toBe(0.25);
  });
});

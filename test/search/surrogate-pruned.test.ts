import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import type { Observation } from '../../src/core/index.js';
import { RecipeSpace } from '../../src/space/index.js';
import type { ProductCandidate } from '../../src/space/index.js';
import { Surrogate } from '../../src/search/surrogate.js';
import { atFidelity } from '../../src/search/neighbours.js';

// A recipe space with fidelities 0.25, 0.5 and 1 (shares of the epochs trained). Accuracy is a
// known function of the candidate, so a fit that learns from a wrong point predicts differently.
const space = new RecipeSpace({ images: false, epochs: [4, 8], fidelities: [0.25, 0.5, 1] });
const objectives = [{ metric: 'validAcc', direction: 'max' as const }];
const accuracyOf = (c: ProductCandidate) => 0.5 + 0.4 * Number(c.recipe.fidelity) - 0.2 * Math.abs(Math.log10(Number(c.recipe.lr)) + 2) / 2;

function observation(on: RecipeSpace, id: number, candidate: ProductCandidate, acc: number, pruned?: { epoch: number; epochs: number }): Observation<ProductCandidate> {
  return {
    id,
    candidate,
    key: on.key(candidate),
    metrics: { validAcc: acc },
    losses: [-acc],
    cost: pruned ? pruned.epoch / pruned.epochs : Number(candidate.recipe.fidelity ?? 1),
    failed: false,
    ...(pruned ? { pruned } : {}),
  };
}

const observe = (id: number, candidate: ProductCandidate, acc = accuracyOf(candidate), pruned?: { epoch: number; epochs: number }) => observation(space, id, candidate, acc, pruned);

async function predictions(observations: readonly Observation<ProductCandidate>[], probes: readonly ProductCandidate[], on: RecipeSpace = space): Promise<number[]> {
  const surrogate = new Surrogate(on, objectives, { kind: 'ridge', seed: 3, pretrain: false });
  await surrogate.fit(observations);
  const { mean } = await surrogate.predict(probes);
  return mean.map((m) => m[0] as number);
}

describe('the surrogate and pruned evaluations', () => {
  const rng = new Rng('pruned');
  const full = Array.from({ length: 30 }, (_, i) => observe(i, atFidelity(space, space.sample(rng), 1)));
  const probes = Array.from({ length: 50 }, () => space.sample(rng));
  // 8-epoch full-fidelity candidates stopped after 4 epochs: the training of fidelity 0.5.
  const stopped = Array.from({ length: 8 }, (): ProductCandidate => {
    const c = space.sample(rng);
    return { ...c, recipe: { ...c.recipe, epochs: 8, fidelity: 1 } };
  });
  const atHalf = stopped.map((c) => atFidelity(space, c, 0.5));

  it('fits a pruned evaluation as the candidate at the fidelity it reached', async () => {
    const asPruned = stopped.map((c, i) => observe(100 + i, c, accuracyOf(atHalf[i] as ProductCandidate), { epoch: 4, epochs: 8 }));
    const asLowFidelity = stopped.map((_, i) => observe(100 + i, atHalf[i] as ProductCandidate));
    const a = await predictions([...full, ...asPruned], probes);
    const b = await predictions([...full, ...asLowFidelity], probes);
    expect(a).toEqual(b);
    // and they are not ignored: the fit differs from one without them
    const without = await predictions(full, probes);
    expect(a).not.toEqual(without);
  });

  it('leaves out a pruned evaluation that reached no fidelity level, whatever it measured', async () => {
    // 3 of 8 epochs is 0.375: half an epoch (0.0625) from neither 0.25 nor 0.5
    const between = stopped.map((c, i) => observe(200 + i, c, 0.01, { epoch: 3, epochs: 8 }));
    expect(await predictions([...full, ...between], probes)).toEqual(await predictions(full, probes));
  });

  it('leaves out every pruned evaluation in a space without fidelities', async () => {
    const flat = new RecipeSpace({ images: false, epochs: [4, 8] });
    const flatRng = new Rng('flat');
    const obs = (id: number, c: ProductCandidate, acc: number, pruned?: { epoch: number; epochs: number }) => observation(flat, id, c, acc, pruned);
    const measured = Array.from({ length: 30 }, (_, i) => {
      const c = flat.sample(flatRng);
      return obs(i, c, 0.9 - 0.05 * Math.abs(Math.log10(Number(c.recipe.lr)) + 2));
    });
    const pruned = Array.from({ length: 8 }, (_, i) => obs(100 + i, flat.sample(flatRng), 0.05, { epoch: 1, epochs: 8 }));
    const probesFlat = Array.from({ length: 40 }, () => flat.sample(flatRng));
    const fit = (o: readonly Observation<ProductCandidate>[]) => predictions(o, probesFlat, flat);
    expect(await fit([...measured, ...pruned])).toEqual(await fit(measured));
  });
});

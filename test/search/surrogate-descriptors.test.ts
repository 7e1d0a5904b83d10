import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import type { Observation } from '../../src/core/index.js';
import { Nb201Space, nb201LiveOps } from '../../src/space/index.js';
import type { ProductCandidate } from '../../src/space/index.js';
import { Surrogate } from '../../src/search/surrogate.js';
import { pretrainedKey } from '../../src/search/surrogate.js';

const space = new Nb201Space();
const objectives = [{ metric: 'validAcc', direction: 'max' as const }];
/** A known accuracy: 3×3 convolutions on live edges help, pools hurt. */
const accuracyOf = (c: ProductCandidate) => {
  const live = nb201LiveOps(space.ops(c));
  return 80 + 3 * live.filter((o) => o === 'nor_conv_3x3').length - 2 * live.filter((o) => o === 'avg_pool_3x3').length;
};
const rng = new Rng('descriptors');
const observations: Observation<ProductCandidate>[] = Array.from({ length: 40 }, (_, id) => {
  const candidate = space.sample(rng);
  const acc = accuracyOf(candidate);
  return { id, candidate, key: space.key(candidate), metrics: { validAcc: acc }, losses: [-acc], cost: 1, failed: false };
});
const probes = Array.from({ length: 30 }, () => space.sample(rng));

async function predictions(descriptors?: boolean): Promise<number[]> {
  const surrogate = new Surrogate(space, objectives, { kind: 'ridge', seed: 3, pretrain: false, ...(descriptors === undefined ? {} : { descriptors }) });
  await surrogate.fit(observations);
  return (await surrogate.predict(probes)).mean.map((m) => m[0] as number);
}

describe('the surrogate and the space\'s descriptors', () => {
  it('leaves them out unless asked, and fits on them when asked', async () => {
    const byDefault = await predictions();
    expect(byDefault).toEqual(await predictions(false));
    expect(await predictions(true)).not.toEqual(byDefault);
  });

  it('shares a pretrained encoder only between surrogates that see the same inputs', () => {
    expect(pretrainedKey(space, {})).not.toEqual(pretrainedKey(Object.assign(Object.create(space) as Nb201Space, { descriptorNames: [] }), {}));
  });
});

import { describe } from 'vitest';
import { SPACES } from '../../src/space/index.js';
import { spaceContract } from '../support/space-contract.js';

for (const [name, make] of Object.entries(SPACES)) {
  describe(`space contract: ${name}`, () => spaceContract(make));
}

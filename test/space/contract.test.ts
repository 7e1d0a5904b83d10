import { describe } from 'vitest';
import { SPACES } from '../../src/space/index.js';
import type { SpaceEntry } from '../../src/space/index.js';
import { spaceContract } from '../support/space-contract.js';

// Every registered space, benchmark, trainer and part alike, with its default options.
for (const [name, entry] of Object.entries(SPACES as Record<string, SpaceEntry>)) {
  describe(`space contract: ${name}`, () => spaceContract(() => entry.create({})));
}

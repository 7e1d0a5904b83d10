import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCommandEvaluator } from '../../src/command/index.js';
import { Rng } from '../../src/core/index.js';
import type { Candidate, Objective } from '../../src/core/index.js';
import { SearchEngine } from '../../src/engine/index.js';
import { MemoryRunJournal } from '../../src/run/index.js';
import { createStrategy } from '../../src/search/index.js';
import { MlpSpace } from '../../src/space/index.js';
import type { ProductCandidate } from '../../src/space/index.js';
import { FAKE_TRAINER, fakeAccuracy, scratch } from './trial-fixtures.js';

const scratches: ReturnType<typeof scratch>[] = [];
afterEach(() => {
  for (const s of scratches.splice(0)) s.remove();
});

describe('a search whose candidates a command trains', () => {
  it('runs the engine end to end: every candidate trained by the fake trainer, statistics from the space', async () => {
    const s = scratch();
    scratches.push(s);
    const space = new MlpSpace({ inputFeatures: 3, classes: 3, epochs: [2, 3] });
    const evaluator = createCommandEvaluator({
      command: FAKE_TRAINER,
      workdir: s.root,
      runDir: s.runDir,
      runId: 'search-test',
      spaceName: 'mlp',
      toArchSpec: (c: Candidate) => space.archSpec(c as ProductCandidate),
      data: { dataset: s.dataset, split: { validation: 0.25 }, splitSeed: 5 },
      requiredMetrics: ['validAcc'],
      statistics: (c: Candidate) => space.statistics(c as ProductCandidate),
      workers: 2,
    });
    const objectives: Objective[] = [{ metric: 'validAcc', direction: 'max' }];
    const journal = new MemoryRunJournal();
    const engine = new SearchEngine<ProductCandidate>({
      space,
      evaluator,
      strategy: createStrategy('random', { space, objectives, rng: new Rng('5/strategy') }),
      objectives,
      budget: { queries: 6 },
      seed: 5,
      journal,
      concurrency: evaluator.concurrency,
    });
    const result = await engine.run();
    await evaluator.close();
    expect(result.reason).toBe('budget');
    expect(result.observations).toHaveLength(6);
    for (const o of result.observations) {
      const { arch, recipe } = o.candidate;
      const width = Number(arch.layers) * Number(arch.width);
      expect(o.failed).toBe(false);
      expect(o.metrics.validAcc).toBe(fakeAccuracy(Number(recipe.lr), Number(recipe.epochs), width, Number(recipe.epochs)));
      expect(o.metrics.flopsM).toBe(space.statistics(o.candidate).flopsM);
      expect(o.losses).toEqual([-(o.metrics.validAcc as number)]);
      expect(o.cost).toBe(1);
    }
    const evaluated = journal.replay().filter((e) => e.type === 'candidate-evaluated');
    expect(evaluated).toHaveLength(6);
    expect(readdirSync(path.join(s.runDir, 'trials'))).toHaveLength(6);
  });
});

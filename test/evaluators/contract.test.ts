import { describe, expect, it } from 'vitest';
import { EVALUATOR_KIND_NAMES } from '../../src/setup/index.js';
import { evaluatorContract } from '../support/evaluator-contract.js';
import type { EvaluatorFixture } from '../support/evaluator-contract.js';

/** One small configuration per registered evaluator kind: a kind without one fails the first test. */
const fakeTrainer = 'node test/fixtures/trainers/fake-trainer.mjs';
const FIXTURES: Record<string, EvaluatorFixture> = {
  command: {
    evaluator: { kind: 'command', command: fakeTrainer, dataset: 'sklearn-digits', space: 'mlp' },
    slow: { kind: 'command', command: `FAKE_EPOCH_MS=400 ${fakeTrainer}`, dataset: 'sklearn-digits', space: 'mlp', epochs: [5] },
    objectives: [{ metric: 'validAcc', direction: 'max' }],
    failing: { failingEvaluator: { kind: 'command', command: `FAKE_MODE=exit3 ${fakeTrainer}`, dataset: 'sklearn-digits', space: 'mlp' } },
  },
  benchmark: {
    evaluator: { kind: 'benchmark', benchmark: 'nb201-cifar10' },
    slow: { kind: 'benchmark', benchmark: 'nb201-cifar10', simulateSeconds: 1.5 },
    objectives: [{ metric: 'validAcc', direction: 'max' }],
    failing: { cannotFail: 'every row of a tabular benchmark was measured: a lookup cannot fail' },
  },
  trainer: {
    evaluator: { kind: 'trainer', dataset: 'sklearn-digits', space: 'mlp', epochs: [1], maxTrainExamples: 300 },
    slow: { kind: 'trainer', dataset: 'sklearn-digits', space: 'mlp', epochs: [24] },
    objectives: [{ metric: 'validAcc', direction: 'max' }],
    // The largest learning rate a recipe allows, with plain SGD, makes the loss overflow: the trainer reports it as diverged.
    failing: (space, rng) => {
      const c = space.sample(rng);
      const recipe = { ...(c.recipe as Record<string, unknown>), lr: 10, optimizer: 'sgd', momentum: 0.99, schedule: 'constant', warmupEpochs: 0, weightDecay: 0, epochs: 5 };
      return { ...c, recipe: recipe as never };
    },
  },
};

describe('evaluator kinds', () => {
  it('each registered kind has a contract fixture', () => {
    expect(Object.keys(FIXTURES).sort()).toEqual([...EVALUATOR_KIND_NAMES].sort());
  });
});

for (const kind of EVALUATOR_KIND_NAMES) {
  const fixture = FIXTURES[kind];
  if (fixture) describe(`evaluator contract: ${kind}`, () => evaluatorContract(fixture));
}

import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { TrainerEvaluator } from '../../src/train/index.js';

// The one slow test (~1–2 min on wasm): real training on 8k MNIST digits.
describe('small CNN on MNIST (8k train / 2k validation, wasm)', () => {
  const evaluator = new TrainerEvaluator({ dataset: 'mnist', split: { train: 8000, validation: 2000 }, backend: 'wasm', latency: false });
  const arch = { kind: 'cnn', filters: [16, 32, 64], dense: 64, batchNorm: false };

  it('reaches ≥ 97% validation accuracy in 3 epochs, and a bad learning rate is far worse', async () => {
    const good = await evaluator.evaluate({ arch, recipe: { optimizer: 'adam', lr: 0.002, batchSize: 32, epochs: 3 } }, { rng: new Rng(1) });
    console.log('good recipe', JSON.stringify(good.metrics));
    expect(good.failure).toBeUndefined();
    expect(good.metrics.epochs).toBe(3);
    expect(good.metrics.validAcc).toBeGreaterThanOrEqual(0.97);
    // Same recipe but lr 0.5, stopped after one of its three epochs (fidelity 1/3) to keep the test short.
    const bad = await evaluator.evaluate({ arch, recipe: { optimizer: 'adam', lr: 0.5, batchSize: 32, epochs: 3, fidelity: 1 / 3 } }, { rng: new Rng(1) });
    console.log('bad learning rate', JSON.stringify(bad.metrics), bad.failure ?? '');
    expect(bad.cost).toBeCloseTo(1 / 3);
    expect(bad.metrics.validAcc ?? 0).toBeLessThan((good.metrics.validAcc as number) - 0.2);
  }, 600_000);
});

import { describe, expect, it } from 'vitest';
import { evaluatePredictors, formatPredictorEvalReport } from '../../src/lab/index.js';

describe('evaluatePredictors', () => {
  it('scores every method at every train size on held-out NB201 cells and formats a table', async () => {
    const report = await evaluatePredictors({
      benchmark: 'nb201-cifar10',
      trainSizes: [40, 20],
      seeds: 2,
      heldOut: 200,
      methods: [
        { kind: 'ridge', label: 'ridge' },
        { kind: 'statistic', label: 'flops', statistic: 'flopsM' },
      ],
    });
    expect(report.trainSizes).toEqual([20, 40]);
    expect(report.rows.map((r) => `${r.method}@${r.trainSize}`)).toEqual(['ridge@20', 'ridge@40', 'flops@20', 'flops@40']);
    for (const row of report.rows) {
      expect(row.kendall.values).toHaveLength(2);
      expect(Math.abs(row.kendall.mean)).toBeLessThanOrEqual(1);
    }
    // FLOPs ranks NB201 cells clearly better than chance (≈ 0.5 in the literature).
    expect(report.rows.find((r) => r.method === 'flops')?.kendall.mean).toBeGreaterThan(0.35);
    const text = formatPredictorEvalReport(report);
    expect(text).toMatch(/Kendall τ-b/);
    expect(text).toMatch(/ridge\s+-?\d\.\d{3} ± \d\.\d{3}/);
  });

  it("gives the GP's figure at a train size whatever sizes come before it (a fresh fit per size)", async () => {
    const gpAt40 = async (trainSizes: number[]) => {
      const report = await evaluatePredictors({ benchmark: 'nb201-cifar10', trainSizes, seeds: 1, heldOut: 150, methods: [{ kind: 'gp', label: 'gp' }] });
      return report.rows.find((r) => r.trainSize === 40)?.kendall.mean;
    };
    const alone = await gpAt40([40]);
    expect(alone).toBeGreaterThan(0);
    expect(await gpAt40([15, 25, 40])).toBe(alone);
  });

  it('rejects train sizes that do not fit beside the held-out set', async () => {
    await expect(evaluatePredictors({ benchmark: 'nb201-cifar10', trainSizes: [20000], seeds: 1 })).rejects.toThrow(
      /held-out \(1000\) \+ largest train size \(20000\) must not exceed the 15625 rows/,
    );
  });
});

describe('defaultEvalMethods', () => {
  it('compares the network with and without each kind of extra input, the forest alone and blended, and the GP', async () => {
    const { defaultEvalMethods } = await import('../../src/lab/index.js');
    const { Nb201Space, NB201_GRAPH_FEATURE_NAMES } = await import('../../src/space/index.js');
    const space = new Nb201Space({ cellStatistics: { names: ['synflow'], valuesAt: () => [1] } });
    const methods = defaultEvalMethods(space.statisticNames, space.descriptorNames);
    expect(methods.map((m) => m.label)).toEqual([
      'ridge-onehot',
      'ridge-onehot+stats',
      'stat:flopsM',
      'stat:synflow',
      'stat:best-on-train',
      'neural',
      'neural-pretrained-no-proxies',
      'neural-pretrained-no-descriptors',
      'neural-pretrained',
      'forest',
      'neural-pretrained+forest',
      'gp',
      'gp+stats',
    ]);
    expect(methods.find((m) => m.label === 'neural-pretrained-no-proxies')?.without).toEqual(['synflow']);
    expect(methods.find((m) => m.label === 'neural-pretrained-no-descriptors')?.without).toEqual(NB201_GRAPH_FEATURE_NAMES);
    // a space without proxies or descriptors gets neither ablation
    expect(defaultEvalMethods(['depth']).map((m) => m.label)).not.toContain('neural-pretrained-no-descriptors');
  });
});

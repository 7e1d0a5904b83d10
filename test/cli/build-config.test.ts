import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/core/index.js';
import { buildConfig } from '../../src/cli/commands/search.js';
import type { SearchFlags } from '../../src/cli/commands/search.js';

const configFile = (value: unknown): string => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'jars-config-')), 'run.json');
  writeFileSync(file, JSON.stringify(value));
  return file;
};
const flags = (more: Partial<SearchFlags>): SearchFlags => ({ runsDir: 'runs', tui: false, ...more });
const base = { version: 1, strategy: 'random', objectives: [{ metric: 'validAcc', direction: 'max' }], budget: { queries: 5 }, seed: 3 };

describe('jars search: a config file with flags laid over it', () => {
  it("keeps the config's trainer settings that no flag overrides", () => {
    const config = configFile({ ...base, evaluator: { kind: 'trainer', dataset: 'sklearn-digits', space: 'cnn', maxTrainExamples: 500 } });
    expect(buildConfig(flags({ config, space: 'mlp' })).evaluator).toEqual({ kind: 'trainer', dataset: 'sklearn-digits', space: 'mlp', maxTrainExamples: 500 });
  });

  it("lays benchmark flags over the config's benchmark, and keeps its table only for the same benchmark", () => {
    const evaluator = { kind: 'benchmark', benchmark: 'nb201-cifar10', table: '/data/my-nb201.csv', noise: true };
    const config = configFile({ ...base, evaluator });
    expect(buildConfig(flags({ config, simulateSeconds: 2 })).evaluator).toEqual({ ...evaluator, simulateSeconds: 2 });
    expect(buildConfig(flags({ config, benchmark: 'nb201-cifar10' })).evaluator).toEqual(evaluator);
    const other = buildConfig(flags({ config, benchmark: 'fcnet-naval', objectives: [{ metric: 'validMse', direction: 'min' }] }));
    expect(other.evaluator).toEqual({ kind: 'benchmark', benchmark: 'fcnet-naval' });
  });

  it('takes --label-column as a column name or index', () => {
    expect(buildConfig(flags({ dataset: 'data.csv', labelColumn: 'species', space: 'mlp' })).evaluator).toMatchObject({ dataset: 'data.csv', labelColumn: 'species' });
    expect(buildConfig(flags({ dataset: 'data.csv', labelColumn: '0', space: 'mlp' })).evaluator).toMatchObject({ labelColumn: 0 });
    expect(() => buildConfig(flags({ benchmark: 'nb201-cifar10', labelColumn: '0' }))).toThrow(/--label-column is a trainer or command setting, so it cannot go with --benchmark nb201-cifar10/);
  });

  it('rejects flags of the other kind of evaluator instead of dropping them', () => {
    expect(() => buildConfig(flags({ table: '/data/x.csv', noise: true }))).toThrow(
      new InvalidInputError('--table, --noise need a tabular benchmark (--benchmark, or a config whose evaluator.kind is "benchmark"), but this run uses the trainer'),
    );
    expect(() => buildConfig(flags({ benchmark: 'nb201-cifar10', dataset: 'sklearn-digits', space: 'mlp' }))).toThrow(
      '--dataset, --space are trainer or command settings, so they cannot go with --benchmark nb201-cifar10',
    );
  });

  it('rejects a config file that is not a JSON object', () => {
    for (const [value, got] of [[[], 'an array'], [null, 'null'], [3, '3']] as const) {
      const config = configFile(value);
      expect(() => buildConfig(flags({ config }))).toThrow(`--config file ${config} must hold a JSON object (a run config), but got ${got}`);
    }
  });
});

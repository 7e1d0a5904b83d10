import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, InvalidInputError, Rng } from '../../src/core/index.js';
import { loadDataset } from '../../src/data/index.js';
import { datasetSpace as trainerSpaceFor, withDataShape } from '../../src/evaluators/trainer.js';
import type { TrainerEvaluatorConfig } from '../../src/evaluators/trainer.js';
import { parseRunConfig } from '../../src/setup/index.js';

const config = (evaluator: Record<string, unknown>) =>
  parseRunConfig({
    version: 1,
    evaluator: { kind: 'trainer', space: 'cnn', ...evaluator },
    strategy: 'random',
    objectives: [{ metric: 'validAcc', direction: 'max' }],
    budget: { queries: 2 },
    seed: 0,
  });
const trainerOf = (c: ReturnType<typeof config>) => {
  if (c.evaluator.kind !== 'trainer') throw new Error('not a trainer config');
  return c.evaluator as unknown as TrainerEvaluatorConfig;
};

describe('trainer run parts and the recorded data shape', () => {
  it('records the dataset shape and class count a new run is frozen with', () => {
    const digits = loadDataset('sklearn-digits');
    const frozen = withDataShape(trainerOf(config({ dataset: 'sklearn-digits' })));
    expect(frozen.dataShape).toEqual({ sampleShape: [8, 8, 1], classes: 10 });
    expect(frozen.dataShape?.classes).toBe(digits.numClasses);
  });

  it('builds the same space from the recorded shape as from the data', () => {
    const fromData = trainerSpaceFor(trainerOf(config({ dataset: 'sklearn-digits' })));
    const fromRecord = trainerSpaceFor(withDataShape(trainerOf(config({ dataset: 'sklearn-digits' }))));
    const rng = new Rng('data-shape');
    for (let i = 0; i < 20; i++) {
      const candidate = fromData.sample(rng);
      expect(fromRecord.statistics(candidate)).toEqual(fromData.statistics(candidate));
    }
  });

  it('does not read the dataset when the shape is recorded (resume and reports of a moved dataset)', () => {
    const gone = { dataset: '/nonexistent/jars-data/images.csv' };
    expect(() => trainerSpaceFor(trainerOf(config(gone)))).toThrow(DataError);
    const space = trainerSpaceFor(trainerOf(config({ ...gone, dataShape: { sampleShape: [8, 8, 1], classes: 10 } })));
    expect(space.name).toBe('cnn');
  });

  it('rejects a given shape that does not match the data, naming the field and both values', () => {
    const wrong = config({ dataset: 'sklearn-digits', dataShape: { sampleShape: [28, 28, 1], classes: 10 } });
    expect(() => withDataShape(trainerOf(wrong))).toThrow(InvalidInputError);
    expect(() => withDataShape(trainerOf(wrong))).toThrow(/evaluator\.dataShape must match the dataset, but got \{"sampleShape":\[28,28,1\],"classes":10\} while sklearn-digits has \{"sampleShape":\[8,8,1\],"classes":10\}/);
  });

  it('reads the shape of a CSV through its label column', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'jars-shape-')), 'label-first.csv');
    writeFileSync(file, 'label,a,b,c\n0,1,2,3\n1,4,5,6\n2,7,8,9\n1,1,1,1\n');
    const frozen = withDataShape(trainerOf(config({ dataset: file, space: 'mlp', labelColumn: 'label' })));
    expect(frozen.dataShape).toEqual({ sampleShape: [3], classes: 3 });
    // without it the last column (c) would be the label: 4 classes of 3 features each
    expect(withDataShape(trainerOf(config({ dataset: file, space: 'mlp' }))).dataShape).toEqual({ sampleShape: [3], classes: 4 });
  });

  it('validates the recorded shape like any config field', () => {
    expect(() => config({ dataset: 'mnist', dataShape: { sampleShape: [], classes: 10 } })).toThrow(/evaluator\.dataShape\.sampleShape/);
    expect(() => config({ dataset: 'mnist', dataShape: { sampleShape: [28, 28, 1], classes: 0 } })).toThrow(/evaluator\.dataShape\.classes/);
  });
});

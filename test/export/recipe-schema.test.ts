import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RECIPES_DIR, RECIPE_SCHEMA_PATH, parseRecipeFile, readRecipeFile, recipeFileJsonSchema } from '../../src/export/index.js';
import { DEFAULT_RECIPE, RECIPE_FIELDS, parseRecipe, serialiseRecipe } from '../../src/space/index.js';
import { compileRecipeSchema } from './validator.js';

describe('recipes/recipe.schema.json', () => {
  it('is the schema the code describes (regenerate: JARS_WRITE_SCHEMA=1 npx vitest run test/export/recipe-schema.test.ts)', () => {
    const expected = JSON.stringify(recipeFileJsonSchema(), null, 2) + '\n';
    if (process.env.JARS_WRITE_SCHEMA === '1') writeFileSync(RECIPE_SCHEMA_PATH, expected);
    expect(readFileSync(RECIPE_SCHEMA_PATH, 'utf8')).toBe(expected);
  });

  it('compiles under ajv strict mode as draft 2020-12', () => {
    const schema = JSON.parse(readFileSync(RECIPE_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(() => new Ajv2020({ strict: true, allowUnionTypes: true, formats: { 'date-time': true } }).compile(schema)).not.toThrow();
  });

  it('lists exactly the trainer recipe fields', () => {
    const defs = recipeFileJsonSchema().$defs as Record<string, { properties: Record<string, unknown> }>;
    expect(Object.keys(defs.trainerRecipe!.properties).sort()).toEqual([...RECIPE_FIELDS].sort());
  });

  // The JSON Schema repeats the trainer's ranges: probe every field at and around its bounds and
  // with wrong types, and require ajv and the trainer's own parser to agree on every probe.
  it('accepts and rejects trainer recipe values exactly as the trainer does', () => {
    const validate = compileRecipeSchema();
    const base = JSON.parse(readFileSync(path.join(BUILTIN_RECIPES_DIR, 'nb201-cifar.recipe.json'), 'utf8')) as Record<string, unknown>;
    const probes: unknown[] = [-1, 0, 1e-9, 0.5, 0.9999, 1, 1.5, 2, 10, 10.5, 63, 64, 65, 100, 101, 256, 257, 1000, 1001, 8192, 8193, 10_000, 10_001, 'sgd', 'adam', 'adamw', 'rmsprop', 'adagrad', 'cosine', 'constant', 'step', 'linear', true, false, null, [1]];
    let disagreements: string[] = [];
    let checked = 0;
    for (const field of RECIPE_FIELDS) {
      for (const value of probes) {
        const doc = { ...base, recipe: { [field]: value } };
        const bySchema = validate(doc);
        let byTrainer = true;
        try {
          parseRecipe({ [field]: value });
        } catch {
          byTrainer = false;
        }
        checked++;
        if (bySchema !== byTrainer) disagreements.push(`${field}=${JSON.stringify(value)}: schema ${bySchema}, trainer ${byTrainer}`);
      }
    }
    expect(checked).toBe(RECIPE_FIELDS.length * probes.length);
    expect(disagreements).toEqual([]);
    disagreements = [];
    // Unknown fields: both refuse.
    expect(validate({ ...base, recipe: { optimiser: 'sgd' } })).toBe(false);
    expect(() => parseRecipe({ optimiser: 'sgd' })).toThrow(/unknown field "optimiser"/);
    // The complete default recipe is valid.
    expect(validate({ ...base, recipe: serialiseRecipe(DEFAULT_RECIPE) })).toBe(true);
  });

  const runDoc = () => ({
    formatVersion: 1,
    name: 'x-c3',
    kind: 'benchmark',
    architecture: { space: 'fcnet', candidate: { n_units_1: 16 } },
    recipe: { init_lr: 0.005, lr_schedule: 'cosine' },
    metrics: { validMse: 0.001, broken: null },
    objectives: [{ metric: 'validMse', direction: 'min' }],
    provenance: {
      source: 'run',
      jarsVersion: '0.1.0',
      runId: 'r',
      candidateId: 3,
      seed: 1,
      space: 'fcnet',
      evaluator: { kind: 'benchmark', benchmark: 'fcnet-naval' },
      strategy: 'rea',
      exportedAt: '2026-11-24T13:00:00.000Z',
    },
  });

  // Documents the reader (zod) and the schema (ajv) must judge alike.
  const cases: [string, (d: ReturnType<typeof runDoc>) => unknown, boolean][] = [
    ['a valid benchmark export', (d) => d, true],
    ['an unknown top-level field', (d) => ({ ...d, extra: 1 }), false],
    ['a missing provenance', ({ provenance: _p, ...d }) => d, false],
    ['formatVersion 2', (d) => ({ ...d, formatVersion: 2 }), false],
    ['a benchmark file without architecture', ({ architecture: _a, ...d }) => d, false],
    ['a nested benchmark recipe value', (d) => ({ ...d, recipe: { a: [1] } }), false],
    ['a string metric', (d) => ({ ...d, metrics: { validMse: '0.1' } }), false],
    ['a bad direction', (d) => ({ ...d, objectives: [{ metric: 'm', direction: 'up' }] }), false],
    ['a negative candidate id', (d) => ({ ...d, provenance: { ...d.provenance, candidateId: -1 } }), false],
    ['an evaluator without a kind', (d) => ({ ...d, provenance: { ...d.provenance, evaluator: { dataset: 'mnist', space: 'mlp' } } }), false],
    ['an evaluator kind the reader does not know yet', (d) => ({ ...d, provenance: { ...d.provenance, evaluator: { kind: 'command', dataset: 'mnist', space: 'mlp' } } }), true],
    ['a trainer evaluator', (d) => ({ ...d, provenance: { ...d.provenance, evaluator: { kind: 'trainer', dataset: 'mnist', space: 'mlp' } } }), true],
    ['a non-ISO export time', (d) => ({ ...d, provenance: { ...d.provenance, exportedAt: 'yesterday' } }), false],
    ['a builtin provenance', (d) => ({ ...d, provenance: { source: 'builtin', jarsVersion: '0.1.0', reference: 'paper' } }), true],
    ['a builtin provenance with a run id', (d) => ({ ...d, provenance: { source: 'builtin', jarsVersion: '0.1.0', reference: 'p', runId: 'r' } }), false],
    ['a name with a slash', (d) => ({ ...d, name: '../x' }), false],
    ['an empty architecture', (d) => ({ ...d, architecture: {} }), false],
    ['an unknown spec kind', (d) => ({ ...d, architecture: { spec: { kind: 'transformer' } } }), false],
    ['a trainer file with benchmark recipe fields', (d) => ({ ...d, kind: 'trainer' }), false],
    ['a trainer file with trainer fields', (d) => ({ ...d, kind: 'trainer', recipe: { lr: 0.1 } }), true],
    ['a trainer file without architecture', ({ architecture: _a, ...d }) => ({ ...d, kind: 'trainer', recipe: {} }), true],
  ];

  it.each(cases)('judges %s the same with ajv and the reader', (_what, make, valid) => {
    const doc = make(runDoc());
    expect(compileRecipeSchema()(doc)).toBe(valid);
    let read = true;
    try {
      parseRecipeFile(doc, 'doc');
    } catch {
      read = false;
    }
    expect(read).toBe(valid);
  });

  it('ships built-in recipes that validate and read back', () => {
    const validate = compileRecipeSchema();
    // Only the shipped files: a user's own recipes beside them are none of this test's business.
    const files = ['mnist-cnn-fast.recipe.json', 'nb201-cifar.recipe.json'];
    expect(readdirSync(BUILTIN_RECIPES_DIR)).toEqual(expect.arrayContaining(files));
    for (const f of files) {
      const doc = JSON.parse(readFileSync(path.join(BUILTIN_RECIPES_DIR, f), 'utf8')) as { name: string };
      expect(validate(doc), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(`${doc.name}.recipe.json`).toBe(f);
      expect(readRecipeFile(path.join(BUILTIN_RECIPES_DIR, f)).kind).toBe('trainer');
    }
    const nb201 = readRecipeFile(path.join(BUILTIN_RECIPES_DIR, 'nb201-cifar.recipe.json'));
    // Dong & Yang 2020: SGD, Nesterov momentum 0.9, lr 0.1 cosine, wd 5e-4, batch 256, 200 epochs.
    expect(nb201.recipe).toMatchObject({ optimizer: 'sgd', nesterov: true, momentum: 0.9, lr: 0.1, schedule: 'cosine', weightDecay: 5e-4, batchSize: 256, epochs: 200 });
  });
});

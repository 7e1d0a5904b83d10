import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/core/index.js';
import {
  exportRecipes,
  parsePick,
  readRecipeFile,
  trainingInputOf,
} from '../../src/export/index.js';
import type { ExportOptions, RecipeFileSerialization } from '../../src/export/index.js';
import { analyseRun, bestFor } from '../../src/report/index.js';
import { makeBenchmarkRun, tmp } from '../report/make-run.js';
import { compileRecipeSchema } from './validator.js';

let nb201Run: string;
let fcnetRun: string;
const validate = compileRecipeSchema();
const now = new Date('2026-11-24T12:00:00.000Z');

beforeAll(async () => {
  nb201Run = await makeBenchmarkRun({ queries: 40, seed: 3 });
  fcnetRun = await makeBenchmarkRun({
    benchmark: 'fcnet-naval',
    queries: 30,
    seed: 4,
    objectives: [
      { metric: 'validMse', direction: 'min' },
      { metric: 'hiddenWeightsK', direction: 'min' },
    ],
  });
});

const run = (options: Partial<ExportOptions> & { runDir: string }) =>
  exportRecipes({ pick: { kind: 'best' }, format: 'json', outDir: tmp('jars-export-'), now, ...options });

const expectValid = (doc: unknown) => {
  const ok = validate(doc);
  expect(ok, JSON.stringify(validate.errors)).toBe(true);
};

describe('exportRecipes', () => {
  it('writes the best candidate as JSON that the schema validates and the reader reads back', () => {
    const [written] = run({ runDir: nb201Run });
    const analysis = analyseRun(nb201Run);
    const best = bestFor(analysis, 0)!;
    expect(written!.candidateId).toBe(best.id);
    expect(path.basename(written!.path)).toBe('run-1-best-validAcc.recipe.json');
    const doc = JSON.parse(readFileSync(written!.path, 'utf8')) as RecipeFileSerialization;
    expectValid(doc);
    // $schema is a relative path from the file to the shipped schema.
    expect(existsSync(path.resolve(path.dirname(written!.path), doc.$schema!))).toBe(true);
    expect(doc).toMatchObject({
      formatVersion: 1,
      kind: 'benchmark',
      name: 'run-1-best-validAcc',
      recipe: { epochs: 200 },
      metrics: { validAcc: best.evaluation.metrics.validAcc, flopsM: best.evaluation.metrics.flopsM },
      hiddenMetrics: { testAcc: best.evaluation.hiddenMetrics!.testAcc },
      objectives: [
        { metric: 'validAcc', direction: 'max' },
        { metric: 'flopsM', direction: 'min' },
      ],
      provenance: {
        source: 'run',
        runId: 'run-1',
        candidateId: best.id,
        seed: 3,
        space: 'nb201',
        evaluator: { kind: 'benchmark', benchmark: 'nb201-cifar10' },
        strategy: 'rea',
        exportedAt: '2026-11-24T12:00:00.000Z',
        jarsVersion: (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version,
      },
    });
    expect(doc.provenance).not.toHaveProperty('backend'); // tabular benchmarks train nothing
    expect(doc.architecture!.candidate).toEqual(best.candidate.arch);
    expect(doc.architecture!.spec).toMatchObject({ kind: 'nb201', cell: expect.stringMatching(/^\|.*\|$/) });
    const read = readRecipeFile(written!.path);
    expect(read).toMatchObject({ kind: 'benchmark', name: doc.name, recipe: doc.recipe, metrics: doc.metrics, architecture: doc.architecture, provenance: doc.provenance });
  });

  it('picks the best on another objective, breaking ties toward the front', () => {
    const [written] = run({ runDir: nb201Run, objective: 'flopsM' });
    const analysis = analyseRun(nb201Run);
    const doc = JSON.parse(readFileSync(written!.path, 'utf8')) as RecipeFileSerialization;
    const minFlops = Math.min(...analysis.evaluated.map((e) => e.evaluation.metrics.flopsM!));
    expect(doc.metrics!.flopsM).toBe(minFlops);
    expect(analysis.front.map((e) => e.id)).toContain(written!.candidateId);
  });

  it('writes one YAML file per front member, each valid and readable', () => {
    const outDir = tmp('jars-export-');
    const written = run({ runDir: fcnetRun, pick: { kind: 'front' }, format: 'yaml', outDir, name: 'naval' });
    const front = analyseRun(fcnetRun).front;
    expect(written.map((w) => w.candidateId)).toEqual(front.map((e) => e.id));
    expect(readdirSync(outDir).sort()).toEqual(front.map((e) => `naval-c${e.id}.recipe.yaml`).sort());
    for (const w of written) {
      const text = readFileSync(w.path, 'utf8');
      expect(text.startsWith('# yaml-language-server: $schema=')).toBe(true);
      const doc = parseYaml(text) as RecipeFileSerialization;
      expectValid(doc);
      expect(doc.recipe).toEqual(front.find((e) => e.id === w.candidateId)!.candidate.recipe);
      const read = readRecipeFile(w.path);
      expect(read.recipe).toEqual(doc.recipe);
      expect(read.provenance).toEqual(doc.provenance);
    }
  });

  it('writes a typed TypeScript constant that compiles and holds the same content', async () => {
    const outDir = tmp('jars-export-');
    const [json] = run({ runDir: nb201Run, pick: { kind: 'id', id: 5 }, outDir });
    const [tsFile] = run({ runDir: nb201Run, pick: { kind: 'id', id: 5 }, outDir, format: 'ts' });
    const source = readFileSync(tsFile!.path, 'utf8');
    expect(source).toMatch(/^export const recipe = \{$/m);
    expect(source).toMatch(/\} as const;\n\nexport default recipe;\n$/);
    const out = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }, reportDiagnostics: true });
    expect(out.diagnostics ?? []).toEqual([]);
    const mod = (await import(`data:text/javascript,${encodeURIComponent(out.outputText)}`)) as { recipe: RecipeFileSerialization };
    expectValid(mod.recipe);
    const { $schema: _s, ...fromJson } = JSON.parse(readFileSync(json!.path, 'utf8')) as RecipeFileSerialization;
    expect(mod.recipe).toEqual(fromJson);
  });

  it('refuses to overwrite unless forced, and writes nothing then', () => {
    const outDir = tmp('jars-export-');
    run({ runDir: nb201Run, outDir, name: 'mine' });
    const before = readFileSync(path.join(outDir, 'mine.recipe.json'), 'utf8');
    expect(() => run({ runDir: nb201Run, outDir, name: 'mine', pick: { kind: 'id', id: 0 } })).toThrow(/mine\.recipe\.json already exists; pass --force/);
    expect(readFileSync(path.join(outDir, 'mine.recipe.json'), 'utf8')).toBe(before);
    run({ runDir: nb201Run, outDir, name: 'mine', pick: { kind: 'id', id: 0 }, force: true });
    expect((JSON.parse(readFileSync(path.join(outDir, 'mine.recipe.json'), 'utf8')) as RecipeFileSerialization).provenance).toMatchObject({ candidateId: 0 });
  });

  it.each([
    ['an unknown candidate id', { pick: { kind: 'id', id: 999 } }, '--pick candidate 999 is not in the run; evaluated ids of run-1: 0–39'],
    ['an unknown objective', { objective: 'latency' }, `--objective must be one of validAcc, flopsM, but got "latency" (the run's objectives)`],
    ['--objective with --pick front', { pick: { kind: 'front' }, objective: 'flopsM' }, '--objective applies only to --pick best, but got --pick front'],
    ['a name with a slash', { name: '../evil' }, '--name must start with a letter or digit and hold only letters, digits, ".", "_" and "-", but got "../evil"'],
  ] as const)('rejects %s with one line naming the field', (_what, options, message) => {
    expect(() => run({ runDir: nb201Run, ...(options as Partial<ExportOptions>) })).toThrow(new InvalidInputError(message));
  });

  it('rejects a folder that is not a run', () => {
    const dir = tmp('jars-export-');
    expect(() => run({ runDir: dir })).toThrow(InvalidInputError);
    expect(() => run({ runDir: dir })).toThrow(`run-dir must be a run folder (runs/<run-id> with config.json and journal.jsonl), but got ${JSON.stringify(dir)}: it has no config.json`);
    expect(() => run({ runDir: path.join(dir, 'nope') })).toThrow(/: it does not exist$/);
  });

  it('rejects --pick garbage', () => {
    expect(parsePick('front')).toEqual({ kind: 'front' });
    expect(parsePick('17')).toEqual({ kind: 'id', id: 17 });
    for (const bad of ['worst', '-1', '1.5', '']) {
      expect(() => parsePick(bad)).toThrow(new InvalidInputError(`--pick must be best, front or a candidate id (a non-negative integer), but got ${JSON.stringify(bad)}`));
    }
  });
});

describe('trainer runs', () => {
  // A trainer run as the trainer journals it: the evaluation's info holds the backend, the
  // buildable architecture and the complete recipe.
  const trainerRun = () => {
    const dir = path.join(tmp('jars-export-'), 'mnist-run');
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({
        version: 1,
        evaluator: { kind: 'trainer', dataset: 'mnist', space: 'mlp' },
        strategy: 'random',
        objectives: [{ metric: 'validAcc', direction: 'max' }],
        budget: { queries: 2 },
        seed: 11,
      }),
    );
    const recipe = { optimizer: 'adam', lr: 0.003, momentum: 0.9, nesterov: true, schedule: 'cosine', warmupEpochs: 0, stepEvery: 0, stepGamma: 0.1, weightDecay: 0, batchSize: 128, epochs: 3, labelSmoothing: 0, mixupAlpha: 0, dropout: 0, stochasticDepth: 0, emaDecay: 0, cropPadding: 0, flip: false, cutout: 0, fidelity: 1 };
    const events = [
      { type: 'run-started', seq: 0, time: '2026-11-24T12:00:00.000Z', seed: 11, resumedFrom: 0 },
      { type: 'candidates-proposed', seq: 1, time: '2026-11-24T12:00:00.001Z', requested: 2, ids: [0, 1], keys: ['a', 'b'], candidates: [{ arch: { hidden: '128' }, recipe: { lr: 0.003 } }, { arch: { hidden: '64' }, recipe: { lr: 1 } }] },
      { type: 'candidate-evaluated', seq: 2, time: '2026-11-24T12:00:30.000Z', id: 0, key: 'a', evaluation: { metrics: { validAcc: 96.5, trainSeconds: 29.5 }, cost: 1, seconds: 30, info: { backend: 'wasm', arch: { kind: 'mlp', hidden: [128], activation: 'relu', batchNorm: false }, recipe } } },
      { type: 'candidate-evaluated', seq: 3, time: '2026-11-24T12:01:00.000Z', id: 1, key: 'b', evaluation: { metrics: {}, cost: 1, seconds: 3, failure: 'diverged (loss NaN)' } },
    ];
    writeFileSync(path.join(dir, 'journal.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    return dir;
  };

  it('exports the recorded architecture spec, full recipe and backend, ready for training', () => {
    const dir = trainerRun();
    const [written] = run({ runDir: dir, pick: { kind: 'id', id: 0 } });
    const doc = JSON.parse(readFileSync(written!.path, 'utf8')) as RecipeFileSerialization;
    expectValid(doc);
    expect(doc.kind).toBe('trainer');
    expect(doc.provenance).toMatchObject({ backend: 'wasm', evaluator: { kind: 'trainer', dataset: 'mnist', space: 'mlp' }, seed: 11, evaluationSeconds: 30 });
    expect(doc.architecture!.spec).toEqual({ kind: 'mlp', hidden: [128], activation: 'relu', batchNorm: false });
    const file = readRecipeFile(written!.path);
    const input = trainingInputOf(file);
    expect(input).toMatchObject({ arch: { kind: 'mlp', hidden: [128] }, dataset: 'mnist', seed: 11 });
    expect(input.recipe.lr).toBe(0.003);
    expect(input.recipe.batchSize).toBe(128);
  });

  it('refuses a failed candidate and explains', () => {
    expect(() => run({ runDir: trainerRun(), pick: { kind: 'id', id: 1 } })).toThrow(new InvalidInputError('--pick candidate 1 failed (diverged (loss NaN)); pick a measured candidate'));
  });

  it('says why a benchmark export cannot be trained as it is', () => {
    const [written] = run({ runDir: nb201Run });
    expect(() => trainingInputOf(readRecipeFile(written!.path))).toThrow(/kind is "benchmark" .* --recipe recipes\/nb201-cifar\.recipe\.json$/);
  });
});

describe('readRecipeFile', () => {
  const write = (name: string, text: string) => {
    const file = path.join(tmp('jars-recipe-'), name);
    writeFileSync(file, text);
    return file;
  };
  const valid = () => JSON.parse(readFileSync('recipes/mnist-cnn-fast.recipe.json', 'utf8')) as Record<string, unknown>;

  it.each([
    ['a bad trainer field', { recipe: { optimizer: 'adagrad' } }, 'x.recipe.json: recipe.optimizer must be one of sgd, adam, adamw, rmsprop, but got "adagrad"'],
    ['an out-of-range value', { recipe: { lr: 0 } }, 'x.recipe.json: recipe.lr must be > 0, but got 0'],
    ['an unknown field', { color: 'red' }, 'x.recipe.json: the file has unknown field(s) "color"'],
    ['a wrong kind', { kind: 'model' }, 'x.recipe.json: kind must be one of "trainer", "benchmark", but got "model"'],
    ['a missing name', { name: undefined }, 'x.recipe.json: name is required (string)'],
    ['an unknown provenance source', { provenance: { source: 'web' } }, 'x.recipe.json: provenance.source must be one of "run", "builtin", but got "web"'],
  ])('names the field for %s', (_what, change, message) => {
    const file = write('x.recipe.json', JSON.stringify({ ...valid(), ...change }));
    let error: unknown;
    try {
      readRecipeFile(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    const text = (error as Error).message;
    expect(text.split('\n')).toHaveLength(1);
    expect(text.slice(text.length - message.length)).toBe(message);
  });

  it('rejects unreadable files, other extensions and .ts exports with one line', () => {
    expect(() => readRecipeFile('/nonexistent/a.recipe.json')).toThrow(/^recipe file \/nonexistent\/a\.recipe\.json cannot be read: ENOENT/);
    expect(() => readRecipeFile(write('a.recipe.txt', '{}'))).toThrow(/^recipe file name must end in \.json, \.yaml, \.yml, but got ".*a\.recipe\.txt"$/);
    expect(() => readRecipeFile(write('a.recipe.ts', ''))).toThrow(/is a TypeScript export; jars reads \.json and \.yaml recipe files/);
    expect(() => readRecipeFile(write('a.recipe.json', '{ nope'))).toThrow(/is not valid JSON: /);
    expect(() => readRecipeFile(write('a.recipe.yaml', 'a: [1'))).toThrow(/is not valid YAML: /);
  });
});

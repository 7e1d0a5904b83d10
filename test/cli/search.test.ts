import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import { readJournal } from '../../src/run/index.js';
import { jars, projectRoot } from '../support/cli.js';
import { runConfigJsonSchema } from '../../src/setup/index.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'jars-search-'));

describe('jars search / status / ls on the benchmark evaluator (real binary)', () => {
  it('runs to its budget, journals it, and status summarises it', () => {
    const runs = tmp();
    const r = jars(['search', '--benchmark', 'nb201-cifar10', '--objectives', 'validAcc:max,flopsM:min', '--budget', '30', '--seed', '3', '--runs-dir', runs, '--name', 'a']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/\[30\/30 evals/);
    const events = readJournal(path.join(runs, 'a', 'journal.jsonl')).events;
    expect(events.filter((e) => e.type === 'candidate-evaluated')).toHaveLength(30);
    const s = jars(['status', path.join(runs, 'a')]);
    expect(s.status).toBe(0);
    expect(s.stdout).toMatch(/^run a: finished \(budget\)$/m);
    expect(s.stdout).toMatch(/evaluated 30 \(failed 0\), pending 0/);
    expect(s.stdout).toMatch(/Pareto front \(\d+\):/);
    const ls = jars(['ls', '--runs-dir', runs]);
    expect(ls.stdout).toMatch(/^a +finished \(budget\) +rea +nb201-cifar10 +30$/m);
  });

  it('streams journal events as JSON lines with --json', () => {
    const runs = tmp();
    const r = jars(['search', '--benchmark', 'hpobench-mlp-car', '--budget', '5', '--runs-dir', runs, '--json']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(lines[0]!.type).toBe('run-started');
    expect(lines.at(-1)!.type).toBe('run-finished');
    expect(lines.filter((l) => l.type === 'candidate-evaluated')).toHaveLength(5);
  });

  it('reads a config file and lets flags override it', () => {
    const dir = tmp();
    const file = path.join(dir, 'run.json');
    writeFileSync(
      file,
      JSON.stringify({ version: 1, evaluator: { kind: 'benchmark', benchmark: 'fcnet-naval' }, strategy: 'random', objectives: [{ metric: 'validMse', direction: 'min' }], budget: { queries: 50 }, seed: 4 }),
    );
    const r = jars(['search', '--config', file, '--budget', '7', '--runs-dir', dir, '--name', 'c']);
    expect(r.status).toBe(0);
    const config = JSON.parse(readFileSync(path.join(dir, 'c', 'config.json'), 'utf8')) as { budget: unknown; strategy: string; seed: number };
    expect(config).toMatchObject({ budget: { queries: 7 }, strategy: 'random', seed: 4 });
  });

  it("names the run folder after the config's name when --name is not given", () => {
    const dir = tmp();
    const file = path.join(dir, 'run.json');
    writeFileSync(
      file,
      JSON.stringify({ version: 1, name: 'naval-random', evaluator: { kind: 'benchmark', benchmark: 'fcnet-naval' }, strategy: 'random', objectives: [{ metric: 'validMse', direction: 'min' }], budget: { queries: 3 }, seed: 4 }),
    );
    const r = jars(['search', '--config', file, '--runs-dir', dir]);
    expect(r.status).toBe(0);
    expect(existsSync(path.join(dir, 'naval-random', 'journal.jsonl'))).toBe(true);
  });

  it.each([
    [{ objectives: [{ metric: 'validAcc', direction: 'up' }] }, /objectives\.0\.direction: Invalid option: expected one of "max"\|"min", but got "up"/],
    [{ colour: 'red' }, /has unknown field\(s\) "colour"/],
    [{ budget: { queries: 0 } }, /budget\.queries: Too small/],
    [{ strategyOptions: { population: 'ten' } }, /rea\.population must be an integer ≥ 1, but got "ten"/],
    [{ strategyOptions: { populationSize: 10 } }, /rea option must be one of population, sample, but got "populationSize"/],
    [{ strategy: 'random', strategyOptions: { beam: 10 } }, /random takes no options, but got "beam"/],
    [{ name: '../../escape' }, /\.name: must start with a letter or digit/],
  ])('rejects a bad config file %j in one line, exit 2, leaving no run folder', (patch, message) => {
    const dir = tmp();
    const file = path.join(dir, 'run.json');
    const base = { version: 1, evaluator: { kind: 'benchmark', benchmark: 'nb201-cifar10' }, strategy: 'rea', objectives: [{ metric: 'validAcc', direction: 'max' }], budget: { queries: 5 }, seed: 1 };
    writeFileSync(file, JSON.stringify({ ...base, ...patch }));
    const r = jars(['search', '--config', file, '--runs-dir', path.join(dir, 'runs')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(path.join(dir, 'runs')) ? readdirSync(path.join(dir, 'runs')) : []).toEqual([]);
  });

  it.each([
    [['--objectives', 'accuracy:max'], 'jars: objectives[0].metric must be one of validAcc, flopsM'],
    [['--constraint', 'flopsM<100'], 'jars: --constraint must look like metric<=limit or metric>=limit, but got "flopsM<100"'],
    [['--time-budget', 'soon'], 'jars: --time-budget must be seconds or a duration like 90s, 5m, 2h, but got "soon"'],
    [['--strategy', 'bohb'], 'jars: --strategy must be one of'],
    [['--objectives', 'validAcc,flopsM:min'], 'jars: --objectives items must be metric:max or metric:min, but got "validAcc" (say validAcc:max or validAcc:min)'],
    [['--name', '../../escape'], 'jars: --name must start with a letter or digit and hold only letters, digits, ".", "_" and "-", but got "../../escape"'],
    [['--name', ''], 'jars: --name must start with a letter or digit'],
    [['--objectives', 'validAcc:max,validAcc:min'], 'jars: config.objectives[1]: validAcc is already objectives[0]; each metric may be an objective once'],
    [['--constraint', 'flopsM<=100', '--constraint', 'flopsM>=200'], 'jars: config.constraints on flopsM cannot all hold: they ask for flopsM ≥ 200 and ≤ 100'],
  ])('rejects bad flags %j in one line with exit code 2', (flags, message) => {
    const r = jars(['search', '--benchmark', 'nb201-cifar10', '--runs-dir', tmp(), ...flags]);
    expect(r.status).toBe(2);
    expect(r.stderr.startsWith(message)).toBe(true);
  });

  it('answers paths that are not runs, folders or datasets in one line with exit code 2', () => {
    const dir = tmp();
    const file = path.join(dir, 'not-a-folder.txt');
    writeFileSync(file, 'x');
    const oneClass = path.join(dir, 'one-class.csv');
    writeFileSync(oneClass, 'a,b,label\n1,2,0\n3,4,0\n5,6,0\n');
    const cases: [string[], RegExp][] = [
      [['status', path.join(dir, 'nope')], /is not a run folder \(it does not exist\)/],
      [['resume', dir], /is not a run folder \(no config\.json in it\)/],
      [['search', '--benchmark', 'nb201-cifar10', '--budget', '2', '--runs-dir', file], /ENOTDIR: not a directory/],
      [['schema', '--out', path.join(dir, 'missing', 'x.json')], /ENOENT: no such file or directory/],
      [['search', '--dataset', oneClass, '--space', 'mlp', '--budget', '2', '--runs-dir', path.join(dir, 'runs')], /has 1 class in its labels; a classifier needs at least 2/],
    ];
    for (const [args, message] of cases) {
      const r = jars(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(existsSync(path.join(dir, 'runs'))).toBe(false);
  });

  it('does not export a best or front that breaks the run\'s constraints', () => {
    const runs = tmp();
    const r = jars(['search', '--benchmark', 'nb201-cifar10', '--constraint', 'flopsM<=1', '--budget', '3', '--runs-dir', runs, '--name', 'c']);
    expect(r.status).toBe(0);
    const best = jars(['export', path.join(runs, 'c'), '--out-dir', path.join(runs, 'out')]);
    expect(best.status).toBe(2);
    expect(best.stderr.trim()).toBe('jars: run c has no candidate that meets its constraints (flopsM ≤ 1) yet; --pick <id> exports one anyway');
    expect(existsSync(path.join(runs, 'out'))).toBe(false);
    expect(jars(['export', path.join(runs, 'c'), '--pick', '0', '--out-dir', path.join(runs, 'out')]).status).toBe(0);
  });

  it('refuses to overwrite an existing run', () => {
    const runs = tmp();
    expect(jars(['search', '--benchmark', 'nb201-cifar10', '--budget', '3', '--runs-dir', runs, '--name', 'x']).status).toBe(0);
    const again = jars(['search', '--benchmark', 'nb201-cifar10', '--budget', '3', '--runs-dir', runs, '--name', 'x']);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already holds a run; use `jars resume/);
    expect(readJournal(path.join(runs, 'x', 'journal.jsonl')).events.filter((e) => e.type === 'candidate-evaluated')).toHaveLength(3);
  });
});

describe('published run config schema', () => {
  it('is committed up to date (regenerate with `jars schema --out schemas/run-config.schema.json`)', () => {
    const committed = JSON.parse(readFileSync(path.join(projectRoot, 'schemas', 'run-config.schema.json'), 'utf8')) as unknown;
    expect(committed).toEqual(runConfigJsonSchema());
  });

  it('accepts a valid config and rejects a bad one under an independent validator (ajv)', () => {
    const ajv = new Ajv2020.default({ strict: false });
    const validate = ajv.compile(runConfigJsonSchema());
    const good = { version: 1, evaluator: { kind: 'trainer', dataset: 'mnist', space: 'mlp' }, strategy: 'fbnetv3', objectives: [{ metric: 'validAcc', direction: 'max' }], budget: { seconds: 300 }, seed: 0 };
    expect(validate(good)).toBe(true);
    expect(validate({ ...good, objectives: [] })).toBe(false);
  });
});

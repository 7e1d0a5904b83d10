import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jars } from '../support/cli.js';
import { nb201Dir } from '../support/data.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'jars-cli-'));

describe('jars bench (real binary)', () => {
  it('prints the table and writes the same results as JSON', () => {
    const out = path.join(tmp(), 'r.json');
    const r = jars(['bench', '--strategy', 'random,rea', '--budget', '50', '--seeds', '3', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/nb201-cifar10: testAcc \(max\) of the best-by-validation candidate, optimum 94\.37, 3 seeds, full fidelity/);
    expect(r.stdout).toMatch(/^rea +50 +9\d\.\d\d ± \d\.\d\d/m);
    const json = JSON.parse(readFileSync(out, 'utf8')) as { strategies: { strategy: string; checkpoints: { budget: number }[] }[] };
    expect(json.strategies.map((s) => s.strategy)).toEqual(['random', 'rea']);
    expect(json.strategies[0]!.checkpoints.map((c) => c.budget)).toEqual([25, 50]);
  });

  it('prints the same numbers for the same seeds', () => {
    const dir = tmp();
    const args = ['bench', '--benchmark', 'fcnet-parkinsons', '--strategy', 'rea', '--budget', '40', '--seeds', '2', '--quiet'];
    const a = jars([...args, '--out', path.join(dir, 'a.json')]);
    const b = jars([...args, '--out', path.join(dir, 'b.json')]);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('reads an NB201-layout table with other column names (--table, --columns) to the same numbers', () => {
    const dir = tmp();
    const renamed = path.join(dir, 'nb201_renamed.csv');
    const text = readFileSync(path.join(nb201Dir, 'nb201_cifar10.csv'), 'utf8').replace(/\r\n/g, '\n');
    const [header, ...rest] = text.split('\n');
    const names: Record<string, string> = { arch_str: 'cell', c10valid_valid_acc_200: 'v200', c10valid_valid_acc_12: 'v12', c10_test_acc_200: 't200', c10_test_acc_12: 't12' };
    writeFileSync(renamed, [header!.split(',').map((c) => names[c] ?? c).join(','), ...rest].join('\n'));
    const args = ['--strategy', 'rea', '--budget', '50', '--seeds', '3', '--quiet'];
    const custom = jars(['bench', '--benchmark', 'nb201-renamed', '--table', renamed, '--columns', 'arch=cell,valid200=v200,valid12=v12,test200=t200,test12=t12', ...args, '--out', path.join(dir, 'a.json')]);
    const standard = jars(['bench', ...args, '--out', path.join(dir, 'b.json')]);
    expect(custom.status).toBe(0);
    expect(custom.stdout.split('\n').slice(1)).toEqual(standard.stdout.split('\n').slice(1));
  });

  it('reports checkpoints ascending and once each, whatever order they were given in', () => {
    const r = jars(['bench', '--strategy', 'random', '--budget', '10', '--seeds', '1', '--checkpoints', '10,5,10', '--out', path.join(tmp(), 'c.json')]);
    expect(r.status).toBe(0);
    const budgets = r.stdout.split('\n').filter((l) => l.startsWith('random')).map((l) => Number(l.split(/\s+/)[1]));
    expect(budgets).toEqual([5, 10]);
  });

  it('reports hypervolume ratios with a second objective', () => {
    const r = jars(['bench', '--strategy', 'random', '--budget', '30', '--seeds', '2', '--objectives', 'validAcc:max,flopsM:min', '--quiet', '--out', path.join(tmp(), 'x.json')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/HV ratio mean ± std/);
  });

  it.each([
    [['bench', '--strategy', 'annealing'], 'jars: --strategy must be one of random, rea, pnas, popnas, fbnetv3, bo, but got "annealing"'],
    [['bench', '--budget', 'ten'], 'jars: --budget must be a positive integer, but got "ten"'],
    [['bench', '--benchmark', 'nb301'], 'jars: benchmark must be one of nb201-cifar10'],
    [['bench', '--fidelity', 'half'], 'jars: --fidelity must be one of full, multi, but got "half"'],
    [['bench', '--benchmark', 'fcnet-slice', '--table', '/nonexistent/fcnet_slice.csv.gz'], 'jars: benchmark table /nonexistent/fcnet_slice.csv.gz not found. FCNet tables: see'],
    [['bench', '--columns', 'colour=red'], 'jars: --columns key must be one of arch, valid200, valid12, test200, test12, but got "colour"'],
    [['bench', '--objectives', 'flopsM:min'], "jars: --objectives must start with the benchmark's objective validAcc:max, but got flopsM:min"],
    [['bench', '--strategy', 'random,random'], 'jars: --strategy names "random" twice'],
    [['bench', '--objectives', 'validAcc:min,flopsM:min'], "jars: --objectives must start with the benchmark's objective validAcc:max, but got validAcc:min"],
    [['bench', '--strategy-options', '{bo'], 'jars: --strategy-options must be a JSON object such as {"bo":{"beta":1}}, but "{bo" is not JSON'],
    [['bench', '--strategy-options', '[1]'], 'jars: --strategy-options must be a JSON object keyed by strategy, such as {"bo":{"beta":1}}, but got "[1]"'],
    [['bench', '--strategy-options', '{"tpe":{}}'], 'jars: --strategy-options key must be one of random, rea, pnas, popnas, fbnetv3, bo, but got "tpe"'],
    [['bench', '--strategy-options', '{"rea":3}'], 'jars: --strategy-options.rea must be an object of options, but got 3'],
    [['bench', '--strategy', 'rea', '--strategy-options', '{"bo":{}}'], 'jars: --strategy-options names bo, which is not in --strategy rea'],
    [['bench', '--strategy', 'rea', '--strategy-options', '{"rea":{"populaton":5}}'], 'jars: rea option must be one of population, sample, but got "populaton"'],
    [['bench', '--strategy', 'rea', '--strategy-options', '{"rea":{"sample":20}}'], 'jars: rea.sample must be at most rea.population (10), but got 20'],
  ])('rejects bad input %j with one line and exit code 2', (args, message) => {
    const r = jars(args);
    expect(r.status).toBe(2);
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('passes --strategy-options to the strategy named, the same numbers for the same options', () => {
    const dir = tmp();
    const args = ['bench', '--benchmark', 'fcnet-parkinsons', '--strategy', 'random,rea', '--budget', '40', '--seeds', '2', '--quiet'];
    const rows = (stdout: string, name: string) => stdout.split('\n').filter((l) => l.startsWith(name)).map((l) => l.split(/\s+/));
    const plain = jars([...args, '--out', path.join(dir, 'a.json')]);
    // A population as large as the budget: no mutation happens, so rea's figures change; random's do not.
    const options = ['--strategy-options', '{"rea":{"population":40,"sample":2}}'];
    const tuned = jars([...args, ...options, '--out', path.join(dir, 'b.json')]);
    const again = jars([...args, ...options, '--out', path.join(dir, 'c.json')]);
    expect([plain.status, tuned.status, again.status]).toEqual([0, 0, 0]);
    expect(rows(tuned.stdout, 'random')).toEqual(rows(plain.stdout, 'random'));
    expect(rows(tuned.stdout, 'rea')).not.toEqual(rows(plain.stdout, 'rea'));
    expect(tuned.stdout).toBe(again.stdout);
  });

  it('refuses an --out it cannot write before the sweep runs, with one line and exit 2', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'file'), '');
    const args = ['bench', '--strategy', 'random', '--budget', '10', '--seeds', '1'];
    const folder = jars([...args, '--out', dir]);
    expect([folder.status, folder.stdout, folder.stderr]).toEqual([2, '', `jars: --out must be a file path, but ${dir} is a folder (e.g. ${path.join(dir, 'results.json')})\n`]);
    const under = path.join(dir, 'file', 'sub', 'r.json');
    const underFile = jars([...args, '--out', under]);
    expect([underFile.status, underFile.stdout, underFile.stderr]).toEqual([2, '', `jars: --out ${under} cannot be written: ${path.join(dir, 'file')} is a file, not a folder\n`]);
    // Missing folders on the way are created, as before.
    expect(jars([...args, '--quiet', '--out', path.join(dir, 'new', 'r.json')]).status).toBe(0);
  });

  it('exits 2 for an unknown command or flag', () => {
    expect(jars(['frobnicate']).status).toBe(2);
    expect(jars(['bench', '--colour']).status).toBe(2);
  });
});

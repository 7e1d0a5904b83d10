import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jars } from '../support/cli.js';

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

  it('reports hypervolume ratios with a second objective', () => {
    const r = jars(['bench', '--strategy', 'random', '--budget', '30', '--seeds', '2', '--objectives', 'validAcc:max,flopsM:min', '--quiet', '--out', path.join(tmp(), 'x.json')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/HV ratio mean ± std/);
  });

  it.each([
    [['bench', '--strategy', 'annealing'], 'jars: --strategy must be one of random, rea, pnas, popnas, fbnetv3, but got "annealing"'],
    [['bench', '--budget', 'ten'], 'jars: --budget must be a positive integer, but got "ten"'],
    [['bench', '--benchmark', 'nb301'], 'jars: benchmark must be one of nb201-cifar10'],
    [['bench', '--fidelity', 'half'], 'jars: --fidelity must be one of full, multi, but got "half"'],
    [['bench', '--benchmark', 'fcnet-slice', '--table', '/nonexistent/fcnet_slice.csv.gz'], 'jars: benchmark table /nonexistent/fcnet_slice.csv.gz not found. FCNet tables: see'],
    [['bench', '--objectives', 'flopsM:min'], "jars: --objectives must start with the benchmark's objective validAcc, but got flopsM"],
  ])('rejects bad input %j with one line and exit code 2', (args, message) => {
    const r = jars(args);
    expect(r.status).toBe(2);
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 for an unknown command or flag', () => {
    expect(jars(['frobnicate']).status).toBe(2);
    expect(jars(['bench', '--colour']).status).toBe(2);
  });
});

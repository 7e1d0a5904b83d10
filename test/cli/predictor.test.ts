import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEvalSource } from '../../src/cli/run-eval-source.js';
import { digitsRunConfig, jars } from '../support/cli.js';

describe('jars predictor eval (real binary)', () => {
  it('prints Kendall τ tables for the chosen methods and writes the JSON report', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'jars-pe-')), 'pe.json');
    const methods = ['ridge-onehot', 'stat:synflow', 'forest', 'neural-pretrained+forest'];
    const r = jars(['predictor', 'eval', '--benchmark', 'nb201-cifar10', '--train-sizes', '20', '--seeds', '1', '--held-out', '100', '--methods', methods.join(','), '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Kendall/);
    for (const method of methods) expect(r.stdout).toMatch(new RegExp(`^${method.replace('+', '\\+')} `, 'm'));
    expect(r.stdout).not.toMatch(/^neural-pretrained /m);
    const json = JSON.parse(readFileSync(out, 'utf8')) as { benchmark?: string; methods: { label: string }[] };
    expect(json.benchmark).toBe('nb201-cifar10');
    expect(json.methods.map((m) => m.label)).toEqual(methods);
  }, 120_000);

  it('names the methods it knows when --methods names another', () => {
    const r = jars(['predictor', 'eval', '--methods', 'neural,svm', '--seeds', '1', '--train-sizes', '20', '--held-out', '50']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^jars: each of --methods must be one of ridge-onehot, .*neural-pretrained-no-descriptors, neural-pretrained, forest, neural-pretrained\+forest, gp, gp\+stats, but got "svm"/);
  });

  it('rejects bad flags with exit code 2', () => {
    const r = jars(['predictor', 'eval', '--train-sizes', '0,10']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^jars: --train-sizes must be a comma-separated list of positive numbers, but got "0,10"/);
  });

  it('--run evaluates on a run\'s own candidates: one row per candidate at its mean, a third held out', async () => {
    const runs = mkdtempSync(path.join(tmpdir(), 'jars-pe-run-'));
    // a noisy benchmark with re-queries, so some candidates are measured more than once
    const s = jars(['search', '--benchmark', 'fcnet-parkinsons', '--strategy', 'random', '--budget', '66', '--requery', '12', '--seed', '3', '--quiet', '--runs-dir', runs, '--name', 'noisy']);
    expect(s.status).toBe(0);
    const run = path.join(runs, 'noisy');
    const events = readFileSync(path.join(run, 'journal.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; key: string; evaluation: { metrics: Record<string, number> } })
      .filter((e) => e.type === 'candidate-evaluated');
    const byKey = new Map<string, number[]>();
    for (const e of events) byKey.set(e.key, [...(byKey.get(e.key) ?? []), e.evaluation.metrics.validMse as number]);
    expect(byKey.size).toBeLessThan(66);
    const source = await runEvalSource(run);
    expect(source.rowCount).toBe(byKey.size);
    expect(source.objective).toEqual({ metric: 'validMse', direction: 'min' });
    for (let i = 0; i < source.rowCount; i++) {
      const c = source.candidateAt(i);
      const values = byKey.get(source.space.key(c)) as number[];
      expect(source.truth(c).validMse).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 12);
    }

    const out = path.join(runs, 'pe.json');
    const r = jars(['predictor', 'eval', '--run', run, '--seeds', '1', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const heldOut = Math.floor(byKey.size / 3);
    expect(r.stdout).toMatch(new RegExp(`^noisy: target log\\(validMse\\), ${heldOut} held-out candidates`, 'm'));
    expect(r.stdout).toMatch(/^method +N=25\s*$/m);
    expect(r.stdout).toMatch(/^neural-pretrained /m);

    const both = jars(['predictor', 'eval', '--run', run, '--benchmark', 'fcnet-naval']);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--run evaluates on a run's own candidates, so it cannot go with --benchmark or --table/);
    const big = jars(['predictor', 'eval', '--run', run, '--train-sizes', '200']);
    expect(big.status).toBe(2);
    expect(big.stderr).toMatch(new RegExp(`held-out \\(${heldOut}\\) \\+ largest train size \\(200\\) must not exceed the ${byKey.size} rows of noisy`));
    const bench = jars(['predictor', 'eval', '--run', run, '--proxies']);
    expect(bench.status).toBe(2);
    expect(bench.stderr).toMatch(/--proxies needs a trainer or command run, but noisy is a benchmark run/);
    const alone = jars(['predictor', 'eval', '--proxies', 'zen']);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toMatch(/--proxies goes with --run/);
    const notRun = jars(['predictor', 'eval', '--run', runs]);
    expect(notRun.status).toBe(2);
    expect(notRun.stderr).toMatch(/--run must be a run folder/);
  }, 120_000);

  it('--run --proxies adds proxies a trainer run did not use, and writes nothing to the run', async () => {
    const runs = mkdtempSync(path.join(tmpdir(), 'jars-pe-proxies-'));
    const config = digitsRunConfig(runs, { evaluator: { maxTrainExamples: 300 }, budget: { queries: 6 }, seed: 5 });
    expect(jars(['search', '--config', config, '--runs-dir', runs, '--name', 'plain', '--quiet'], { timeoutMs: 120_000 }).status).toBe(0);
    const run = path.join(runs, 'plain');
    const plain = await runEvalSource(run);
    expect(plain.space.statisticNames).not.toContain('synflow');
    const source = await runEvalSource(run, { proxies: ['synflow', 'gradNorm'] });
    expect(source.space.statisticNames.slice(-2)).toEqual(['synflow', 'gradNorm']);
    expect(source.rowCount).toBe(plain.rowCount);
    for (let i = 0; i < source.rowCount; i++) {
      const stats = source.space.statistics(source.candidateAt(i));
      expect(Number.isFinite(stats.synflow) && Number.isFinite(stats.gradNorm)).toBe(true);
      expect(source.truth(source.candidateAt(i))).toEqual(plain.truth(plain.candidateAt(i)));
    }
    expect(readdirSync(run).sort()).toEqual(['config.json', 'journal.jsonl']);
  }, 120_000);
});

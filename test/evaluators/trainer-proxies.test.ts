import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, Rng } from '../../src/core/index.js';
import { PROXIES_FILE, parseProxyNames, withDataShape } from '../../src/evaluators/trainer.js';
import type { TrainerEvaluatorConfig } from '../../src/evaluators/trainer.js';
import { buildRunParts, parseRunConfig } from '../../src/setup/index.js';
import type { ProductCandidate } from '../../src/space/index.js';
import { parseArchSpec, prepareSplits, zeroCostProxies } from '../../src/train/index.js';

const config = (evaluator: Record<string, unknown>, seed = 0) => {
  const c = parseRunConfig({
    version: 1,
    evaluator: { kind: 'trainer', dataset: 'sklearn-digits', space: 'cnn', inputShape: [8, 8, 1], ...evaluator },
    strategy: 'random',
    objectives: [{ metric: 'validAcc', direction: 'max' }],
    budget: { queries: 2 },
    seed,
  });
  return { ...c, evaluator: withDataShape(c.evaluator as unknown as TrainerEvaluatorConfig) } as typeof c;
};

describe('zero-cost proxies on a trainer space', () => {
  it('adds them to the free statistics, computed on the trainer\'s network and one batch of the training split', async () => {
    const runDir = mkdtempSync(path.join(tmpdir(), 'jars-trainer-proxies-'));
    const parts = buildRunParts(config({ proxies: ['synflow', 'naswot', 'snip'] }, 3), { runDir });
    const space = parts.space as typeof parts.space & { archSpec(c: ProductCandidate): unknown };
    expect(space.statisticNames).toEqual(['flopsM', 'paramsM', 'layers', 'channels', 'synflow', 'naswot', 'snip']);
    // predictor inputs, not metrics: objectives cannot name them
    expect(parts.metricNames).not.toContain('synflow');
    await space.prepare?.();
    const c = space.sample(new Rng('proxy-candidate')) as ProductCandidate;
    const stats = space.statistics(c);
    // the same scores by hand: the network seeded by the architecture key, the first 64 training examples
    const train = prepareSplits({ dataset: 'sklearn-digits', inputShape: [8, 8, 1], split: { validation: 0.2 }, splitSeed: 3 }).train;
    const x = tf.tensor(train.x.subarray(0, 64 * 64), [64, 8, 8, 1]);
    const labels = tf.tensor1d(train.y.subarray(0, 64), 'int32');
    const expected = zeroCostProxies(parseArchSpec(space.archSpec(c)), { sampleShape: [8, 8, 1], numClasses: 10 }, space.archKey(c), { data: { x, labels } });
    tf.dispose([x, labels]);
    expect(stats.synflow).toBeCloseTo(expected.synflow as number, 5);
    expect(stats.naswot).toBeCloseTo(expected.naswot as number, 5);
    expect(stats.snip).toBeCloseTo(expected.snip as number, 5);
    for (const n of ['synflow', 'naswot', 'snip']) expect(Number.isFinite(stats[n])).toBe(true);
    expect(stats).not.toHaveProperty('gradNorm');
    // kept in the run folder, one line per architecture scored
    const file = path.join(runDir, PROXIES_FILE);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { arch: string }).arch)).toEqual([space.archKey(c)]);
  });

  it('gives different data proxies for another split seed, the same data-free ones', async () => {
    const a = buildRunParts(config({ proxies: ['synflow', 'gradNorm'] }, 0)).space;
    const b = buildRunParts(config({ proxies: ['synflow', 'gradNorm'] }, 1)).space;
    await Promise.all([a.prepare?.(), b.prepare?.()]);
    const c = a.sample(new Rng('seeds'));
    expect(b.statistics(c).synflow).toBe(a.statistics(c).synflow);
    expect(b.statistics(c).gradNorm).not.toBeCloseTo(a.statistics(c).gradNorm as number, 6);
  });

  it('loads the data batch only to score a new architecture, so a run whose scores are all kept needs no dataset', async () => {
    const runDir = mkdtempSync(path.join(tmpdir(), 'jars-trainer-proxies-gone-'));
    const c = { ...config({ proxies: ['synflow', 'snip'] }) };
    const gone = { ...c, evaluator: { ...c.evaluator, dataset: '/nonexistent/jars-data/digits.csv' } } as typeof c;
    const first = buildRunParts(c, { runDir }).space;
    await first.prepare?.();
    const cand = first.sample(new Rng('gone'));
    const kept = first.statistics(cand);
    // the same run with its dataset gone: prepared, and the kept scores read back
    const again = buildRunParts(gone, { runDir }).space;
    await again.prepare?.();
    expect(again.statistics(cand)).toEqual(kept);
    // a new architecture needs the batch, and says which dataset is missing
    let other = again.sample(new Rng('other'));
    for (let i = 0; again.archKey(other) === again.archKey(cand); i++) other = again.sample(new Rng(`other${i}`));
    expect(() => again.statistics(other)).toThrow(/nonexistent\/jars-data\/digits\.csv/);
  });

  it('refuses unknown or repeated proxy names, in flags and configs, naming the valid ones', () => {
    expect(parseProxyNames('all', '--proxies')).toEqual(['synflow', 'zen', 'naswot', 'gradNorm', 'snip']);
    expect(parseProxyNames('naswot, snip', '--proxies')).toEqual(['naswot', 'snip']);
    expect(() => parseProxyNames('synflow,jacov', '--proxies')).toThrow(InvalidInputError);
    expect(() => parseProxyNames('synflow,jacov', '--proxies')).toThrow(/--proxies must be one of all, synflow, zen, naswot, gradNorm, snip, but got "jacov"/);
    expect(() => parseProxyNames('zen,zen', '--proxies')).toThrow(/--proxies must not name a proxy twice, but got "zen,zen"/);
    expect(() => config({ proxies: ['zen', 'jacov'] })).toThrow(/evaluator\.proxies\.1/);
    expect(() => config({ proxies: [] })).toThrow(/evaluator\.proxies/);
    expect(() => config({ proxies: ['zen', 'zen'] })).toThrow(/must not name a proxy twice/);
  });
});

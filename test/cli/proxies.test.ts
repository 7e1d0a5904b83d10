import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../src/run/index.js';
import type { RunEvent } from '../../src/run/index.js';
import { digitsRunConfig, jars } from '../support/cli.js';

type Evaluated = Extract<RunEvent, { type: 'candidate-evaluated' }>;
const evaluated = (file: string): Evaluated[] => readJournal(file).events.filter((e): e is Evaluated => e.type === 'candidate-evaluated');
const proxyLines = (runDir: string) =>
  readFileSync(path.join(runDir, 'proxies.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { arch: string; scores: Record<string, number | null> });

describe('jars search --proxies with the real trainer (sklearn-digits, mlp)', () => {
  it('keeps every architecture\'s scores in the run folder, and a resume reads them back instead of scoring again', () => {
    const runs = mkdtempSync(path.join(tmpdir(), 'jars-proxies-'));
    // batch 4: one random round, then one predictor-guided round (the predictor is what asks for statistics)
    const config = digitsRunConfig(runs, {
      evaluator: { proxies: ['synflow', 'naswot', 'gradNorm'] },
      strategy: 'fbnetv3',
      strategyOptions: { batch: 4 },
      budget: { queries: 8 },
      seed: 4,
    });
    const run = path.join(runs, 'with-proxies');
    const first = jars(['search', '--config', config, '--runs-dir', runs, '--name', 'with-proxies', '--quiet'], { timeoutMs: 120_000 });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const lines = proxyLines(run);
    // the predictor's normalisation samples the whole space: all 120 mlp architectures, once each
    expect(lines.length).toBe(120);
    expect(new Set(lines.map((l) => l.arch)).size).toBe(120);
    for (const l of lines) {
      expect(Object.keys(l.scores)).toEqual(['synflow', 'naswot', 'gradNorm']);
      for (const v of Object.values(l.scores)) expect(Number.isFinite(v)).toBe(true);
    }
    expect(evaluated(path.join(run, 'journal.jsonl')).length).toBe(8);

    const more = jars(['resume', run, '--budget', '12', '--quiet'], { timeoutMs: 120_000 });
    expect(more.status).toBe(0);
    expect(evaluated(path.join(run, 'journal.jsonl')).length).toBe(12);
    // read back, not scored again: not one line more
    expect(proxyLines(run)).toEqual(lines);
  }, 240_000);

  it('refuses an unknown proxy name with exit 2, naming the valid ones', () => {
    const r = jars(['search', '--proxies', 'synflow,jacov', '--budget', '2', '--runs-dir', mkdtempSync(path.join(tmpdir(), 'jars-proxies-bad-'))]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--proxies must be one of all, synflow, zen, naswot, gradNorm, snip, but got "jacov"/);
  });
});

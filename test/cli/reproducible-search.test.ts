import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/run/index.js';
import { jarsBin, projectRoot } from '../support/cli.js';

/** Measured on the machine, so different in every run: recorded, never compared. */
const TIME_METRICS = new Set(['trainSeconds', 'samplesPerSecond', 'latencyMs', 'latencyIqrMs']);

function run(args: readonly string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [jarsBin, ...args], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

/** What must repeat from the seed: every proposal, and every evaluation's metrics but the timed ones. */
function reproducible(journal: string): unknown[] {
  return readFileSync(journal, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as RunEvent)
    .flatMap((e): unknown[] => {
      if (e.type === 'candidates-proposed') return [{ proposed: e.ids, keys: e.keys }];
      if (e.type === 'candidate-evaluated') {
        const metrics = Object.entries(e.evaluation.metrics).filter(([k]) => !TIME_METRICS.has(k));
        return [{ evaluated: e.id, key: e.key, failure: e.evaluation.failure, metrics: Object.fromEntries(metrics) }];
      }
      return [];
    });
}

describe('the default trainer search is reproducible from its seed', () => {
  it('two seed-0 searches with the default objectives propose and measure the same candidates', async () => {
    const runs = mkdtempSync(path.join(tmpdir(), 'jars-repro-'));
    // fbnetv3's predictor starts choosing after its first round of 10; 12 evaluations reach it.
    const args = (name: string) => ['search', '--dataset', 'sklearn-digits', '--space', 'mlp', '--budget', '12', '--seed', '0', '--runs-dir', runs, '--name', name, '--quiet'];
    const [a, b] = await Promise.all([run(args('a')), run(args('b'))]);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    const config = JSON.parse(readFileSync(path.join(runs, 'a', 'config.json'), 'utf8')) as { objectives: { metric: string }[] };
    expect(config.objectives.map((o) => o.metric).filter((m) => TIME_METRICS.has(m))).toEqual([]);
    const first = reproducible(path.join(runs, 'a', 'journal.jsonl'));
    expect(first.filter((e) => 'evaluated' in (e as object))).toHaveLength(12);
    expect(reproducible(path.join(runs, 'b', 'journal.jsonl'))).toEqual(first);
    // Time is still recorded in every evaluation.
    const evaluated = readFileSync(path.join(runs, 'a', 'journal.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"candidate-evaluated"'));
    expect(evaluated.every((l) => (JSON.parse(l) as { evaluation: { metrics: Record<string, number> } }).evaluation.metrics.trainSeconds! > 0)).toBe(true);
  }, 120_000);
});

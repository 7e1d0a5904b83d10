import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jars, jarsBin, projectRoot } from '../support/cli.js';

const torchPython = ['python3', '/usr/bin/python3', '/usr/local/bin/python3'].find(
  (py) => spawnSync(py, ['-c', 'import torch, numpy'], { stdio: 'ignore', timeout: 60_000 }).status === 0,
);
const fake = `node ${path.join('test', 'fixtures', 'trainers', 'fake-trainer.mjs')}`;
const tmp = () => mkdtempSync(path.join(tmpdir(), 'jars-command-cli-'));

interface Evaluated {
  id: number;
  key: string;
  evaluation: { metrics: Record<string, number>; failure?: string; info?: Record<string, unknown> };
}
function evaluated(runDir: string): Evaluated[] {
  return readFileSync(path.join(runDir, 'journal.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"candidate-evaluated"'))
    .map((l) => JSON.parse(l) as Evaluated);
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat); // a zombie is dead (nobody reaped it in this container)
  } catch {
    return false;
  }
}

describe.skipIf(!torchPython)('jars search --command with the reference PyTorch trainer (CPU)', () => {
  it('searches 4 candidates on sklearn-digits, and an exported recipe retrains to its recorded accuracy', () => {
    const dir = tmp();
    const command = `${torchPython} trainers/pytorch/train.py`;
    // Short schedules keep the test quick; the whole recipe is still searched.
    const config = path.join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ version: 1, evaluator: { kind: 'command', command, dataset: 'sklearn-digits', space: 'mlp', epochs: [3] }, strategy: 'random', objectives: [{ metric: 'validAcc', direction: 'max' }], budget: { queries: 4 }, seed: 2 }));
    const r = jars(['search', '--config', config, '--runs-dir', dir, '--name', 'p', '--no-tui'], { env: { JARS_TORCH_DEVICE: 'cpu' } });
    expect(r.status, r.stderr).toBe(0);
    const evals = evaluated(path.join(dir, 'p'));
    expect(evals).toHaveLength(4);
    for (const e of evals) {
      expect(e.evaluation.failure).toBeUndefined();
      expect(e.evaluation.metrics.validAcc).toBeGreaterThan(0.05);
      expect(e.evaluation.metrics.validAcc).toBeLessThanOrEqual(1);
      expect(e.evaluation.metrics.flopsM).toBeGreaterThan(0); // from the space
    }
    const best = Math.max(...evals.map((e) => e.evaluation.metrics.validAcc as number));
    expect(best).toBeGreaterThan(0.5);

    expect(jars(['export', path.join(dir, 'p'), '--pick', 'best', '--out-dir', dir]).status).toBe(0);
    const retrained = jars(['train', '--command', command, '--recipe', path.join(dir, 'p-best-validAcc.recipe.json'), '--json', '--runs-dir', dir], { env: { JARS_TORCH_DEVICE: 'cpu' } });
    expect(retrained.status, retrained.stderr).toBe(0);
    expect((JSON.parse(retrained.stdout) as { metrics: { validAcc: number } }).metrics.validAcc).toBeCloseTo(best, 9);
  }, 180_000);

  it('trains a good recipe to at least 0.9 validation accuracy', () => {
    const r = jars(
      ['train', '--command', `${torchPython} trainers/pytorch/train.py`, '--arch', 'mlp:128', '--dataset', 'sklearn-digits', '--recipe', '{"optimizer":"adam","lr":0.003,"epochs":10,"batchSize":32}', '--json', '--runs-dir', tmp()],
      { env: { JARS_TORCH_DEVICE: 'cpu' } },
    );
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { metrics: { validAcc: number } }).metrics.validAcc).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});

describe('jars search --command: failures, timeouts and kills', () => {
  it('records a hanging trainer as failed at the timeout and one exiting 3 with its log tail; the run goes on', () => {
    const dir = tmp();
    const base = ['search', '--command', fake, '--dataset', 'sklearn-digits', '--space', 'mlp', '--strategy', 'random', '--budget', '2', '--runs-dir', dir, '--no-tui'];
    const hang = jars([...base, '--name', 'hang', '--trial-timeout', '1'], { env: { FAKE_MODE: 'hang' } });
    expect(hang.status, hang.stderr).toBe(0);
    const hung = evaluated(path.join(dir, 'hang'));
    expect(hung).toHaveLength(2);
    for (const e of hung) expect(e.evaluation.failure).toMatch(/timed out after 1 s[\s\S]*trainer\.log ends with/);
    const exit3 = jars([...base, '--name', 'exit3'], { env: { FAKE_MODE: 'exit3' } });
    expect(exit3.status, exit3.stderr).toBe(0);
    for (const e of evaluated(path.join(dir, 'exit3'))) expect(e.evaluation.failure).toMatch(/exited with code 3[\s\S]*trainer\.log ends with/);
  }, 60_000);

  it('after a SIGKILL of jars mid-trial: no trainer left running, and resume loses and repeats nothing', async () => {
    const dir = tmp();
    const args = ['--command', fake, '--dataset', 'sklearn-digits', '--space', 'mlp', '--strategy', 'random', '--budget', '4', '--seed', '4', '--workers', '2', '--runs-dir', dir, '--no-tui'];
    const env = { ...process.env, FAKE_EPOCH_MS: '150' };
    const reference = jars(['search', ...args, '--name', 'ref'], { env: { FAKE_EPOCH_MS: '0' } });
    expect(reference.status, reference.stderr).toBe(0);

    const child = spawn(process.execPath, [jarsBin, 'search', ...args, '--name', 'killed'], { cwd: projectRoot, env, stdio: 'ignore' });
    const trials = path.join(dir, 'killed', 'trials');
    const started = Date.now();
    // Wait until two trials run, then kill jars outright.
    while (Date.now() - started < 60_000) {
      const running = existsSync(trials) ? readdirSync(trials).filter((t) => existsSync(path.join(trials, t, 'seen.json'))) : [];
      if (running.length >= 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const pids = readdirSync(trials).map((t) => (JSON.parse(readFileSync(path.join(trials, t, 'seen.json'), 'utf8')) as { pid: number }).pid);
    expect(pids.length).toBeGreaterThanOrEqual(2);
    const deadline = Date.now() + 5000;
    while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(pids.filter(alive)).toEqual([]);

    const resumed = jars(['resume', path.join(dir, 'killed'), '--no-tui'], { env: { FAKE_EPOCH_MS: '0' } });
    expect(resumed.status, resumed.stderr).toBe(0);
    const got = evaluated(path.join(dir, 'killed'));
    expect(new Set(got.map((e) => e.id)).size).toBe(got.length);
    const summary = (list: Evaluated[]) => list.map((e) => `${e.id} ${e.key} ${e.evaluation.metrics.validAcc}`).sort();
    expect(summary(got)).toEqual(summary(evaluated(path.join(dir, 'ref'))));
  }, 120_000);
});

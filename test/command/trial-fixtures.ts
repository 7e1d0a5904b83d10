import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCommandEvaluator } from '../../src/command/index.js';
import type { CommandEvaluatorOptions } from '../../src/command/index.js';

export const TRAINERS = path.resolve('test/fixtures/trainers');
export const FAKE_TRAINER = `node ${path.join(TRAINERS, 'fake-trainer.mjs')}`;
export const LONG_TRIAL = `sh ${path.join(TRAINERS, 'long-trial.sh')}`;

/** An MLP candidate as jars' trainer takes it (arch already a spec). */
export const mlpCandidate = { arch: { kind: 'mlp', hidden: [32] }, recipe: { epochs: 4, lr: 0.003 } };

/** The fake trainer's accuracy after `epoch` epochs (see fake-trainer.mjs). */
export function fakeAccuracy(lr: number, fullEpochs: number, width: number, epoch: number): number {
  const lrFit = Math.exp(-((Math.log10(lr) + 2.5) ** 2));
  return Number((0.5 + 0.3 * lrFit * (epoch / fullEpochs) + 0.1 * Math.min(1, width / 512)).toFixed(6));
}

/** A scratch folder with a 40-row, 3-class CSV dataset; `remove()` deletes it. */
export function scratch(): { root: string; runDir: string; dataset: string; remove: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'jars-command-'));
  const dataset = path.join(root, 'tiny.csv');
  const rows = ['a,b,c,label'];
  for (let i = 0; i < 40; i++) rows.push(`${(i * 7) % 11},${(i * 3) % 5},${i % 2},${i % 3}`);
  writeFileSync(dataset, `${rows.join('\n')}\n`);
  return { root, runDir: path.join(root, 'run'), dataset, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export interface FakeOptions extends Partial<CommandEvaluatorOptions> {
  readonly mode?: string;
  readonly epochMs?: number;
}

/** A command evaluator running the fake trainer in a scratch run. */
export function fakeEvaluator(where: { root: string; runDir: string; dataset: string }, options: FakeOptions = {}) {
  const { mode, epochMs, env, ...rest } = options;
  return createCommandEvaluator({
    command: FAKE_TRAINER,
    workdir: where.root,
    runDir: where.runDir,
    runId: 'test-run',
    spaceName: 'mlp',
    data: { dataset: where.dataset, split: { validation: 0.25 }, splitSeed: 3 },
    requiredMetrics: ['validAcc'],
    env: { FAKE_MODE: mode ?? 'ok', FAKE_EPOCH_MS: String(epochMs ?? 0), ...env },
    ...rest,
  });
}

export async function waitFor<T>(probe: () => T | undefined, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Whether `pid` runs (Linux /proc; a zombie counts as ended). */
export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
}

/** The process group of `pid` (Linux /proc). */
export function processGroupOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

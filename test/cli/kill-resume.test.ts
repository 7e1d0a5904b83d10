import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../src/run/index.js';
import type { RunEvent } from '../../src/run/index.js';
import { jars, jarsBin, projectRoot } from '../support/cli.js';

type Evaluated = Extract<RunEvent, { type: 'candidate-evaluated' }>;
const evaluated = (file: string): Evaluated[] =>
  readJournal(file).events.filter((e): e is Evaluated => e.type === 'candidate-evaluated');

/** Starts `jars`; resolves with the process and its exit code once its journal holds `after` evaluations. */
async function startUntil(args: string[], journal: string, after: number) {
  const child = spawn(process.execPath, [jarsBin, ...args], { cwd: projectRoot, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (;;) {
    await new Promise((r) => setTimeout(r, 25));
    let n = 0;
    try {
      n = evaluated(journal).length;
    } catch {
      n = 0;
    }
    if (n >= after) break;
    if (child.exitCode !== null) throw new Error(`jars exited (${child.exitCode}) before ${after} evaluations`);
  }
  return { child, exited };
}

/** Starts `jars` and SIGKILLs it once its journal holds `after` evaluations. */
async function killAfter(args: string[], journal: string, after: number): Promise<void> {
  const { child, exited } = await startUntil(args, journal, after);
  child.kill('SIGKILL');
  await exited;
}

describe('SIGKILL and resume (real processes, benchmark evaluator in simulated time)', () => {
  it('loses and repeats no evaluation and ends where an uninterrupted run ends', async () => {
    const runs = mkdtempSync(path.join(tmpdir(), 'jars-kill-'));
    const common = ['--benchmark', 'nb201-cifar10', '--strategy', 'rea', '--budget', '40', '--seed', '7', '--runs-dir', runs, '--no-tui'];
    const journal = path.join(runs, 'killed', 'journal.jsonl');
    await killAfter(['search', ...common, '--simulate-seconds', '0.04', '--name', 'killed'], journal, 5);
    await killAfter(['resume', path.join(runs, 'killed')], journal, 17);
    await killAfter(['resume', path.join(runs, 'killed')], journal, 29);
    const final = jars(['resume', path.join(runs, 'killed')]);
    expect(final.status).toBe(0);

    const ids = evaluated(journal).map((e) => e.id);
    expect(ids.length).toBe(40);
    expect(new Set(ids).size).toBe(40);
    expect(ids.slice().sort((a, b) => a - b)).toEqual([...Array(40).keys()]);

    const straight = jars(['search', ...common, '--name', 'straight']);
    expect(straight.status).toBe(0);
    const keysOf = (file: string) => new Map(evaluated(file).map((e) => [e.id, e.key]));
    expect([...keysOf(journal)].sort((a, b) => a[0] - b[0])).toEqual([...keysOf(path.join(runs, 'straight', 'journal.jsonl'))].sort((a, b) => a[0] - b[0]));
    // the config stays frozen across resumes
    expect(JSON.parse(readFileSync(path.join(runs, 'killed', 'config.json'), 'utf8')).seed).toBe(7);
  });
});

describe('stopping a run with a signal', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s journals the stop and exits with %i', async (signal, code) => {
    const runs = mkdtempSync(path.join(tmpdir(), 'jars-signal-'));
    const journal = path.join(runs, 'r', 'journal.jsonl');
    const args = ['search', '--benchmark', 'nb201-cifar10', '--strategy', 'random', '--budget', '500', '--simulate-seconds', '0.05', '--runs-dir', runs, '--name', 'r', '--no-tui'];
    const { child, exited } = await startUntil(args, journal, 3);
    child.kill(signal);
    expect(await exited).toBe(code);
    const events = readJournal(journal).events;
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', reason: 'stopped' });
  });
});

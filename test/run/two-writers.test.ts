import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JarsError } from '../../src/core/index.js';
import { JsonlRunJournal, RunConflictError, RunDirectory, RunLock, currentProcess, readJournal, readLockFile } from '../../src/run/index.js';
import type { NewRunEvent, RunEvent } from '../../src/run/index.js';
import { jars, jarsBin, projectRoot } from '../support/cli.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'jars-writers-'));
const evaluated = (id: number): NewRunEvent => ({ type: 'candidate-evaluated', id, key: `k${id}`, evaluation: { metrics: { validAcc: 90 + id }, cost: 1, seconds: 0 } });
const newRun = () => RunDirectory.create(path.join(tmp(), 'r'), { seed: 1 });
const refusal = async (p: Promise<unknown>) => {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RunConflictError);
  expect((error as JarsError).message).not.toContain('\n');
  return (error as JarsError).message;
};

/** The pid of a process that has exited (nothing else should get it this soon). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('the run lock', () => {
  it('is taken by exclusive create and records host, pid and start time', () => {
    const run = newRun();
    const lock = run.lock();
    const holder = readLockFile(run.file('lock'));
    expect(holder).toMatchObject({ pid: process.pid, host: hostname() });
    expect(typeof holder === 'object' && Date.parse(holder.startedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(() => run.lock()).toThrowError(/already running in process \d+ since .*; wait for it, or stop that process first/);
    lock.release();
    expect(existsSync(run.file('lock'))).toBe(false);
  });

  it('takes over a lock whose holder is dead on this host, old bare-pid locks included', () => {
    const run = newRun();
    writeFileSync(run.file('lock'), JSON.stringify({ ...currentProcess(), pid: deadPid() }));
    run.lock().release();
    writeFileSync(run.file('lock'), String(deadPid()));
    const lock = run.lock();
    expect(readLockFile(run.file('lock'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('never takes a lock from another host, and says how to remove it', () => {
    const run = newRun();
    const foreign = JSON.stringify({ pid: deadPid(), host: 'elsewhere.example', startedAt: '2026-12-01T10:00:00.000Z' });
    writeFileSync(run.file('lock'), foreign);
    expect(() => run.lock()).toThrowError(
      `this run is locked by process ${JSON.parse(foreign).pid} on host elsewhere.example since 2026-12-01T10:00:00.000Z; jars cannot tell from here whether it still runs: if it does not, remove ${run.file('lock')} and retry`,
    );
    expect(readFileSync(run.file('lock'), 'utf8')).toBe(foreign);
  });

  it('refuses a lock file that names no process rather than guessing', () => {
    const run = newRun();
    writeFileSync(run.file('lock'), '');
    expect(() => run.lock()).toThrowError(/names no process .*remove that file and retry/);
  });

  it('of two processes finding one stale lock, exactly one takes it over', () => {
    const run = newRun();
    const file = run.file('lock');
    writeFileSync(file, JSON.stringify({ ...currentProcess(), pid: deadPid() }));
    // B starts its takeover (holds the guard) when C looks.
    writeFileSync(`${file}.takeover`, JSON.stringify({ ...currentProcess(), pid: process.pid }));
    expect(() => RunLock.acquire(file, { self: { ...currentProcess(), pid: process.pid } })).toThrowError(/another process is taking over/);
    rmSync(`${file}.takeover`);
    const b = RunLock.acquire(file);
    expect(() => RunLock.acquire(file)).toThrowError(RunConflictError);
    b.release();
  });
});

describe('two writers on one run', () => {
  it('lock removed by hand: the first writer is refused at its next append, the journal replays, the second goes on', async () => {
    const run = newRun();
    const lockA = run.lock();
    const a = run.openJournal(lockA);
    // A run's journal proposes a candidate before evaluating it.
    const proposed: NewRunEvent = { type: 'candidates-proposed', requested: 2, ids: [0, 1], keys: ['k0', 'k1'], candidates: [{ arch: 0, recipe: null }, { arch: 1, recipe: null }] };
    await a.append([{ type: 'run-started', seed: 1, resumedFrom: 0 }, proposed, evaluated(0)]);

    rmSync(run.file('lock'));
    const lockB = run.lock();
    const b = run.openJournal(lockB);
    await b.append([{ type: 'run-started', seed: 1, resumedFrom: 1 }]);

    const message = await refusal(a.append([evaluated(1)]));
    expect(message).toBe(`the run's lock ${run.file('lock')} was removed or taken by another process while this one ran; stopped without writing more (the journal is intact): let the other process finish, then \`jars resume\``);
    lockA.release(); // not A's any more: B's lock stays
    expect(lockB.holds()).toBe(true);
    await b.append([evaluated(1)]);
    await a.close();
    await b.close();
    lockB.release();
    const events = readJournal(run.file('journal.jsonl')).events;
    expect(events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(events.filter((e): e is Extract<RunEvent, { type: 'candidate-evaluated' }> => e.type === 'candidate-evaluated').map((e) => e.id)).toEqual([0, 1]);
  });

  it('delayed lock check: a writer that opened the journal before another appended refuses to interleave', async () => {
    const run = newRun();
    // B opened the journal, but checks the lock only later (as the old check-then-write did).
    const b = new JsonlRunJournal(run.file('journal.jsonl'));
    const lockA = run.lock();
    const a = run.openJournal(lockA);
    await a.append([{ type: 'run-started', seed: 1, resumedFrom: 0 }, evaluated(0)]);
    expect(() => run.lock()).toThrowError(RunConflictError);
    const message = await refusal(b.append([{ type: 'run-started', seed: 1, resumedFrom: 0 }]));
    expect(message).toMatch(/^journal .*journal\.jsonl grew from 0 to \d+ bytes under this process: another process is writing this run; stopped without writing \(the journal is intact\)$/);
    await a.append([evaluated(1)]);
    await a.close();
    lockA.release();
    expect(readJournal(run.file('journal.jsonl')).events.map((e) => e.seq)).toEqual([0, 1, 2]);
  });
});

describe('two jars processes on one run (the lock deleted under a live search)', () => {
  it('one is refused with exit 2 and one line, the other finishes, and the journal replays', async () => {
    const runs = tmp();
    const dir = path.join(runs, 'dw');
    const journal = path.join(dir, 'journal.jsonl');
    const args = ['search', '--benchmark', 'nb201-cifar10', '--strategy', 'random', '--budget', '60', '--seed', '8', '--simulate-seconds', '0.03', '--runs-dir', runs, '--name', 'dw', '--no-tui'];
    const first = spawn(process.execPath, [jarsBin, ...args], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let firstErr = '';
    first.stderr.on('data', (d) => (firstErr += String(d)));
    const firstExit = new Promise<number | null>((resolve) => first.on('exit', (code) => resolve(code)));
    for (let n = 0; n < 5; ) {
      await new Promise((r) => setTimeout(r, 50));
      if (first.exitCode !== null) throw new Error(`search ended early: ${firstErr}`);
      n = existsSync(journal) ? readJournal(journal).events.filter((e) => e.type === 'candidate-evaluated').length : 0;
    }
    rmSync(path.join(dir, 'lock'));
    const second = jars(['resume', dir, '--no-tui']);
    const firstCode = await firstExit;

    expect(firstCode).toBe(2);
    const refused = firstErr.split('\n').filter((l) => l.startsWith('jars: ') && !l.startsWith('jars: run '));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/^jars: the run's lock .* was removed or taken by another process/);
    expect(second.status).toBe(0);
    const events = readJournal(journal).events;
    const ids = events.flatMap((e) => (e.type === 'candidate-evaluated' ? [e.id] : []));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort((x, y) => x - y)).toEqual([...Array(60).keys()]);
    expect(existsSync(path.join(dir, 'lock'))).toBe(false);
  }, 60_000);
});

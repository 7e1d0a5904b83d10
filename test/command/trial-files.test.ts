import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { logTail } from '../../src/command/log-tail.js';
import { SlotPool } from '../../src/command/slot-pool.js';
import { prepareTrialFolder } from '../../src/command/trial-folder.js';

const roots: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jars-trial-files-'));
  roots.push(dir);
  return dir;
};
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

describe('prepareTrialFolder', () => {
  it('creates a first attempt, then moves leftovers into attempt-1, attempt-2, …', () => {
    const trials = tmp();
    expect(prepareTrialFolder(trials, '4')).toEqual({ dir: path.join(trials, '4'), attempt: 1 });
    expect(prepareTrialFolder(trials, '4').attempt).toBe(1); // still empty: nothing to keep
    writeFileSync(path.join(trials, '4', 'trainer.log'), 'x');
    expect(prepareTrialFolder(trials, '4').attempt).toBe(2);
    mkdirSync(path.join(trials, '4', 'ckpt'));
    expect(prepareTrialFolder(trials, '4').attempt).toBe(3);
    expect(readdirSync(path.join(trials, '4')).sort()).toEqual(['attempt-1', 'attempt-2']);
    expect(readdirSync(path.join(trials, '4', 'attempt-2'))).toEqual(['ckpt']);
  });
});

describe('logTail', () => {
  it('gives the last lines, at most ~2 KB, never a fragment first', () => {
    const file = path.join(tmp(), 'trainer.log');
    expect(logTail(file)).toBe('');
    writeFileSync(file, Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n') + '\n\n');
    expect(logTail(file).split('\n')).toEqual(Array.from({ length: 20 }, (_, i) => `line ${30 + i}`));
    writeFileSync(file, `${'a'.repeat(5000)}\n${'b'.repeat(1000)}\n${'c'.repeat(900)}\n`);
    expect(logTail(file)).toBe(`${'b'.repeat(1000)}\n${'c'.repeat(900)}`);
  });
});

describe('SlotPool', () => {
  it('hands out the lowest free slot, queues when full and drops a waiter whose signal aborts', async () => {
    const pool = new SlotPool(2);
    expect(await pool.acquire()).toBe(0);
    expect(await pool.acquire()).toBe(1);
    const controller = new AbortController();
    const abandoned = pool.acquire(controller.signal);
    const waiting = pool.acquire();
    controller.abort();
    expect(await abandoned).toBeUndefined();
    pool.release(1);
    expect(await waiting).toBe(1);
    pool.release(0);
    expect(await pool.acquire()).toBe(0);
  });
});

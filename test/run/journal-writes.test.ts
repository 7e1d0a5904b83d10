import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBenchmark } from '../../src/bench/index.js';
import { JarsError } from '../../src/core/index.js';
import { JsonlRunJournal, MemoryRunJournal, RunDirectory, readJournal, writeFileAtomic } from '../../src/run/index.js';
import type { NewRunEvent } from '../../src/run/index.js';
import { runOnBenchmark } from '../support/engine.js';
import { FaultyFileSystem } from './faulty-fs.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'jars-writes-'));
const evaluated = (id: number): NewRunEvent => ({ type: 'candidate-evaluated', id, key: `k${id}`, evaluation: { metrics: { validAcc: 90 + id }, cost: 1, seconds: 0 } });
const ioError = async (p: Promise<unknown>) => {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(JarsError);
  return error as JarsError;
};

describe('journal appends: whole lines or a clear stop', () => {
  it('continues short writes until the whole batch is on disk', async () => {
    const file = path.join(tmp(), 'journal.jsonl');
    const fs = new FaultyFileSystem({ maxChunk: 7 });
    const j = new JsonlRunJournal(file, { fs });
    await j.append([evaluated(0), evaluated(1)]);
    await j.append([evaluated(2)]);
    await j.close();
    expect(fs.writes).toBeGreaterThan(20);
    expect(readJournal(file).events.map((e) => e.seq)).toEqual([0, 1, 2]);
    expect(readFileSync(file).includes(0)).toBe(false);
  });

  it.each(['ENOSPC', 'EIO'])('on %s cuts the half-written batch back, stops with one line, and replays once space is back', async (code) => {
    const dir = tmp();
    const file = path.join(dir, 'journal.jsonl');
    const first = Buffer.byteLength(JSON.stringify({ ...evaluated(0), seq: 0, time: new Date().toISOString() }) + '\n');
    const fs = new FaultyFileSystem({ spaceBytes: first + 40, code });
    const j = new JsonlRunJournal(file, { fs });
    await j.append([evaluated(0)]);
    const before = readFileSync(file);

    const error = await ioError(j.append([evaluated(1), evaluated(2)]));
    expect(error.code).toBe('E_IO');
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain(`(${code})`);
    expect(error.message).toContain(`jars resume ${dir}`);
    expect(readFileSync(file)).toEqual(before); // the partial line is gone
    // Stopped: nothing more is written, even when space comes back meanwhile.
    fs.free();
    await expect(j.append([evaluated(3)])).rejects.toBe(error);
    expect(readFileSync(file)).toEqual(before);
    await j.close();

    const again = new JsonlRunJournal(file);
    expect(again.replay().map((e) => e.seq)).toEqual([0]);
    await again.append([evaluated(1)]);
    await again.close();
    expect(readJournal(file).events.map((e) => e.seq)).toEqual([0, 1]);
    expect(readFileSync(file).includes(0)).toBe(false);
  });

  it('a run that hits a full disk resumes, after space is freed, to the end of an uninterrupted run', async () => {
    const nb201 = createBenchmark('nb201-cifar10');
    const run = { benchmark: nb201, strategy: 'rea', queries: 12, seed: 4 };
    const straight = await runOnBenchmark({ ...run, journal: new MemoryRunJournal() });

    const file = path.join(tmp(), 'journal.jsonl');
    const full = new JsonlRunJournal(file, { fs: new FaultyFileSystem({ spaceBytes: 6000 }) });
    const error = await ioError(runOnBenchmark({ ...run, journal: full }));
    expect(error.code).toBe('E_IO');
    await full.close();
    const kept = readJournal(file);
    expect(kept.validBytes).toBe(kept.totalBytes);
    expect(kept.events.filter((e) => e.type === 'candidate-evaluated').length).toBeLessThan(12);

    const resumed = await runOnBenchmark({ ...run, journal: new JsonlRunJournal(file) });
    expect(resumed.result.reason).toBe('budget');
    const keys = (events: ReturnType<typeof readJournal>['events']) =>
      events.flatMap((e) => (e.type === 'candidate-evaluated' ? [[e.id, e.key] as const] : [])).sort((a, b) => a[0] - b[0]);
    expect(keys(readJournal(file).events)).toEqual(keys(straight.journal.replay()));
  });
});

describe('config.json and other whole files', () => {
  it('a start that fails for want of space leaves no config.json and no temp file, and the name stays free', () => {
    const dir = path.join(tmp(), 'run');
    const fs = new FaultyFileSystem({ spaceBytes: 10 });
    expect(() => RunDirectory.create(dir, { seed: 1, note: 'x'.repeat(100) }, { fs })).toThrowError(/cannot write .*config\.json.*: no space left on device \(ENOSPC\)$/);
    expect(readdirSync(dir)).toEqual([]);
    RunDirectory.create(dir, { seed: 2 });
    expect(RunDirectory.open(dir).config).toEqual({ seed: 2 });
  });

  it('takes over the empty config.json an older failed start left, but never a run with a journal', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'config.json'), '');
    RunDirectory.create(dir, { seed: 3 });
    expect(RunDirectory.open(dir).config).toEqual({ seed: 3 });

    const other = tmp();
    writeFileSync(path.join(other, 'config.json'), '');
    writeFileSync(path.join(other, 'journal.jsonl'), '');
    expect(() => RunDirectory.create(other, { seed: 4 })).toThrowError(/already holds a run/);
  });

  it('reads a config.json that starts with a UTF-8 byte-order mark', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'config.json'), '\uFEFF{"seed": 5}\n');
    expect(RunDirectory.open(dir).config).toEqual({ seed: 5 });
  });

  it('writeFileAtomic (reports, exports) removes its temp file when the write fails', () => {
    const dir = tmp();
    const target = path.join(dir, 'report.md');
    writeFileSync(target, 'old report\n');
    const fs = new FaultyFileSystem({ spaceBytes: 5, code: 'ENOSPC' });
    expect(() => writeFileAtomic(target, 'a new report that does not fit', { fs })).toThrowError(/^cannot write .*report\.md: no space left on device \(ENOSPC\)$/);
    expect(readdirSync(dir)).toEqual(['report.md']);
    expect(readFileSync(target, 'utf8')).toBe('old report\n');
  });

  it('makes run folders without spinning on a parent that refuses entries (/proc/self)', () => {
    const started = Date.now();
    expect(() => RunDirectory.create('/proc/self/jars-run', {})).toThrowError(/cannot create the folder \/proc\/self\/jars-run/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

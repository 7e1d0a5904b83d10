import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/core/index.js';
import { JsonlRunJournal, RunDirectory, readJournal } from '../../src/run/index.js';
import { jars } from '../support/cli.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'jars-links-'));

/** A folder outside the run with a file a planted link points at; `unchanged()` checks it. */
function outside() {
  const dir = tmp();
  const file = path.join(dir, 'important.txt');
  writeFileSync(file, 'precious\n');
  return { file, unchanged: () => expect([readdirSync(dir), readFileSync(file, 'utf8')]).toEqual([['important.txt'], 'precious\n']) };
}

function benchmarkRun(): RunDirectory {
  return RunDirectory.create(path.join(tmp(), 'r'), {
    version: 1,
    evaluator: { kind: 'benchmark', benchmark: 'nb201-cifar10' },
    strategy: 'random',
    objectives: [{ metric: 'validAcc', direction: 'max' }],
    budget: { queries: 3 },
    seed: 0,
  });
}

describe('symbolic links planted in a run folder are never followed', () => {
  it('lock: taking the lock refuses the link and leaves its target alone', () => {
    const target = outside();
    const run = benchmarkRun();
    symlinkSync(target.file, run.file('lock'));
    expect(() => run.lock()).toThrowError(InvalidInputError);
    expect(() => run.lock()).toThrowError(`${run.file('lock')} is a symbolic link; jars does not follow links inside a run folder (remove it, or copy the file it points to in its place)`);
    target.unchanged();
  });

  it('lock: a dangling link is refused too (it would create the file it names)', () => {
    const dir = tmp();
    const run = benchmarkRun();
    symlinkSync(path.join(dir, 'created-by-jars'), run.file('lock'));
    expect(() => run.lock()).toThrowError(/is a symbolic link/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('journal.jsonl: neither the writer nor readers open it through a link', () => {
    const target = outside();
    const run = benchmarkRun();
    symlinkSync(target.file, run.file('journal.jsonl'));
    expect(() => new JsonlRunJournal(run.file('journal.jsonl'))).toThrowError(/journal\.jsonl is a symbolic link/);
    expect(() => readJournal(run.file('journal.jsonl'))).toThrowError(/journal\.jsonl is a symbolic link/);
    target.unchanged();
  });

  it('config.json: a run whose config is a link does not open, and create never writes through one', () => {
    const target = outside();
    const dir = path.join(tmp(), 'r');
    RunDirectory.create(dir, { seed: 1 });
    const linked = path.join(tmp(), 'linked');
    RunDirectory.create(linked, { seed: 1 });
    rmSync(path.join(linked, 'config.json'));
    symlinkSync(target.file, path.join(linked, 'config.json'));
    expect(() => RunDirectory.open(linked)).toThrowError(/config\.json is a symbolic link/);
    expect(() => RunDirectory.create(linked, { seed: 2 })).toThrowError(/already holds a run/);
    const dangling = path.join(tmp(), 'dangling');
    const nowhere = path.join(tmp(), 'nowhere.json');
    mkdirSync(dangling);
    symlinkSync(nowhere, path.join(dangling, 'config.json'));
    expect(() => RunDirectory.create(dangling, { seed: 3 })).toThrowError(/already holds a run/);
    expect(() => readFileSync(nowhere)).toThrowError(/ENOENT/);
    target.unchanged();
  });

  it('jars resume with planted links: one line, exit 2, nothing outside changes', () => {
    const target = outside();
    const run = benchmarkRun();
    const refusal = (file: string) => `jars: ${run.file(file)} is a symbolic link; jars does not follow links inside a run folder (remove it, or copy the file it points to in its place)`;
    symlinkSync(target.file, run.file('lock'));
    symlinkSync(target.file, run.file('journal.jsonl'));
    const r = jars(['resume', run.dir, '--no-tui']);
    expect([r.status, r.stderr.trim()]).toEqual([2, refusal('journal.jsonl')]);
    rmSync(run.file('journal.jsonl'));
    const again = jars(['resume', run.dir, '--no-tui']);
    expect(again.status).toBe(2);
    expect(again.stderr.trim().split('\n').at(-1)).toBe(refusal('lock'));
    rmSync(run.file('config.json'));
    symlinkSync(target.file, run.file('config.json'));
    const third = jars(['resume', run.dir, '--no-tui']);
    expect([third.status, third.stderr.trim()]).toEqual([2, refusal('config.json')]);
    target.unchanged();
  });
});

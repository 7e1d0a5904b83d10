import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../src/run/index.js';
import { jars, jarsBin, projectRoot } from '../support/cli.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'jars-robust-'));
const bench = ['search', '--benchmark', 'nb201-cifar10', '--strategy', 'random', '--no-tui'];
const lastLine = (r: { stderr: string }) => r.stderr.trim().split('\n').at(-1);

describe('bounds on flags and config values', () => {
  it('reads --budget in decimal only', () => {
    const r = jars([...bench, '--budget', '0x10', '--runs-dir', tmp()]);
    expect([r.status, lastLine(r)]).toEqual([2, 'jars: --budget must be a positive integer, but got "0x10"']);
  });

  it('refuses absurd worker counts and simulated times before anything starts', () => {
    const runs = tmp();
    const workers = jars([...bench, '--budget', '3', '--workers', '1000000000', '--runs-dir', runs]);
    expect([workers.status, lastLine(workers)]).toEqual([2, 'jars: config.workers: Too big: expected number to be <=256, but got 1000000000']);
    const slow = jars([...bench, '--budget', '3', '--simulate-seconds', '1e300', '--runs-dir', runs]);
    expect([slow.status, lastLine(slow)]).toEqual([2, 'jars: config.evaluator.simulateSeconds: Too big: expected number to be <=86400, but got 1e+300']);
  });

  it('warns when trainer workers outnumber the cores, and gives up at once on a runs folder that takes no entries', () => {
    const r = jars(['search', '--dataset', 'sklearn-digits', '--space', 'mlp', '--budget', '1', '--workers', String(cpus().length + 1), '--runs-dir', '/proc/self', '--name', 'x', '--no-tui'], { timeoutMs: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`jars: warning: ${cpus().length + 1} workers on ${cpus().length} cores`);
    expect(lastLine(r)).toBe('jars: cannot create the folder /proc/self/x: its parent exists but refuses new entries (ENOENT)');
  });

  it('accepts a config file that starts with a UTF-8 byte-order mark', () => {
    const dir = tmp();
    const file = path.join(dir, 'run.json');
    writeFileSync(file, '\uFEFF' + JSON.stringify({ version: 1, evaluator: { kind: 'benchmark', benchmark: 'nb201-cifar10' }, strategy: 'random', objectives: [{ metric: 'validAcc', direction: 'max' }], budget: { queries: 2 }, seed: 1 }));
    const r = jars(['search', '--config', file, '--runs-dir', dir, '--name', 'bom', '--no-tui']);
    expect(r.status).toBe(0);
    expect(readJournal(path.join(dir, 'bom', 'journal.jsonl')).events.filter((e) => e.type === 'candidate-evaluated')).toHaveLength(2);
  });
});

describe('a full disk', () => {
  it('ends a command with one line, not a stack trace (/dev/full is always full)', () => {
    const r = jars(['schema', '--out', '/dev/full']);
    expect([r.status, r.stderr]).toEqual([1, 'jars: ENOSPC: no space left on device, write\n']);
  });
});

describe('jars ls with a broken run', () => {
  it('lists the broken run as broken and the others as usual', () => {
    const runs = tmp();
    expect(jars([...bench, '--budget', '2', '--runs-dir', runs, '--name', 'good']).status).toBe(0);
    mkdirSync(path.join(runs, 'bad'));
    writeFileSync(path.join(runs, 'bad', 'config.json'), '{"version": 1, "workers": 1e9');
    mkdirSync(path.join(runs, 'torn'));
    copyFileSync(path.join(runs, 'good', 'config.json'), path.join(runs, 'torn', 'config.json'));
    writeFileSync(path.join(runs, 'torn', 'journal.jsonl'), 'not json\n{}\n');
    const r = jars(['ls', '--runs-dir', runs]);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows.find((l) => l.startsWith('good'))).toMatch(/finished \(budget\)\s+random\s+nb201-cifar10\s+2/);
    expect(rows.find((l) => l.startsWith('bad'))).toMatch(/broken: .*config\.json is not valid JSON/);
    expect(rows.find((l) => l.startsWith('torn'))).toMatch(/broken: journal .* line 1 is corrupt/);
  });
});

describe('stopping a run with SIGHUP or SIGQUIT', () => {
  it.each([
    ['SIGHUP', 129],
    ['SIGQUIT', 131],
  ] as const)('%s journals the stop, releases the lock and exits with %i', async (signal, code) => {
    const runs = tmp();
    const journal = path.join(runs, 'r', 'journal.jsonl');
    const child = spawn(process.execPath, [jarsBin, ...bench, '--budget', '500', '--simulate-seconds', '0.05', '--runs-dir', runs, '--name', 'r'], { cwd: projectRoot, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    while (!(existsSync(journal) && readJournal(journal).events.some((e) => e.type === 'candidate-evaluated'))) {
      if (child.exitCode !== null) throw new Error('jars ended early');
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill(signal);
    expect(await exited).toBe(code);
    expect(readJournal(journal).events.at(-1)).toMatchObject({ type: 'run-finished', reason: 'stopped' });
    expect(existsSync(path.join(runs, 'r', 'lock'))).toBe(false);
  });
});

describe('data too small for the split', () => {
  it('refuses a 2-row CSV before the run starts: one line naming the file, its rows and the rows needed', () => {
    const dir = tmp();
    const csv = path.join(dir, 'tiny.csv');
    writeFileSync(csv, 'a,b,label\n1,2,0\n3,4,1\n');
    const runs = path.join(dir, 'runs');
    const r = jars(['search', '--dataset', csv, '--space', 'mlp', '--budget', '2', '--runs-dir', runs, '--name', 'tiny', '--no-tui'], { timeoutMs: 60_000 });
    expect([r.status, r.stderr]).toEqual([
      2,
      `jars: dataset ${csv} has 2 data rows, but its split (validation 20%) needs at least 3: one or more for training and for validation (2 give train=2, validation=0, test=0)\n`,
    ]);
    expect(existsSync(runs)).toBe(false);
  });
});

import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../src/run/index.js';
import { jars, jarsBin, projectRoot } from '../support/cli.js';
import { nb201Dir } from '../support/data.js';

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

describe('a data error after the run started', () => {
  const lastEvent = (journal: string) => readJournal(journal).events.at(-1);

  it('journals run-finished (failed) with the message, exits non-zero, and jars status says so (a table missing rows)', () => {
    const dir = tmp();
    const table = path.join(dir, 'nb201_small.csv');
    // Five rows of the 15,625: the first query asks for a missing one.
    writeFileSync(table, readFileSync(path.join(nb201Dir, 'nb201_cifar10.csv'), 'utf8').split('\n').slice(0, 6).join('\n') + '\n');
    const runs = path.join(dir, 'runs');
    const journal = path.join(runs, 'r', 'journal.jsonl');
    const args = ['--runs-dir', runs, '--no-tui'];
    const r = jars(['search', '--benchmark', 'nb201-small', '--table', table, '--strategy', 'random', '--budget', '20', '--name', 'r', ...args]);
    expect(r.status).toBe(2);
    expect(lastLine(r)).toMatch(/^jars: nb201-small: no table row for \|/);
    const message = (lastLine(r) as string).slice('jars: '.length);
    expect(lastEvent(journal)).toMatchObject({ type: 'run-finished', reason: 'failed', message });
    const status = jars(['status', 'r', '--runs-dir', runs]);
    expect(status.stdout.split('\n').slice(0, 2)).toEqual(['run r: failed (fix the cause, then jars resume to continue)', `error: ${message}`]);
    // The journal replays: a resume meets the same error and journals it again.
    const again = jars(['resume', 'r', ...args]);
    expect([again.status, lastLine(again)]).toEqual([2, `jars: ${message}`]);
    expect(readJournal(journal).events.filter((e) => e.type === 'run-finished').map((e) => e.type === 'run-finished' && e.reason)).toEqual(['failed', 'failed']);
  });

  it('stops a trainer run whose data no longer fits its split with one line and run-finished (failed), no worker stack traces', () => {
    const dir = tmp();
    const csv = path.join(dir, 'tiny.csv');
    writeFileSync(csv, 'a,b,label\n1,2,0\n3,4,1\n');
    // A run frozen from data that has since shrunk: its workers meet the error, not jars search.
    const runs = path.join(dir, 'runs');
    mkdirSync(path.join(runs, 'r'), { recursive: true });
    const evaluator = { kind: 'trainer', dataset: csv, space: 'mlp', dataShape: { sampleShape: [2], classes: 2 } };
    writeFileSync(path.join(runs, 'r', 'config.json'), JSON.stringify({ version: 1, evaluator, strategy: 'random', objectives: [{ metric: 'validAcc', direction: 'max' }], budget: { queries: 2 }, seed: 0, workers: 1 }));
    const r = jars(['resume', 'r', '--runs-dir', runs, '--no-tui'], { timeoutMs: 60_000 });
    const message = 'split of tiny needs at least one training and one validation sample, but 2 samples give train=2, validation=0, test=0';
    expect([r.status, lastLine(r)]).toEqual([2, `jars: ${message}`]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(lastEvent(path.join(runs, 'r', 'journal.jsonl'))).toMatchObject({ type: 'run-finished', reason: 'failed', message });
  });
});

describe('a benchmark table with no numbers in its objective column', () => {
  it('is refused when it loads, before the run starts (it used to run to exit 0)', () => {
    const dir = tmp();
    const table = path.join(dir, 'nb201_nan.csv');
    const [header, ...rows] = readFileSync(path.join(nb201Dir, 'nb201_cifar10.csv'), 'utf8').trim().split(/\r?\n/) as [string, ...string[]];
    const at = header.split(',').indexOf('c10valid_valid_acc_200');
    writeFileSync(table, [header, ...rows.map((r) => r.split(',').map((c, i) => (i === at ? 'nan' : c)).join(','))].join('\n') + '\n');
    const runs = path.join(dir, 'runs');
    const r = jars(['search', '--benchmark', 'nb201-nan', '--table', table, '--strategy', 'random', '--budget', '5', '--runs-dir', runs, '--no-tui']);
    expect([r.status, lastLine(r)]).toEqual([
      2,
      `jars: benchmark table ${table}: column "c10valid_valid_acc_200" has no finite number in 15625 rows (all empty, NaN or text), but the 200-epoch validation accuracies (the objective) must be numbers`,
    ]);
    expect(existsSync(runs)).toBe(false);
  });
});

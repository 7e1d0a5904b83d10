import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { jarsBin } from '../support/cli.js';
import { dataDir } from '../support/data.js';

/**
 * Seeded bad input against the real CLI (issue #15 item 13): bad flag values, bad config fields,
 * corrupt journals, folders where files belong, truncated or oversized tables. Every one must end
 * in a one-line error and exit code 2: never a stack trace, never "internal error", and the run
 * folders it was given stay as they were. FUZZ_SEED=<n> draws another set of generated cases.
 */

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  /** Files that must be unchanged afterwards (nothing already written is touched). */
  readonly untouched?: readonly string[];
}

interface Outcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const SEED = process.env.FUZZ_SEED ?? 'issue-15';

function runJars(args: readonly string[], cwd: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [jarsBin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, JARS_DATA_DIR: dataDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** What is wrong with an outcome of bad input, or undefined when it is the one-line refusal with exit 2. */
function problem(outcome: Outcome): string | undefined {
  const all = outcome.stdout + outcome.stderr;
  if (/^\s+at /m.test(all)) return 'a stack trace';
  if (/internal error/i.test(all)) return '"internal error"';
  if (outcome.status !== 2) return `exit code ${outcome.status}`;
  const lines = outcome.stderr.trim().split('\n');
  if (lines.length !== 1 || !/^(jars|error): /.test(lines[0]!)) return 'not a one-line error';
  return undefined;
}

describe(`the CLI refuses bad input in one line with exit 2 (fuzz seed ${SEED})`, () => {
  let dir: string;
  let good: string;
  const cases: Case[] = [];

  /** A copy of the finished run `good` under a new name, its journal lines passed through `edit`. */
  const mutatedRun = (name: string, edit: (lines: string[]) => string[]): string => {
    const target = path.join(dir, 'runs', name);
    cpSync(good, target, { recursive: true });
    const lines = readFileSync(path.join(good, 'journal.jsonl'), 'utf8').trim().split('\n');
    writeFileSync(path.join(target, 'journal.jsonl'), edit(lines).join('\n') + '\n');
    return target;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jars-fuzz-'));
    const made = await runJars(['search', '--benchmark', 'fcnet-naval', '--strategy', 'rea', '--budget', '4', '--seed', '1', '--runs-dir', 'runs', '--name', 'good', '--quiet'], dir);
    expect(made.status, made.stderr).toBe(0);
    good = path.join(dir, 'runs', 'good');
    const rng = new Rng(SEED);
    const file = (name: string, content: string | Buffer) => {
      writeFileSync(path.join(dir, name), content);
      return name;
    };
    const folder = (name: string) => {
      mkdirSync(path.join(dir, name), { recursive: true });
      return name;
    };
    const journalOf = (run: string) => path.join(run, 'journal.jsonl');

    // --- The cases. ---
    const journalDir = path.join(dir, 'runs', 'journal-dir');
    cpSync(good, journalDir, { recursive: true });
    const journalFile = journalOf(journalDir);
    rmSync(journalFile);
    mkdirSync(journalFile);
    cases.push({ name: 'journal.jsonl is a folder (status)', args: ['status', journalDir] });
    cases.push({ name: 'journal.jsonl is a folder (resume)', args: ['resume', journalDir, '--no-tui'] });
    const configDir = path.join(dir, 'runs', 'config-dir');
    cpSync(good, configDir, { recursive: true });
    rmSync(path.join(configDir, 'config.json'));
    mkdirSync(path.join(configDir, 'config.json'));
    cases.push({ name: 'config.json is a folder', args: ['status', configDir], untouched: [journalOf(configDir)] });

    folder('table-dir');
    cases.push({ name: '--table is a folder (search)', args: ['search', '--benchmark', 'fcnet-naval', '--table', 'table-dir', '--budget', '2', '--runs-dir', 'runs'] });
    cases.push({ name: '--table is a folder (bench)', args: ['bench', '--benchmark', 'nb201-cifar10', '--table', 'table-dir', '--budget', '5', '--seeds', '1'] });
    const fcnet = readFileSync(path.join(dataDir, 'fcnet', 'fcnet_naval_propulsion.csv.gz'));
    file('fcnet-cut.csv.gz', fcnet.subarray(0, Math.floor(fcnet.length * rng.uniform(0.05, 0.9))));
    cases.push({ name: 'truncated .csv.gz table (FCNet layout)', args: ['search', '--benchmark', 'fcnet-naval', '--table', 'fcnet-cut.csv.gz', '--budget', '2', '--runs-dir', 'runs'] });
    const nb201Head = readFileSync(path.join(dataDir, 'nb201', 'nb201_cifar10.csv'), 'utf8').split('\n').slice(0, 400).join('\n');
    const nb201Gz = gzipSync(nb201Head);
    file('nb201-cut.csv.gz', nb201Gz.subarray(0, Math.floor(nb201Gz.length * rng.uniform(0.2, 0.9))));
    cases.push({ name: 'truncated .csv.gz table (NB201 layout)', args: ['bench', '--benchmark', 'nb201-cifar10', '--table', 'nb201-cut.csv.gz', '--budget', '5', '--seeds', '1'] });
    // A 1,000,000-column header: refused before any training backend sees it.
    const width = 1_000_000;
    const header = Array.from({ length: width }, (_, i) => `c${i}`).join(',');
    // Well-formed otherwise (every row as wide), so only the width can refuse it.
    file('wide.csv', `${header}\n${'0,'.repeat(width - 1)}1\n${'1,'.repeat(width - 1)}0\n`);
    cases.push({ name: 'CSV with a 1,000,000-column header', args: ['search', '--dataset', 'wide.csv', '--space', 'mlp', '--budget', '1', '--runs-dir', 'runs'] });
    const baseConfig = {
      version: 1,
      evaluator: { kind: 'benchmark', benchmark: 'fcnet-naval' },
      strategy: 'random',
      objectives: [{ metric: 'validMse', direction: 'min' }],
      budget: { queries: 3 },
      seed: 0,
    };
    file('workers.json', JSON.stringify({ ...baseConfig, workers: 1e9 }));
    cases.push({ name: 'config workers 1e9 on the benchmark evaluator', args: ['search', '--config', 'workers.json', '--runs-dir', 'runs'] });
    cases.push({ name: '--workers 1e9', args: ['search', '--benchmark', 'fcnet-naval', '--workers', '1000000000', '--runs-dir', 'runs'] });
    const swapAt = 1 + rng.int(3);
    const swapped = mutatedRun('swapped', (l) => l.map((line, i) => (i === swapAt ? l[swapAt + 1]! : i === swapAt + 1 ? l[swapAt]! : line)));
    cases.push({ name: `journal lines ${swapAt + 1} and ${swapAt + 2} swapped (status)`, args: ['status', swapped] });
    cases.push({ name: 'journal lines swapped (resume)', args: ['resume', swapped, '--no-tui'], untouched: [journalOf(swapped)] });
    const dupRun = mutatedRun('duplicated', (l) => {
      const evaluations = l.flatMap((line, i) => (line.includes('"candidate-evaluated"') ? [i] : []));
      const at = rng.choice(evaluations);
      return [...l.slice(0, at + 1), l[at]!, ...l.slice(at + 1)];
    });
    cases.push({ name: 'an evaluation line duplicated (status)', args: ['status', dupRun] });
    cases.push({ name: 'an evaluation line duplicated (resume)', args: ['resume', dupRun, '--no-tui'], untouched: [journalOf(dupRun)] });

    // --- Generated: bad flag values. ---
    const badValues: Record<string, readonly string[]> = {
      '--budget': ['0', '-3', '1e9', '2.5', 'NaN', '', 'ten', '0x10', '9'.repeat(40)],
      '--workers': ['0', '-1', '1e9', '1.5', 'many', '99999999999'],
      '--seed': ['-1', '1.5', 'abc', '1e3', ''],
      '--cost-budget': ['0', '-1', 'Infinity', 'NaN', 'x'],
      '--time-budget': ['0', '-5m', '5d', 'forever', '1e400', ''],
      '--objectives': ['', 'validMse', 'validMse:up', 'nope:max', 'validMse:min,validMse:max', 'a:max,b:max,c:max,d:max,e:max', ','.repeat(50)],
      '--constraint': ['validMse', 'validMse<', 'validMse<=x', 'nope<=1', '<=3'],
      '--strategy': ['', 'nope', 'RANDOM', '../random'],
      '--fidelity': ['half', '', 'FULL'],
      '--prune': ['mean', ''],
      '--name': ['../escape', '.hidden', 'a/b', '', 'x'.repeat(300)],
      '--simulate-seconds': ['-1', 'soon'],
    };
    const flags = Object.keys(badValues);
    for (let i = 0; i < 8; i++) {
      const flag = rng.choice(flags);
      const value = rng.choice(badValues[flag]!);
      cases.push({ name: `search ${flag} ${JSON.stringify(value.slice(0, 40))}`, args: ['search', '--benchmark', 'fcnet-naval', '--budget', '3', '--runs-dir', 'runs', flag, value] });
    }
    const resumeFlag = rng.choice(['--budget', '--cost-budget', '--time-budget']);
    cases.push({ name: `resume ${resumeFlag} below what is spent`, args: ['resume', good, resumeFlag, resumeFlag === '--time-budget' ? '0.001' : '1', '--no-tui'], untouched: [journalOf(good)] });

    // --- Generated: bad config fields. ---
    const badFields: [string, (c: Record<string, unknown>) => unknown][] = [
      ['budget.queries -1', (c) => ({ ...c, budget: { queries: -1 } })],
      ['budget {}', (c) => ({ ...c, budget: {} })],
      ['budget.queries "5"', (c) => ({ ...c, budget: { queries: '5' } })],
      ['workers 0', (c) => ({ ...c, workers: 0 })],
      ['workers 2.5', (c) => ({ ...c, workers: 2.5 })],
      ['seed -1', (c) => ({ ...c, seed: -1 })],
      ['objectives []', (c) => ({ ...c, objectives: [] })],
      ['objective metric unknown', (c) => ({ ...c, objectives: [{ metric: 'nope', direction: 'min' }] })],
      ['strategy unknown', (c) => ({ ...c, strategy: 'nope' })],
      ['evaluator.kind unknown', (c) => ({ ...c, evaluator: { kind: 'nope' } })],
      ['evaluator.benchmark unknown', (c) => ({ ...c, evaluator: { kind: 'benchmark', benchmark: 'nope' } })],
      ['unknown field', (c) => ({ ...c, extra: true })],
      ['version 2', (c) => ({ ...c, version: 2 })],
      ['constraint without a limit', (c) => ({ ...c, constraints: [{ metric: 'validMse' }] })],
      ['an array', () => [1, 2]],
      ['null', () => null],
    ];
    for (const [label, mutate] of rng.sample(badFields, 6)) {
      const name = file(`config-${cases.length}.json`, JSON.stringify(mutate(baseConfig)));
      cases.push({ name: `config ${label}`, args: ['search', '--config', name, '--runs-dir', 'runs'] });
    }
    const text = JSON.stringify(baseConfig);
    const cut = file('config-cut.json', text.slice(0, 1 + rng.int(text.length - 2)));
    cases.push({ name: 'config JSON cut short', args: ['search', '--config', cut, '--runs-dir', 'runs'] });
    cases.push({ name: 'config is a folder', args: ['search', '--config', folder('config-folder'), '--runs-dir', 'runs'] });

    // --- Generated: malformed journal lines. ---
    const journalEdits: [string, (l: string[]) => string[]][] = [
      ['a middle line cut short', (l) => l.map((line, i) => (i === 2 ? line.slice(0, line.length >> 1) : line))],
      ['a middle line of garbage', (l) => [l[0]!, '\u0000\u00ff garbage', ...l.slice(1)]],
      ['an event of unknown type', (l) => [l[0]!, JSON.stringify({ type: 'nope', seq: 0.5, time: 't' }), ...l.slice(1)]],
      ['a seq that is a string', (l) => l.map((line, i) => (i === 1 ? line.replace(/"seq":\d+/, '"seq":"1"') : line))],
      ['the first line repeated last', (l) => [...l, l[0]!]],
      ['an evaluation of a candidate never proposed', (l) => [...l, JSON.stringify({ ...JSON.parse(l.find((x) => x.includes('"candidate-evaluated"'))!), id: 77, seq: 1000 })]],
    ];
    for (const [label, edit] of rng.sample(journalEdits, 3)) {
      const run = mutatedRun(`journal-${cases.length}`, edit);
      cases.push({ name: `journal: ${label}`, args: [rng.choice(['status', 'resume', 'trials']), run], untouched: [journalOf(run)] });
    }
  }, 60_000);

  it('answers every case with one line and exit 2, writing nothing', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    const before = new Map(cases.flatMap((c) => c.untouched ?? []).map((f) => [f, readFileSync(f)]));
    const failures: string[] = [];
    // Two at a time: the machines that run the suite may have two cores.
    for (let i = 0; i < cases.length; i += 2) {
      const batch = cases.slice(i, i + 2);
      const outcomes = await Promise.all(batch.map((c) => runJars(c.args, dir)));
      batch.forEach((c, k) => {
        const outcome = outcomes[k]!;
        const wrong = problem(outcome);
        if (wrong) failures.push(`${c.name}: ${wrong}\n  jars ${c.args.join(' ').slice(0, 200)}\n  ${(outcome.stderr + outcome.stdout).slice(0, 600).replace(/\n/g, '\n  ')}`);
        for (const f of c.untouched ?? []) if (!readFileSync(f).equals(before.get(f)!)) failures.push(`${c.name}: changed ${f}`);
      });
    }
    expect(failures, failures.join('\n')).toEqual([]);
    // Bad input never leaves a run folder behind.
    expect(readdirSync(path.join(dir, 'runs')).filter((n) => !n.startsWith('journal-') && !['good', 'journal-dir', 'config-dir', 'swapped', 'duplicated'].includes(n))).toEqual([]);
  }, 300_000);
});

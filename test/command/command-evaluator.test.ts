import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMAND_PROTOCOL_VERSION, createCommandEvaluator, groupAlive } from '../../src/command/index.js';
import type { CandidateFileV1 } from '../../src/command/index.js';
import { InvalidInputError, JarsError, Rng } from '../../src/core/index.js';
import type { IntermediateReport } from '../../src/core/index.js';
import { RECIPE_FIELDS } from '../../src/space/index.js';
import { fakeAccuracy, fakeEvaluator, LONG_TRIAL, mlpCandidate, processAlive, scratch, waitFor } from './trial-fixtures.js';

const scratches: ReturnType<typeof scratch>[] = [];
const fresh = () => {
  const s = scratch();
  scratches.push(s);
  return s;
};
afterEach(() => {
  for (const s of scratches.splice(0)) s.remove();
});

const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;
const trialPid = (info: unknown) => (info as { pid: number }).pid;

describe('command evaluator: a trial that succeeds', () => {
  it('returns the result line, jars statistics under it, testAcc hidden, cost and info as the trainer does', async () => {
    const s = fresh();
    const evaluator = fakeEvaluator(s, { statistics: () => ({ flopsM: 0.5, paramsM: 9 }) });
    const reports: IntermediateReport[] = [];
    const result = await evaluator.evaluate(mlpCandidate, { rng: new Rng(1), candidateId: 3, report: (r) => (reports.push(r), 'continue') });
    expect(result.failure).toBeUndefined();
    const acc = fakeAccuracy(0.003, 4, 32, 4);
    // paramsM comes from the trainer (0.123), flopsM from jars.
    expect(result.metrics).toEqual({ validAcc: acc, trainSeconds: expect.any(Number), paramsM: 0.123, flopsM: 0.5 });
    expect(result.hiddenMetrics).toEqual({ testAcc: acc - 0.01 });
    expect(result.cost).toBe(1);
    expect(result.seconds).toBeGreaterThan(0);
    const trialDir = path.join(s.runDir, 'trials', '3');
    expect(result.info).toMatchObject({ exitCode: 0, trialDir, attempt: 1, slot: 0, epochs: 4, trainer: { checkpoint: 'model.pt' } });
    expect(result.info?.gpu).toBeUndefined();
    // one report per epoch, the result line not again, testAcc never
    expect(reports.map((r) => r.epoch)).toEqual([1, 2, 3, 4]);
    expect(reports[1]).toEqual({ epoch: 2, metrics: { validAcc: fakeAccuracy(0.003, 4, 32, 2), trainLoss: 0.5 } });
    // stderr and non-JSON stdout in trainer.log; JSON lines not
    const log = readFileSync(path.join(trialDir, 'trainer.log'), 'utf8');
    expect(log).toContain('training mlp candidate 3 for 4 epochs');
    expect(log).toContain('a progress line that is not JSON');
    expect(log).not.toContain('validAcc');
    const seen = readJson<{ cwd: string; trialDir: string; candidateFile: string; cudaVisibleDevices: string | null }>(path.join(trialDir, 'seen.json'));
    expect(seen).toMatchObject({ cwd: s.root, trialDir, candidateFile: path.join(trialDir, 'candidate.json') });
    expect(groupAlive(trialPid(result.info))).toBe(false);
  });

  it('writes candidate.json before the start: full recipe, filled-in spec, fidelity epochs, seed and the split files', async () => {
    const s = fresh();
    const evaluator = fakeEvaluator(s, { data: { dataset: s.dataset, split: { validation: 0.25, test: 0.1 }, splitSeed: 3 } });
    const candidate = { arch: { kind: 'mlp', hidden: [16, 16] }, recipe: { epochs: 4, fidelity: 0.5, lr: 0.01 } };
    const result = await evaluator.evaluate(candidate, { rng: new Rng(11), candidateId: 0 });
    const file = readJson<CandidateFileV1>(path.join(s.runDir, 'trials', '0', 'candidate.json'));
    expect(file).toMatchObject({
      protocol: COMMAND_PROTOCOL_VERSION,
      run: 'test-run',
      candidateId: 0,
      space: 'mlp',
      arch: candidate.arch,
      archSpec: { kind: 'mlp', hidden: [16, 16], activation: 'relu', batchNorm: false },
      epochs: 2,
      seed: new Rng(11).seed31(),
      dataset: { name: s.dataset, sampleShape: [3], classes: 3, source: { path: s.dataset, labelColumn: null } },
      metrics: ['validAcc'],
    });
    expect(Object.keys(file.recipe).sort()).toEqual([...RECIPE_FIELDS].sort());
    expect(file.recipe).toMatchObject({ epochs: 4, fidelity: 0.5, lr: 0.01, optimizer: 'adam' });
    for (const part of ['train', 'validation', 'test'] as const) {
      expect(file.dataset.files[part]?.x).toBe(path.join(s.runDir, 'data', `${part}-images.idx`));
      expect(existsSync(file.dataset.files[part]?.y as string)).toBe(true);
    }
    // two of four epochs trained: half a full training, as jars' own trainer counts it
    expect(result.cost).toBe(0.5);
    expect(result.info?.epochs).toBe(2);
  });

  it('names the trial after the evaluation when there is no candidate id', async () => {
    const s = fresh();
    const result = await fakeEvaluator(s).evaluate(mlpCandidate, { rng: new Rng(1) });
    expect(result.failure).toBeUndefined();
    expect(readJson<CandidateFileV1>(path.join(s.runDir, 'trials', 'once-1', 'candidate.json')).candidateId).toBeNull();
  });
});

describe('command evaluator: failures come back as failed evaluations', () => {
  const failureOf = async (options: Parameters<typeof fakeEvaluator>[1]) => {
    const s = fresh();
    const result = await fakeEvaluator(s, { statistics: () => ({ flopsM: 0.5 }), ...options }).evaluate(mlpCandidate, { rng: new Rng(1), candidateId: 1 });
    expect(result.metrics).toEqual({ flopsM: 0.5 });
    return result;
  };

  it('a non-zero exit, with the last 20 lines of trainer.log', async () => {
    const result = await failureOf({ mode: 'exit3' });
    const [reason, ...tail] = (result.failure as string).split('\n');
    expect(reason).toBe('the command exited with code 3; trainer.log ends with:');
    expect(tail).toHaveLength(20);
    expect(tail).toContain('Traceback: out of memory');
    expect(tail).toContain('log line 30');
    expect(tail).not.toContain('log line 11');
    expect(result.cost).toBe(0);
    expect(result.info?.exitCode).toBe(3);
  });

  it('a result line with NaN (as Python prints it) or without a required metric', async () => {
    const nan = await failureOf({ mode: 'nan' });
    expect(nan.failure).toMatch(/^the result line's "validAcc" must be a finite number, but got NaN; trainer.log ends with:\n/);
    expect(nan.cost).toBe(1);
    const missing = await failureOf({ mode: 'missing' });
    expect(missing.failure).toMatch(/^the result line lacks required metric "validAcc" \(it has trainSeconds\); trainer\.log ends with:\n/);
  });

  it('no result line: silent, or only garbage (which lands in trainer.log)', async () => {
    const silent = await failureOf({ mode: 'silent' });
    expect(silent.failure).toMatch(/^the command exited 0 but printed no JSON result line on stdout; trainer.log ends with:\n/);
    const garbage = await failureOf({ mode: 'garbage' });
    expect(garbage.failure).toMatch(/printed no JSON result line on stdout; trainer.log ends with:\n(.|\n)*\{not json\n\[1, 2, 3\]\n42$/);
  });

  it('a timeout ends the whole process group, even a trainer that ignores SIGTERM', async () => {
    const result = await failureOf({ mode: 'ignore-term', epochMs: 100, timeoutSeconds: 1, graceSeconds: 0.5 });
    expect(result.failure).toMatch(/^the command timed out after 1 s \(timeoutSeconds\); trainer.log ends with:\n(.|\n)*ignoring SIGTERM$/);
    expect(result.seconds).toBeGreaterThanOrEqual(1.5);
    expect(result.seconds).toBeLessThan(5);
    // charged for the epochs it reported, never more than asked
    expect(result.cost).toBeGreaterThan(0);
    expect(result.cost).toBeLessThanOrEqual(1);
    expect(groupAlive(trialPid(result.info))).toBe(false);
  });

  it('a command that cannot run (sh says so in trainer.log)', async () => {
    const s = fresh();
    const result = await fakeEvaluator(s, { command: 'no-such-trainer-command --x' }).evaluate(mlpCandidate, { rng: new Rng(1), candidateId: 2 });
    expect(result.failure).toMatch(/^the command exited with code 127; trainer.log ends with:\n.*no-such-trainer-command.*not found/);
  });
});

describe('command evaluator: pruning and aborts', () => {
  it('prunes on the pruner\'s word: SIGTERM to the group, the last report as metrics, pruned set', async () => {
    const s = fresh();
    const evaluator = fakeEvaluator(s, { epochMs: 150, statistics: () => ({ flopsM: 0.5 }) });
    const candidate = { arch: { kind: 'mlp', hidden: [32] }, recipe: { epochs: 20, lr: 0.003 } };
    const result = await evaluator.evaluate(candidate, { rng: new Rng(1), candidateId: 4, report: (r) => (r.epoch >= 2 ? 'prune' : 'continue') });
    expect(result.failure).toBeUndefined();
    expect(result.pruned).toEqual({ epoch: 2, epochs: 20 });
    expect(result.metrics).toEqual({ validAcc: fakeAccuracy(0.003, 20, 32, 2), trainLoss: 0.5, flopsM: 0.5 });
    expect(result.cost).toBe(2 / 20);
    expect(result.seconds).toBeLessThan(2.5); // 20 epochs would take 3 s
    expect(readFileSync(path.join(s.runDir, 'trials', '4', 'trainer.log'), 'utf8')).toContain('got SIGTERM, stopping');
    expect(groupAlive(trialPid(result.info))).toBe(false);
  });

  it('kills a trainer that ignores the prune SIGTERM after the grace period', async () => {
    const s = fresh();
    const evaluator = fakeEvaluator(s, { mode: 'ignore-term', epochMs: 100, graceSeconds: 0.5 });
    const result = await evaluator.evaluate(mlpCandidate, { rng: new Rng(1), candidateId: 4, report: () => 'prune' });
    expect(result.pruned).toEqual({ epoch: 1, epochs: 4 });
    expect(result.seconds).toBeGreaterThanOrEqual(0.5);
    expect(groupAlive(trialPid(result.info))).toBe(false);
  });

  it('an aborted signal ends the trial\'s whole group, grandchildren included', async () => {
    const s = fresh();
    const evaluator = fakeEvaluator(s, { command: LONG_TRIAL });
    const controller = new AbortController();
    const pending = evaluator.evaluate(mlpCandidate, { rng: new Rng(1), candidateId: 8, signal: controller.signal });
    const pidsFile = path.join(s.runDir, 'trials', '8', 'pids');
    const [shell, sleeper] = (await waitFor(() => (existsSync(pidsFile) ? readFileSync(pidsFile, 'utf8') : undefined), 15_000, 'the trial to start'))
      .trim()
      .split(' ')
      .map(Number) as [number, number];
    controller.abort();
    const result = await pending;
    expect(result.failure).toBe('aborted');
    expect(groupAlive(trialPid(result.info))).toBe(false);
    expect(processAlive(shell)).toBe(false);
    expect(processAlive(sleeper)).toBe(false);
  });

  it('close() stops the trials in flight', async () => {
    const s = fresh();
    const evaluator = fakeEvaluator(s, { mode: 'hang', epochMs: 50 });
    const pending = evaluator.evaluate(mlpCandidate, { rng: new Rng(1), candidateId: 9 });
    await waitFor(() => (existsSync(path.join(s.runDir, 'trials', '9', 'seen.json')) ? true : undefined));
    await evaluator.close();
    const result = await pending;
    expect(result.failure).toBe('aborted');
    expect(groupAlive(trialPid(result.info))).toBe(false);
  });
});

describe('command evaluator: workers, GPUs and attempts', () => {
  it('runs N trials at once, each with its slot\'s CUDA_VISIBLE_DEVICES, and queues the rest', async () => {
    const s = fresh();
    const evaluator = fakeEvaluator(s, { workers: 3, gpus: ['0', '1'], epochMs: 600 });
    expect(evaluator.concurrency).toBe(3);
    const candidate = { arch: { kind: 'mlp', hidden: [8] }, recipe: { epochs: 2 } };
    const ended: number[] = [];
    const results = await Promise.all(
      [0, 1, 2, 3].map((id) => evaluator.evaluate(candidate, { rng: new Rng(id), candidateId: id }).then((r) => (ended[id] = Date.now(), r))),
    );
    const seen = [0, 1, 2, 3].map((id) => readJson<{ startedMs: number; cudaVisibleDevices: string }>(path.join(s.runDir, 'trials', String(id), 'seen.json')));
    // the first three overlap: each started before any of them ended
    const firstEnd = Math.min(...(ended.slice(0, 3) as number[]));
    for (const x of seen.slice(0, 3)) expect(x.startedMs).toBeLessThan(firstEnd);
    expect(results.slice(0, 3).map((r) => r.info?.slot).sort()).toEqual([0, 1, 2]);
    // the fourth waited for a free slot
    expect(seen[3]?.startedMs).toBeGreaterThanOrEqual(firstEnd - 50);
    results.forEach((r, i) => {
      const slot = r.info?.slot as number;
      expect(r.info?.gpu).toBe(['0', '1'][slot % 2]);
      expect(seen[i]?.cudaVisibleDevices).toBe(r.info?.gpu);
    });
  });

  it('keeps what an interrupted attempt left as attempt-<k>/ and starts the new one clean', async () => {
    const s = fresh();
    const trial = path.join(s.runDir, 'trials', '5');
    mkdirSync(path.join(trial, 'checkpoints'), { recursive: true });
    writeFileSync(path.join(trial, 'trainer.log'), 'old session\n');
    writeFileSync(path.join(trial, 'checkpoints', 'epoch-3.pt'), 'weights');
    const evaluator = fakeEvaluator(s);
    const second = await evaluator.evaluate(mlpCandidate, { rng: new Rng(1), candidateId: 5 });
    expect(second.info?.attempt).toBe(2);
    expect(readdirSync(trial).sort()).toEqual(['attempt-1', 'candidate.json', 'seen.json', 'trainer.log']);
    expect(readFileSync(path.join(trial, 'attempt-1', 'trainer.log'), 'utf8')).toBe('old session\n');
    expect(readFileSync(path.join(trial, 'attempt-1', 'checkpoints', 'epoch-3.pt'), 'utf8')).toBe('weights');
    expect(readFileSync(path.join(trial, 'trainer.log'), 'utf8')).not.toContain('old session');
    const third = await evaluator.evaluate(mlpCandidate, { rng: new Rng(1), candidateId: 5 });
    expect(third.info?.attempt).toBe(3);
    expect(readdirSync(path.join(trial, 'attempt-2')).sort()).toEqual(['candidate.json', 'seen.json', 'trainer.log']);
  });
});

describe('command evaluator: bad setup throws JarsErrors', () => {
  it('names the field of a bad option', () => {
    const s = fresh();
    const base = { command: 'true', runDir: s.runDir, runId: 'r', spaceName: 'mlp', data: { dataset: s.dataset, split: { validation: 0.2 }, splitSeed: 1 }, requiredMetrics: ['validAcc'] };
    const missing = path.join(s.root, 'nope');
    expect(() => createCommandEvaluator({ ...base, workdir: missing })).toThrow(new InvalidInputError(`workdir must be an existing folder, but ${missing} is not one`));
    expect(() => createCommandEvaluator({ ...base, workdir: 'relative' })).toThrow('workdir must be an absolute path, but got "relative"');
    expect(() => createCommandEvaluator({ ...base, workdir: s.root, workers: 0 })).toThrow('workers must be an integer ≥ 1, but got 0');
    expect(() => createCommandEvaluator({ ...base, workdir: s.root, command: ' ' })).toThrow('command must be a non-empty shell command');
  });

  it('rejects a missing supervisor build and a candidate without an architecture spec', async () => {
    const s = fresh();
    const noBuild = fakeEvaluator(s, { supervisorScript: path.join(s.root, 'trial-supervisor.js') });
    await expect(noBuild.evaluate(mlpCandidate, { rng: new Rng(1) })).rejects.toThrow(/run `npm run build` first/);
    await expect(fakeEvaluator(s).evaluate({ arch: { layers: 2 }, recipe: {} }, { rng: new Rng(1) })).rejects.toBeInstanceOf(JarsError);
  });
});

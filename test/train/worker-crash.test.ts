import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Candidate, Evaluator } from '../../src/core/index.js';
import { buildEngine, buildRunParts, parseRunConfig, prepareRunConfig as withDataShape } from '../../src/setup/index.js';
import { MemoryRunJournal } from '../../src/run/index.js';
import type { RunEvent } from '../../src/run/index.js';
import { LocalProcessQueue, QueueEvaluator } from '../../src/train/index.js';

const config = withDataShape(
  parseRunConfig({
    version: 1,
    evaluator: { kind: 'trainer', dataset: 'sklearn-digits', space: 'mlp', maxTrainExamples: 400, epochs: [2] },
    strategy: 'random',
    objectives: [{ metric: 'validAcc', direction: 'max' }],
    budget: { queries: 3 },
    seed: 11,
  }),
);

/** The trainer pool a run of `config` gets, built here so the test can see its workers. */
function pool(): { queue: LocalProcessQueue; evaluator: Evaluator<Candidate> } {
  if (config.evaluator.kind !== 'trainer') throw new Error('trainer config expected');
  const queue = new LocalProcessQueue(
    { dataset: 'sklearn-digits', spaceName: 'mlp', split: { validation: 0.2, train: 400 }, splitSeed: config.seed, latency: false },
    { workers: 1 },
  );
  return { queue, evaluator: new QueueEvaluator(queue) as unknown as Evaluator<Candidate> };
}

async function run(onTick?: (queue: LocalProcessQueue) => void): Promise<RunEvent[]> {
  const { queue, evaluator } = pool();
  const journal = new MemoryRunJournal();
  const ticker = onTick ? setInterval(() => onTick(queue), 20) : undefined;
  try {
    await buildEngine(config, { ...buildRunParts(config), evaluator }, { journal }).run();
  } finally {
    clearInterval(ticker);
    await evaluator.close?.();
  }
  return journal.replay();
}

const outcome = (events: readonly RunEvent[]) =>
  events.flatMap((e) => (e.type === 'candidate-evaluated' ? [{ id: e.id, key: e.key, failure: e.evaluation.failure, validAcc: e.evaluation.metrics.validAcc, validLoss: e.evaluation.metrics.validLoss }] : []));

// The real trainer worker needs the compiled dist/ (npm run build).
const compiled = existsSync(path.resolve('dist/train/worker-main.js'));
describe.skipIf(!compiled)('a trainer worker killed mid-evaluation', () => {
  it('costs the candidate nothing: the run ends with the evaluations of an uninterrupted run', async () => {
    const straight = await run();
    let killed: number | undefined;
    let busySince = 0;
    const interrupted = await run((queue) => {
      const busy = queue.workers().find((w) => w.evaluating);
      if (killed !== undefined || !busy?.pid) return;
      busySince ||= Date.now();
      // Well inside the first evaluation: training, not starting up.
      if (Date.now() - busySince >= 150) {
        killed = busy.pid;
        process.kill(busy.pid, 'SIGKILL');
      }
    });
    expect(killed).toBeGreaterThan(0);
    expect(outcome(straight).every((e) => e.failure === undefined)).toBe(true);
    expect(outcome(interrupted)).toEqual(outcome(straight));
  }, 120_000);
});

describe.skipIf(!compiled)('trainer workers and their parent', () => {
  it('exit at once when the parent is killed mid-evaluation', async () => {
    const { spawn } = await import('node:child_process');
    // A parent that starts one worker on a long evaluation, prints the worker pid, then waits.
    const script = `
      import { LocalProcessQueue } from ${JSON.stringify(path.resolve('dist/train/index.js'))};
      const q = new LocalProcessQueue({ dataset: 'sklearn-digits', spaceName: 'mlp', latency: false }, { workers: 1 });
      q.submit({ candidate: { arch: { kind: 'mlp', hidden: [256, 256] }, recipe: { epochs: 200, lr: 0.01 } }, seed: 1 });
      const t = setInterval(() => { const w = q.workers()[0]; if (w.evaluating) { console.log(w.pid); clearInterval(t); } }, 20);
    `;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const workerPid = await new Promise<number>((resolve) => parent.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
    await new Promise((r) => setTimeout(r, 500)); // the worker is deep in its synchronous training loop
    parent.kill('SIGKILL');
    const killedAt = Date.now();
    const alive = () => {
      try {
        process.kill(workerPid, 0);
        return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${workerPid}/stat`, 'utf8')); // a zombie is gone
      } catch {
        return false;
      }
    };
    while (alive() && Date.now() - killedAt < 5000) await new Promise((r) => setTimeout(r, 20));
    expect(alive()).toBe(false);
    expect(Date.now() - killedAt).toBeLessThan(1000);
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import { createBenchmark, benchmarkSearchSpace } from '../../src/bench/index.js';
import { DataError, Rng, RunError } from '../../src/core/index.js';
import type { Evaluator } from '../../src/core/index.js';
import type { ProductCandidate } from '../../src/space/index.js';
import { MemoryRunJournal } from '../../src/run/index.js';
import type { RunEvent } from '../../src/run/index.js';
import { runOnBenchmark, withRandomDelays } from '../support/engine.js';
import { SearchEngine } from '../../src/engine/index.js';
import { createStrategy } from '../../src/search/index.js';
import { inSimulatedTime } from '../../src/evaluators/benchmark.js';
import { createControls } from '../../src/cli/run-session.js';

const nb201 = createBenchmark('nb201-cifar10');
const fcnet = createBenchmark('fcnet-naval');

const evaluatedIds = (events: readonly RunEvent[]) =>
  events.filter((e): e is Extract<RunEvent, { type: 'candidate-evaluated' }> => e.type === 'candidate-evaluated').map((e) => e.id);
const withoutTimes = (events: readonly RunEvent[]) => events.map(({ time: _t, seq: _s, ...rest }) => rest);

describe('SearchEngine', () => {
  it('spends exactly the query budget and journals every proposal and evaluation', async () => {
    const { result, journal } = await runOnBenchmark({ benchmark: nb201, strategy: 'rea', queries: 30, seed: 3 });
    expect(result.reason).toBe('budget');
    expect(result.observations).toHaveLength(30);
    const events = journal.replay();
    expect(evaluatedIds(events)).toEqual([...Array(30).keys()]);
    expect(new Set(result.observations.map((o) => o.key)).size).toBe(30);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', reason: 'budget' });
  });

  it('gives the same run for the same seed and another for another seed', async () => {
    const a = await runOnBenchmark({ benchmark: fcnet, strategy: 'rea', queries: 40, seed: 5 });
    const b = await runOnBenchmark({ benchmark: fcnet, strategy: 'rea', queries: 40, seed: 5 });
    const c = await runOnBenchmark({ benchmark: fcnet, strategy: 'rea', queries: 40, seed: 6 });
    expect(withoutTimes(b.journal.replay())).toEqual(withoutTimes(a.journal.replay()));
    expect(c.result.observations.map((o) => o.key)).not.toEqual(a.result.observations.map((o) => o.key));
    // one random repetition per query, chosen by the evaluation's seed
    expect(a.result.observations.map((o) => o.metrics.validMse)).toEqual(b.result.observations.map((o) => o.metrics.validMse));
  });

  it('never shows the hidden test accuracy to the strategy', async () => {
    const { result, journal } = await runOnBenchmark({ benchmark: nb201, strategy: 'random', queries: 5, seed: 1 });
    for (const o of result.observations) expect(o.metrics.testAcc).toBeUndefined();
    const recorded = journal.replay().filter((e) => e.type === 'candidate-evaluated');
    for (const e of recorded) expect(e.type === 'candidate-evaluated' && e.evaluation.hiddenMetrics?.testAcc).toBeGreaterThan(0);
  });

  it.each([1, 7, 20, 33, 58])('resumes after a crash at journal line %i to the same end as an uninterrupted run', async (cut) => {
    const full = await runOnBenchmark({ benchmark: nb201, strategy: 'rea', queries: 25, seed: 9 });
    const events = full.journal.replay();
    const crashed = new MemoryRunJournal(events.slice(0, cut).filter((e) => e.type !== 'run-finished'));
    const resumed = await runOnBenchmark({ benchmark: nb201, strategy: 'rea', queries: 25, seed: 9, journal: crashed });
    const ids = evaluatedIds(crashed.replay());
    expect(ids.slice().sort((a, b) => a - b)).toEqual([...Array(25).keys()]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(resumed.result.observations.map((o) => o.key)).toEqual(full.result.observations.map((o) => o.key));
  });

  it('keeps several evaluations in flight and stays consistent when results arrive out of order', async () => {
    const evaluator = withRandomDelays(nb201, 4);
    const { result, journal } = await runOnBenchmark({ benchmark: nb201, strategy: 'rea', queries: 40, seed: 2, evaluator });
    expect(result.observations).toHaveLength(40);
    const proposals = journal.replay().filter((e) => e.type === 'candidates-proposed');
    expect(proposals.some((e) => e.type === 'candidates-proposed' && e.requested > 1)).toBe(true);
    // replaying the out-of-order journal rebuilds the same strategy state
    const resumed = new MemoryRunJournal(journal.replay().filter((e) => e.type !== 'run-finished'));
    const again = await runOnBenchmark({ benchmark: nb201, strategy: 'rea', queries: 40, seed: 2, evaluator, journal: resumed });
    expect(again.result.observations.map((o) => o.key)).toEqual(result.observations.map((o) => o.key));
  });

  it('never evaluates more than the query budget, however many evaluations may run at once', async () => {
    for (const [concurrency, queries] of [[1000, 3], [4, 3], [8, 9]] as const) {
      const evaluator = withRandomDelays(nb201, concurrency);
      const { result, journal } = await runOnBenchmark({ benchmark: nb201, strategy: 'random', queries, seed: 1, evaluator, concurrency });
      expect(result.observations).toHaveLength(queries);
      const proposed = journal.replay().flatMap((e) => (e.type === 'candidates-proposed' ? e.ids : []));
      expect(proposed).toHaveLength(queries);
    }
  });

  it('never starts an evaluation of known cost that the cost budget cannot pay', async () => {
    const space = benchmarkSearchSpace(nb201.space, 'multi');
    const objectives = [nb201.objective];
    for (const [cost, concurrency] of [[3.3, 1], [3.3, 4], [10, 3]] as const) {
      const result = await new SearchEngine({
        space,
        evaluator: withRandomDelays(nb201, concurrency) as never,
        strategy: createStrategy('random', { space, objectives, rng: new Rng('cost/strategy') }),
        objectives,
        budget: { cost },
        seed: 1,
        journal: new MemoryRunJournal(),
        concurrency,
      }).run();
      expect(result.reason).toBe('budget');
      expect(result.spentCost).toBeLessThanOrEqual(cost + 1e-9);
      // and it stopped only because the next one would not fit: one more full training would
      expect(result.spentCost + 1).toBeGreaterThan(cost);
    }
  });

  it('counts the time budget over the whole run: a resumed run only gets what earlier sessions left', async () => {
    const space = benchmarkSearchSpace(nb201.space, 'full');
    const objectives = [nb201.objective];
    const run = (journal: MemoryRunJournal) =>
      new SearchEngine({
        space,
        evaluator: inSimulatedTime(nb201, 0.02),
        strategy: createStrategy('random', { space, objectives, rng: new Rng('tb/strategy') }),
        objectives,
        budget: { seconds: 0.3 },
        seed: 1,
        journal,
      }).run();
    const journal = new MemoryRunJournal();
    const first = await run(journal);
    expect(first.reason).toBe('budget');
    const measured = first.evaluations.size;
    expect(measured).toBeGreaterThan(0);
    // resuming a run that ended on its time budget measures nothing more
    const again = await run(journal);
    expect(again.reason).toBe('budget');
    expect(again.evaluations.size).toBe(measured);
  });

  it('leaves paused time out of the time budget', async () => {
    const space = benchmarkSearchSpace(nb201.space, 'full');
    const objectives = [nb201.objective];
    const controls = createControls();
    controls.togglePause();
    setTimeout(() => controls.togglePause(), 500);
    const started = performance.now();
    const result = await new SearchEngine({
      space,
      evaluator: inSimulatedTime(nb201, 0.02),
      strategy: createStrategy('random', { space, objectives, rng: new Rng('pause/strategy') }),
      objectives,
      budget: { seconds: 0.3 },
      seed: 1,
      journal: new MemoryRunJournal(),
      pauseGate: () => controls.gate(),
      pausedSeconds: () => controls.pausedSeconds(),
    }).run();
    // paused 0.5 s before the first proposal, then the whole 0.3 s budget to evaluate in
    expect(result.reason).toBe('budget');
    expect(result.evaluations.size).toBeGreaterThan(0);
    expect(performance.now() - started).toBeGreaterThan(750);
  });

  it('refuses to resume when the strategy no longer proposes what the journal recorded', async () => {
    const { journal } = await runOnBenchmark({ benchmark: nb201, strategy: 'rea', queries: 5, seed: 1 });
    const events = journal.replay().filter((e) => e.type !== 'run-finished');
    await expect(runOnBenchmark({ benchmark: nb201, strategy: 'rea', queries: 5, seed: 2, journal: new MemoryRunJournal(events) })).rejects.toThrowError(
      RunError,
    );
  });

  it('journals an error that ends a started run as run-finished (failed), and the journal resumes to the same end', async () => {
    let calls = 0;
    const failing: Evaluator<ProductCandidate> = {
      name: 'fails-third',
      metricNames: nb201.metricNames,
      evaluate: (candidate, context) => (++calls === 3 ? Promise.reject(new DataError('table row gone')) : nb201.evaluate(candidate, context)),
    };
    const journal = new MemoryRunJournal();
    await expect(runOnBenchmark({ benchmark: nb201, strategy: 'rea', queries: 6, seed: 4, evaluator: failing, journal })).rejects.toThrowError('table row gone');
    const events = journal.replay();
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', reason: 'failed', message: 'table row gone' });
    expect(evaluatedIds(events)).toEqual([0, 1]);
    await runOnBenchmark({ benchmark: nb201, strategy: 'rea', queries: 6, seed: 4, journal });
    const straight = await runOnBenchmark({ benchmark: nb201, strategy: 'rea', queries: 6, seed: 4 });
    expect(evaluatedIds(journal.replay())).toEqual(evaluatedIds(straight.journal.replay()));
    expect(journal.replay().at(-1)).toMatchObject({ type: 'run-finished', reason: 'budget' });
  });

  it('stops proposing when aborted and resumes to the same end', async () => {
    const controller = new AbortController();
    const delayed = withRandomDelays(nb201, 2);
    let done = 0;
    const abortingAfterTen = {
      ...delayed,
      async evaluate(...args: Parameters<typeof delayed.evaluate>) {
        const r = await delayed.evaluate(...args);
        if (++done === 10) controller.abort();
        return r;
      },
    };
    const journal = new MemoryRunJournal();
    const stopped = await runOnBenchmark({ benchmark: nb201, strategy: 'random', queries: 30, seed: 1, evaluator: abortingAfterTen, signal: controller.signal, journal });
    expect(stopped.result.reason).toBe('stopped');
    expect(stopped.result.observations.length).toBeLessThan(30);
    const resumed = await runOnBenchmark({ benchmark: nb201, strategy: 'random', queries: 30, seed: 1, evaluator: delayed, journal });
    const full = await runOnBenchmark({ benchmark: nb201, strategy: 'random', queries: 30, seed: 1 });
    expect(resumed.result.observations.map((o) => o.key).sort()).toEqual(full.result.observations.map((o) => o.key).sort());
    const ids = evaluatedIds(journal.replay());
    expect(new Set(ids).size).toBe(30);
  });

  it('records a throwing evaluation as a failed one and carries on', async () => {
    let calls = 0;
    const flaky = {
      ...nb201,
      name: 'flaky',
      metricNames: nb201.metricNames,
      evaluate: async (...args: Parameters<typeof nb201.evaluate>) => {
        calls++;
        if (calls === 3) throw new Error('worker crashed');
        return nb201.evaluate(...args);
      },
    };
    const { result } = await runOnBenchmark({ benchmark: nb201, strategy: 'rea', queries: 12, seed: 1, evaluator: flaky });
    expect(result.observations).toHaveLength(12);
    const failed = result.observations.filter((o) => o.failed);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.losses[0]).toBe(Number.POSITIVE_INFINITY);
  });
});

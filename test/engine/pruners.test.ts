import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import type { Candidate, EvaluateContext, Evaluation, Evaluator } from '../../src/core/index.js';
import { AshaPruner, MedianPruner, SearchEngine } from '../../src/engine/index.js';
import type { Pruner } from '../../src/engine/index.js';
import { MemoryRunJournal, runStateFromEvents } from '../../src/run/index.js';
import type { RunEvent } from '../../src/run/index.js';
import { createStrategy } from '../../src/search/index.js';
import { MlpSpace } from '../../src/space/index.js';

const curve = (...accs: number[]) => accs.map((a, i) => ({ epoch: i + 1, loss: -a }));

describe('MedianPruner', () => {
  it('stops a value below the median of completed evaluations at the same epoch, after warm-up and start-up', () => {
    const p = new MedianPruner({ startupTrials: 3, warmupEpochs: 1 });
    p.finished(0, curve(0.3, 0.5), 'completed');
    p.finished(1, curve(0.3, 0.6), 'completed');
    expect(p.decide(9, { epoch: 2, loss: -0.1 })).toBe('continue'); // 2 completed < 3 start-up evaluations
    p.finished(2, curve(0.3, 0.7), 'completed');
    p.finished(3, curve(0.3, 0.1), 'pruned'); // pruned and failed ones do not set the median
    expect(p.decide(9, { epoch: 1, loss: -0.0 })).toBe('continue'); // warm-up
    expect(p.decide(9, { epoch: 2, loss: -0.55 })).toBe('prune'); // median 0.6
    expect(p.decide(9, { epoch: 2, loss: -0.6 })).toBe('continue'); // not worse than the median
    expect(p.decide(9, { epoch: 3, loss: -0.0 })).toBe('continue'); // nobody reported epoch 3
    expect(p.decide(9, { epoch: 2, loss: Number.NaN })).toBe('prune');
  });

  it('prunes from the first report by default (Optuna: no warm-up), e.g. at a third of an epoch', () => {
    const p = new MedianPruner({ startupTrials: 1 });
    p.finished(0, [{ epoch: 1 / 3, loss: -0.6 }, ...curve(0.9)], 'completed');
    expect(p.decide(1, { epoch: 1 / 3, loss: -0.3 })).toBe('prune');
    expect(p.decide(2, { epoch: 1 / 3, loss: -0.7 })).toBe('continue');
  });
});

describe('AshaPruner', () => {
  it('has rungs at minEpochs·η^k and keeps the top ⌊n/η⌋ of each rung (at least one)', () => {
    const p = new AshaPruner({ reductionFactor: 3, minEpochs: 1, startupValues: 1 });
    expect([1, 2, 3, 4, 9, 27].map((e) => p.isRung(e))).toEqual([true, false, true, false, true, true]);
    expect(p.decide(0, { epoch: 1, loss: -0.5 })).toBe('continue'); // first at the rung
    expect(p.decide(1, { epoch: 1, loss: -0.4 })).toBe('prune'); // top 1 of 2 is 0.5
    expect(p.decide(2, { epoch: 1, loss: -0.6 })).toBe('continue'); // top 1 of 3 is itself
    expect(p.decide(3, { epoch: 2, loss: -0.0 })).toBe('continue'); // not a rung
    for (let id = 4; id < 7; id++) p.decide(id, { epoch: 1, loss: -0.1 });
    // 7 values at rung 1: the best ⌊7/3⌋ = 2 are 0.6 and 0.5
    expect(p.decide(7, { epoch: 1, loss: -0.55 })).toBe('continue'); // 8 values: keep 2 → 0.6, 0.55
    expect(p.decide(8, { epoch: 1, loss: -0.52 })).toBe('prune');
  });

  it('starts at 1/3 epoch by default: 1/3, 1, 3, 9 are rungs whatever float rounding gave them', () => {
    const p = new AshaPruner({ startupValues: 1 });
    expect([1 / 9, 1 / 3, 0.1 + 0.2333333333333333, 0.5, 1, 2, 3, 9].map((e) => p.isRung(e))).toEqual([false, true, true, false, true, false, true, true]);
    expect(p.decide(0, { epoch: 1 / 3, loss: -0.5 })).toBe('continue');
    expect(p.decide(1, { epoch: 0.1 + 0.2333333333333333, loss: -0.4 })).toBe('prune'); // the same rung
  });

  it('judges at a rung only once it holds 5 values, by default', () => {
    const p = new AshaPruner({ minEpochs: 1 });
    // the 2nd to 4th are worse than the first and go on all the same
    expect([0.9, 0.1, 0.2, 0.3].map((acc, id) => p.decide(id, { epoch: 1, loss: -acc }))).toEqual(['continue', 'continue', 'continue', 'continue']);
    expect(p.decide(4, { epoch: 1, loss: -0.4 })).toBe('prune'); // best ⌊5/3⌋ = 1 is 0.9
    expect(p.decide(5, { epoch: 1, loss: -0.35 })).toBe('prune'); // best ⌊6/3⌋ = 2 are 0.9, 0.4
    expect(p.decide(6, { epoch: 1, loss: -0.5 })).toBe('continue'); // best 2 of 7: 0.9, 0.5
  });

  it('rebuilds its rungs from replayed curves', () => {
    const live = new AshaPruner();
    const replayed = new AshaPruner();
    const curves = [curve(0.5, 0.6, 0.7), curve(0.4), curve(0.6, 0.65, 0.8)];
    curves.forEach((c, id) => c.forEach((point) => live.decide(id, point)));
    curves.forEach((c, id) => replayed.finished(id, c));
    expect(replayed.decide(5, { epoch: 3, loss: -0.75 })).toBe(live.decide(5, { epoch: 3, loss: -0.75 }));
    expect(replayed.decide(6, { epoch: 1, loss: -0.45 })).toBe(live.decide(6, { epoch: 1, loss: -0.45 }));
  });
});

/**
 * A stand-in trainer: accuracy after epoch e is q·(1 − 0.5^e), q fixed by the candidate, reported
 * after every epoch; stops when told to.
 */
function curveEvaluator(space: MlpSpace): Evaluator<Candidate> {
  return {
    name: 'curves',
    metricNames: ['validAcc'],
    async evaluate(candidate: Candidate, context: EvaluateContext): Promise<Evaluation> {
      const epochs = 6;
      const q = 0.5 + 0.5 * new Rng(space.key(candidate as never)).next();
      let acc = 0;
      for (let e = 1; e <= epochs; e++) {
        acc = q * (1 - 0.5 ** e);
        if (e < epochs && context.report?.({ epoch: e, metrics: { validAcc: acc } }) === 'prune') {
          return { metrics: { validAcc: acc }, cost: e / epochs, seconds: 0, pruned: { epoch: e, epochs } };
        }
      }
      return { metrics: { validAcc: acc }, cost: 1, seconds: 0 };
    },
  };
}

async function run(pruner: () => Pruner, journal: MemoryRunJournal, queries: number, stopAfter?: number) {
  const space = new MlpSpace({ inputFeatures: 64, classes: 10 });
  const objectives = [{ metric: 'validAcc', direction: 'max' as const }];
  const controller = new AbortController();
  let seen = 0;
  const engine = new SearchEngine({
    space,
    evaluator: curveEvaluator(space),
    strategy: createStrategy('random', { space, objectives, rng: new Rng('1/strategy') }),
    objectives,
    budget: { queries },
    seed: 1,
    journal,
    pruner: pruner(),
    signal: controller.signal,
    observers: [{ onEvent: (e) => e.type === 'candidate-evaluated' && ++seen === stopAfter && controller.abort() }],
  });
  return engine.run();
}

const evaluated = (events: readonly RunEvent[]) =>
  events.filter((e): e is Extract<RunEvent, { type: 'candidate-evaluated' }> => e.type === 'candidate-evaluated').map((e) => [e.id, e.evaluation]);

describe('SearchEngine with a pruner', () => {
  it('journals pruned evaluations with their curve and cost, keeps them off the front, and resumes to the same decisions', async () => {
    const whole = new MemoryRunJournal();
    const result = await run(() => new MedianPruner(), whole, 30);
    const pruned = result.observations.filter((o) => o.pruned);
    expect(pruned.length).toBeGreaterThan(5);
    expect(pruned.every((o) => o.cost < 1)).toBe(true);
    const events = whole.replay();
    const first = evaluated(events).find(([, e]) => (e as Evaluation).pruned) as [number, Evaluation];
    expect(first[1].curve?.map((r) => r.epoch)).toEqual(Array.from({ length: first[1].pruned?.epoch ?? 0 }, (_, i) => i + 1));
    const state = runStateFromEvents({ objectives: [{ metric: 'validAcc', direction: 'max' }], budget: { queries: 30 } }, events);
    const front = state.front.map((i) => state.points.at(i));
    expect(front.every((p) => !p?.pruned)).toBe(true);

    const split = new MemoryRunJournal();
    await run(() => new MedianPruner(), split, 30, 12);
    await run(() => new MedianPruner(), split, 30);
    expect(evaluated(split.replay())).toEqual(evaluated(events));
  });
});

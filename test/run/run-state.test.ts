import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { paretoFront } from '../../src/pareto/index.js';
import type { RunEvent, RunState } from '../../src/run/index.js';
import { runProgress } from '../../src/tui/index.js';
import { EventLog, config, smallRun } from '../tui/events.js';
import { AppendOnlyList, initialRunState, reduceRunState, rerunOnResume, runStateFromEvents } from '../../src/run/index.js';

const ids = (state: RunState, indices: readonly (number | undefined)[]) => indices.map((i) => (i === undefined ? undefined : state.points.at(i)?.id));

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('reduceRunState', () => {
  it('counts evaluations, failures, cost and in-flight candidates of a hand-made run', () => {
    const state = runStateFromEvents(config, smallRun().events);
    expect(state.points.toArray().map((p) => p.id)).toEqual([0, 1, 2, 3, 4]);
    expect(state.failed).toBe(1);
    expect(state.lastFailure).toEqual({ id: 3, message: 'diverged (loss NaN)' });
    expect(state.costSpent).toBe(4); // the failure cost 0
    expect(state.evaluationSeconds).toBe(400);
    expect(state.pending.map((p) => p.id)).toEqual([5, 6]);
    // slots stay put while a candidate runs: #5 kept worker 2, #6 took the freed worker 1
    expect(state.slots).toEqual([6, 5]);
    expect(state.stage).toBe('rea: evolving');
    expect(state.stages.map((s) => [s.stage, s.evaluated])).toEqual([
      ['rea: filling the population', 0],
      ['rea: evolving', 4],
    ]);
    expect(state.fits).toEqual([{ seq: 12, timeMs: Date.parse('2026-01-01T00:00:35.000Z'), samples: 4, seconds: 1.5, quality: { kendallTau: 0.6, spearman: 0.75 }, evaluated: 4 }]);
    expect(state.finished).toBeUndefined();
  });

  it('keeps the Pareto front and the best per objective in real units', () => {
    const state = runStateFromEvents(config, smallRun().events);
    // #2 is dominated by #0, #3 failed, #1 and #4 are equal and both stay
    expect(ids(state, state.front)).toEqual([0, 1, 4]);
    expect(ids(state, state.best)).toEqual([1, 0]); // validAcc: the earlier of the tied #1/#4; paramsM: #0
    const p1 = state.points.at(1);
    expect(p1?.values).toEqual([92, 2]);
    expect(p1?.losses).toEqual([-92, 2]);
    expect(state.points.at(3)).toMatchObject({ failed: true, feasible: false, losses: [Infinity, Infinity] });

    const next = reduceRunState(state, { ...new EventLog().evaluated(50, 5, { validAcc: 91, paramsM: 0.8 }).events[0]!, seq: 100 });
    // #5 dominates #0 (better on both), not #1/#4 (less accurate)
    expect(ids(next, next.front)).toEqual([1, 4, 5]);
    expect(ids(next, next.best)).toEqual([1, 5]);
  });

  it('matches paretoFront on 400 random 3-objective evaluations with ties, failures and constraints', () => {
    const rng = new Rng('tui-front');
    const objectives = [
      { metric: 'a', direction: 'max' as const },
      { metric: 'b', direction: 'min' as const },
      { metric: 'c', direction: 'min' as const },
    ];
    const cfg = { objectives, budget: { queries: 400 }, constraints: [{ metric: 'c', max: 8 }] };
    const log = new EventLog().started(0);
    for (let id = 0; id < 400; id++) {
      log.proposed(id, [id]);
      if (rng.int(20) === 0) log.failed(id, id, 'crashed');
      else log.evaluated(id, id, { a: rng.int(10), b: rng.int(10), c: rng.int(10) });
    }
    let state = initialRunState(cfg);
    for (const [n, event] of log.events.entries()) {
      state = reduceRunState(state, event);
      if (n % 50 !== 0 && n !== log.events.length - 1) continue;
      const eligible = state.points.toArray().flatMap((p, i) => (!p.failed && (p.values[2] as number) <= 8 ? [i] : []));
      const expected = paretoFront(eligible.map((i) => state.points.at(i)!.losses)).map((k) => eligible[k]);
      expect(state.front).toEqual(expected);
      for (let j = 0; j < 3 && eligible.length > 0; j++) {
        const bestLoss = Math.min(...eligible.map((i) => state.points.at(i)!.losses[j]!));
        expect(state.points.at(state.best[j]!)!.losses[j]).toBe(bestLoss);
      }
    }
    expect(state.points).toHaveLength(400);
  });

  it('ignores events it has already applied, so replays can be fed twice', () => {
    const { events } = smallRun();
    const once = runStateFromEvents(config, events);
    expect(runStateFromEvents(config, [...events, ...events])).toEqual(once);
    for (const e of events) expect(reduceRunState(once, e)).toBe(once);
  });

  it('never mutates the state it is given', () => {
    let state = deepFreeze(initialRunState(config));
    for (const event of smallRun().finished(45, 'stopped').events) state = deepFreeze(reduceRunState(state, deepFreeze(event)));
    expect(state.finished).toEqual({ reason: 'stopped' });
  });

  it('keeps unevaluated proposals pending after a stop and clears "finished" when a resumed session starts', () => {
    const stopped = smallRun().finished(45, 'stopped');
    const before = runStateFromEvents(config, stopped.events);
    expect(before.finished).toEqual({ reason: 'stopped' });
    expect(before.pending.map((p) => p.id)).toEqual([5, 6]);
    const resumed = runStateFromEvents(config, stopped.started(1000, 7, 5).evaluated(1010, 5, { validAcc: 80, paramsM: 3 }).events);
    expect(resumed.finished).toBeUndefined();
    expect(resumed.sessions).toBe(2);
    expect(resumed.pending.map((p) => p.id)).toEqual([6]);
  });

  it('keeps predictions carried by a proposal for the faint scatter points', () => {
    const log = new EventLog().started(0).proposed(0, [0, 1], [[93, 1.2], [88, 0.4]]).proposed(1, [2], [[1]]);
    const state = runStateFromEvents(config, log.events);
    expect(state.pending.map((p) => p.predicted)).toEqual([[93, 1.2], [88, 0.4], undefined]); // a malformed row is dropped
  });

  it('leaves infeasible evaluations off the front and out of the best', () => {
    const cfg = { ...config, constraints: [{ metric: 'paramsM', max: 1.5 }] };
    const state = runStateFromEvents(cfg, smallRun().events);
    expect(state.points.toArray().map((p) => p.feasible)).toEqual([true, false, true, false, false]);
    expect(ids(state, state.front)).toEqual([0]);
    expect(ids(state, state.best)).toEqual([0, 0]);
  });
});

describe('AppendOnlyList', () => {
  it('never changes what an older list shows, even when it is appended to again', () => {
    const a = AppendOnlyList.from([1, 2]);
    const b = a.append(3);
    const c = b.append(4); // in place: b still shows three items
    const d = b.append(5); // b is no longer the newest view: copied
    expect([a.toArray(), b.toArray(), c.toArray(), d.toArray()]).toEqual([[1, 2], [1, 2, 3], [1, 2, 3, 4], [1, 2, 3, 5]]);
    expect([...c]).toEqual([1, 2, 3, 4]);
    expect([c.at(-1), c.at(4), d.at(3)]).toEqual([4, undefined, 5]);
  });
});

describe('runProgress', () => {
  it('derives elapsed time and ETA from event times and the average pace', () => {
    const state = runStateFromEvents(config, smallRun().events);
    const p = runProgress(state);
    expect(p.elapsedSeconds).toBe(40);
    expect(p.fraction).toBe(0.5); // 5 of 10 queries
    expect(p.etaSeconds).toBe(40); // 5 left at 5 per 40 s
    expect(p.limits.map((l) => l.label)).toEqual(['5/10 evals']);
    // while live, the time since the latest event counts: 5 evaluations in 50 s, 5 left → 50 s
    const live = runProgress(state, Date.parse('2026-01-01T00:00:50.000Z'));
    expect(live.elapsedSeconds).toBe(50);
    expect(live.etaSeconds).toBe(50);
  });

  it('takes the limit that ends the run first', () => {
    const cfg = { ...config, budget: { queries: 10, cost: 6, seconds: 100 } };
    const p = runProgress(runStateFromEvents(cfg, smallRun().events));
    // queries: 5/10 → 40 s; cost: 4 of 6 at 0.1/s → 20 s; seconds: 40 of 100 → 60 s
    expect(p.fraction).toBeCloseTo(4 / 6);
    expect(p.etaSeconds).toBeCloseTo(20);
    expect(p.limits.map((l) => l.label)).toEqual(['5/10 evals', 'cost 4.00/6.00', '40s/1m40s']);
  });

  it('does not count the time between an interruption and the resume', () => {
    const log = smallRun().started(1000, 7, 5).evaluated(1010, 5, { validAcc: 80, paramsM: 3 });
    const p = runProgress(runStateFromEvents({ ...config, budget: { queries: 10, seconds: 60 } }, log.events));
    expect(p.elapsedSeconds).toBe(50); // 40 s + 10 s
    expect(p.sessionSeconds).toBe(10);
    // a seconds budget counts the whole run, as in the engine: 10 of 60 s left (queries: 100/3 s)
    expect(p.etaSeconds).toBeCloseTo(10);
    expect(p.limits.map((l) => l.label)).toEqual(['6/10 evals', '50s/1m00s']);
  });

  it('reports a finished run as done and a budget end as 100%', () => {
    const p = runProgress(runStateFromEvents(config, smallRun().finished(50, 'budget').events), Date.parse('2026-01-01T01:00:00Z'));
    expect(p).toMatchObject({ fraction: 1, etaSeconds: 0, elapsedSeconds: 50 });
  });

  it('has no ETA before events carry times', () => {
    const events: RunEvent[] = smallRun().events.map((e) => ({ ...e, time: '' }));
    const p = runProgress(runStateFromEvents(config, events), Date.now());
    expect(p.etaSeconds).toBeUndefined();
    expect(p.elapsedSeconds).toBe(0);
    expect(p.fraction).toBe(0.5);
  });
});

describe('rerunOnResume', () => {
  it('counts the unevaluated proposals resume would run, within what the budget has left', () => {
    // smallRun: 5 evaluated (cost 4, 40 s), #5 and #6 in flight
    const events = smallRun().finished(50, 'stopped').events;
    expect(rerunOnResume(runStateFromEvents({ ...config, budget: { queries: 10 } }, events))).toBe(2);
    expect(rerunOnResume(runStateFromEvents({ ...config, budget: { queries: 6 } }, events))).toBe(1);
    expect(rerunOnResume(runStateFromEvents({ ...config, budget: { queries: 5 } }, events))).toBe(0);
    expect(rerunOnResume(runStateFromEvents({ ...config, budget: { cost: 4 } }, events))).toBe(0);
    expect(rerunOnResume(runStateFromEvents({ ...config, budget: { seconds: 50 } }, events))).toBe(0);
    expect(rerunOnResume(runStateFromEvents({ ...config, budget: { seconds: 60 } }, events))).toBe(2);
  });
});

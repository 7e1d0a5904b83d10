import type { Candidate, Evaluation } from '../../src/core/index.js';
import type { RunEvent, RunStateConfig } from '../../src/run/index.js';
import type { RunConfig } from '../../src/setup/index.js';

export const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** Two objectives, the usual trade-off: accuracy up, parameters down. */
export const config: RunConfig & RunStateConfig = {
  version: 1,
  evaluator: { kind: 'benchmark', benchmark: 'nb201-cifar10' },
  evaluatorLabel: 'nb201-cifar10',
  strategy: 'rea',
  strategyOptions: {},
  objectives: [
    { metric: 'validAcc', direction: 'max' },
    { metric: 'paramsM', direction: 'min' },
  ],
  constraints: [],
  budget: { queries: 10 },
  fidelity: 'full',
  seed: 7,
  workers: 2,
};

export const candidateOf = (id: number): Candidate => ({ arch: { cell: `c${id}` }, recipe: { epochs: 200 } });
export const describeCandidate = (c: unknown) => `cell ${String((c as { arch: { cell: string } }).arch.cell)} · 200 epochs`;

/** Builds journal events with consecutive seq numbers and times given in seconds after T0. */
export class EventLog {
  readonly events: RunEvent[] = [];

  private stamp(atSeconds: number) {
    return { seq: this.events.length, time: new Date(T0 + atSeconds * 1000).toISOString() };
  }

  started(atSeconds: number, seed = 7, resumedFrom = 0): this {
    this.events.push({ type: 'run-started', ...this.stamp(atSeconds), seed, resumedFrom });
    return this;
  }

  proposed(atSeconds: number, ids: number[], predicted?: number[][]): this {
    const event = {
      type: 'candidates-proposed' as const,
      ...this.stamp(atSeconds),
      requested: ids.length,
      ids,
      keys: ids.map((id) => `k${id}`),
      candidates: ids.map(candidateOf),
      ...(predicted ? { predicted } : {}),
    };
    this.events.push(event);
    return this;
  }

  evaluated(atSeconds: number, id: number, metrics: Record<string, number>, extra: Partial<Evaluation> = {}): this {
    this.events.push({
      type: 'candidate-evaluated',
      ...this.stamp(atSeconds),
      id,
      key: `k${id}`,
      evaluation: { metrics, cost: 1, seconds: 100, ...extra },
    });
    return this;
  }

  failed(atSeconds: number, id: number, message: string): this {
    return this.evaluated(atSeconds, id, {}, { failure: message, cost: 0, seconds: 0 });
  }

  stage(atSeconds: number, stage: string): this {
    this.events.push({ type: 'stage-changed', ...this.stamp(atSeconds), stage });
    return this;
  }

  fitted(atSeconds: number, samples: number, seconds: number, quality: Record<string, number>): this {
    this.events.push({ type: 'predictor-fitted', ...this.stamp(atSeconds), samples, seconds, quality });
    return this;
  }

  finished(atSeconds: number, reason: 'budget' | 'stopped' | 'exhausted' | 'failed'): this {
    this.events.push({ type: 'run-finished', ...this.stamp(atSeconds), reason });
    return this;
  }
}

/**
 * A small two-worker run: five evaluations (one failed, one dominated, two equal), a stage
 * change and a predictor fit, two candidates still running.
 *   #0 90/1.0  #1 92/2.0  #2 89/1.5 (dominated by #0)  #3 failed  #4 92/2.0 (equal to #1)
 */
export function smallRun(): EventLog {
  return new EventLog()
    .started(0)
    .proposed(0, [0, 1])
    .stage(0, 'rea: filling the population')
    .evaluated(10, 0, { validAcc: 90, paramsM: 1.0 })
    .proposed(10, [2])
    .evaluated(20, 1, { validAcc: 92, paramsM: 2.0 })
    .proposed(20, [3])
    .evaluated(25, 2, { validAcc: 89, paramsM: 1.5 })
    .proposed(25, [4])
    .failed(30, 3, 'diverged (loss NaN)')
    .proposed(30, [5])
    .stage(30, 'rea: evolving')
    .fitted(35, 4, 1.5, { kendallTau: 0.6, spearman: 0.75 })
    .evaluated(40, 4, { validAcc: 92, paramsM: 2.0 })
    .proposed(40, [6]);
}

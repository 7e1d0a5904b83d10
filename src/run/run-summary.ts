import type { Candidate, Metrics, Objective } from '../core/index.js';
import { toLosses } from '../core/index.js';
import type { RunEvent } from './events.js';

export interface EvaluatedCandidate {
  readonly id: number;
  readonly key: string;
  readonly candidate: Candidate;
  readonly metrics: Metrics;
  readonly hiddenMetrics: Metrics;
  readonly cost: number;
  readonly seconds: number;
  readonly failure?: string;
  readonly info: Readonly<Record<string, unknown>>;
}

export interface RunSummary {
  readonly evaluated: readonly EvaluatedCandidate[];
  readonly failed: number;
  /** Proposed but not (yet) evaluated: in flight, or lost in a crash and re-queued on resume. */
  readonly pending: readonly number[];
  readonly spentCost: number;
  readonly stage?: string;
  readonly sessions: number;
  readonly finished?: { readonly reason: string; readonly time: string };
  readonly startedAt?: string;
  readonly lastEventAt?: string;
  readonly predictorFits: readonly { readonly samples: number; readonly seconds: number; readonly quality?: Readonly<Record<string, number>> }[];
}

/** Folds a journal into what status lines, `jars ls` and exports need. */
export function summariseRun(events: readonly RunEvent[]): RunSummary {
  const proposed = new Map<number, Candidate>();
  const evaluated: EvaluatedCandidate[] = [];
  let failed = 0;
  let spentCost = 0;
  let stage: string | undefined;
  let sessions = 0;
  let finished: RunSummary['finished'];
  const predictorFits: RunSummary['predictorFits'][number][] = [];
  for (const e of events) {
    switch (e.type) {
      case 'run-started':
        sessions++;
        finished = undefined;
        break;
      case 'candidates-proposed':
        e.ids.forEach((id, i) => proposed.set(id, e.candidates[i] as Candidate));
        break;
      case 'candidate-evaluated': {
        const ev = e.evaluation;
        if (ev.failure !== undefined) failed++;
        spentCost += ev.cost;
        evaluated.push({
          id: e.id,
          key: e.key,
          candidate: proposed.get(e.id) as Candidate,
          metrics: ev.metrics,
          hiddenMetrics: ev.hiddenMetrics ?? {},
          cost: ev.cost,
          seconds: ev.seconds,
          ...(ev.failure !== undefined ? { failure: ev.failure } : {}),
          info: ev.info ?? {},
        });
        break;
      }
      case 'stage-changed':
        stage = e.stage;
        break;
      case 'predictor-fitted':
        predictorFits.push({ samples: e.samples, seconds: e.seconds, ...(e.quality ? { quality: e.quality } : {}) });
        break;
      case 'run-finished':
        finished = { reason: e.reason, time: e.time };
        break;
    }
  }
  const done = new Set(evaluated.map((c) => c.id));
  return {
    evaluated,
    failed,
    pending: [...proposed.keys()].filter((id) => !done.has(id)),
    spentCost,
    sessions,
    predictorFits,
    ...(stage !== undefined ? { stage } : {}),
    ...(finished ? { finished } : {}),
    ...(events[0] ? { startedAt: events[0].time } : {}),
    ...(events.at(-1) ? { lastEventAt: (events.at(-1) as RunEvent).time } : {}),
  };
}

/** The evaluated candidate with the best value of `objective` (failures excluded). */
export function bestFor(evaluated: readonly EvaluatedCandidate[], objective: Objective): EvaluatedCandidate | undefined {
  let best: EvaluatedCandidate | undefined;
  let bestLoss = Number.POSITIVE_INFINITY;
  for (const c of evaluated) {
    if (c.failure !== undefined) continue;
    const loss = toLosses(c.metrics, [objective])[0] as number;
    if (loss < bestLoss) {
      bestLoss = loss;
      best = c;
    }
  }
  return best;
}

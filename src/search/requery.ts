import type { Candidate, Observation } from '../core/index.js';
import { InvalidInputError, meansByCandidate, show } from '../core/index.js';
import type { Strategy, StrategyContext } from './strategy.js';
import { fidelityLevels } from './neighbours.js';
import { OptionReader } from './strategy-options.js';

/**
 * Re-queries for noisy evaluations (one random training run per query): the last `queries` of the
 * query budget go to candidates already measured, so their means, not one lucky run, decide the
 * final pick (`bestByMean`).
 */
export interface RequeryOptions {
  /** Queries kept back at the end of the budget for re-queries. */
  readonly queries: number;
  /** Re-queries go to the `top` candidates by mean first objective. */
  readonly top: number;
  /** Evaluations of one candidate at most, its first included (FCNet and NB201 record 4 runs). */
  readonly evaluations: number;
}

export const REQUERY_DEFAULTS: Omit<RequeryOptions, 'queries'> = { top: 5, evaluations: 4 };

export function readRequeryOptions(raw: unknown, budgetQueries: number | undefined): RequeryOptions {
  if (typeof raw === 'number') raw = { queries: raw };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidInputError(`requery must be a number of queries or an object {queries, top, evaluations}, but got ${show(raw)}`);
  }
  const read = new OptionReader('requery', raw as Record<string, unknown>, ['queries', 'top', 'evaluations']);
  const options = {
    queries: read.int('queries', 0, 0),
    top: read.int('top', REQUERY_DEFAULTS.top),
    evaluations: read.int('evaluations', REQUERY_DEFAULTS.evaluations, 2),
  };
  if (options.queries > 0 && budgetQueries === undefined) {
    throw new InvalidInputError('requery.queries needs a query budget (--budget N queries) to know when the budget ends, but the run has none');
  }
  if (budgetQueries !== undefined && options.queries >= budgetQueries) {
    throw new InvalidInputError(`requery.queries must be below the query budget (${budgetQueries}), but got ${options.queries}`);
  }
  return options;
}

/**
 * Wraps a strategy: until `budget − queries` proposals it proposes what the strategy proposes;
 * then each proposal re-queries, among the `top` candidates by mean, the one with the fewest
 * evaluations (the better mean on a tie), up to `evaluations` each. When none is left to
 * re-query, the strategy proposes again. The wrapped strategy only sees its own proposals' results.
 */
export function withRequery<C extends Candidate>(inner: Strategy<C>, context: StrategyContext<C>, options: RequeryOptions): Strategy<C> {
  const { space } = context;
  const budget = context.budget?.queries ?? Number.POSITIVE_INFINITY;
  const start = budget - options.queries;
  const levels = fidelityLevels(space);
  const dimension = space.fidelity?.dimension;
  const isFull = (c: C) => !levels || (c as unknown as { recipe: Record<string, unknown> }).recipe[dimension as string] === levels.full;
  const observations: Observation<C>[] = [];
  /** Keys proposed and not yet told, with how many times. */
  const inFlight = new Map<string, number>();
  /** Keys whose next result is a re-query's (not the wrapped strategy's). */
  const requeried = new Map<string, number>();
  let proposed = 0;

  const pickRequeries = (n: number): C[] => {
    const ranked = meansByCandidate(observations.filter((o) => isFull(o.candidate)), (c) => space.key(c)).slice(0, options.top);
    const out: C[] = [];
    for (let i = 0; i < n; i++) {
      const open = ranked
        .map((r) => ({ r, total: r.count + (inFlight.get(r.key) ?? 0) }))
        .filter((x) => x.total < options.evaluations)
        .sort((a, b) => a.total - b.total || a.r.mean - b.r.mean);
      const next = open[0];
      if (!next) break;
      out.push(next.r.candidate);
      inFlight.set(next.r.key, (inFlight.get(next.r.key) ?? 0) + 1);
      requeried.set(next.r.key, (requeried.get(next.r.key) ?? 0) + 1);
    }
    return out;
  };

  return {
    name: inner.name,
    async ask(n) {
      let out: C[] = [];
      if (proposed >= start) out = pickRequeries(n);
      if (out.length === 0) {
        out = await inner.ask(n);
        for (const c of out) inFlight.set(space.key(c), (inFlight.get(space.key(c)) ?? 0) + 1);
      }
      proposed += out.length;
      return out;
    },
    async tell(told) {
      const mine: Observation<C>[] = [];
      for (const o of told) {
        const key = space.key(o.candidate);
        observations.push(o);
        const left = (inFlight.get(key) ?? 1) - 1;
        if (left > 0) inFlight.set(key, left);
        else inFlight.delete(key);
        const r = requeried.get(key) ?? 0;
        if (r > 0) {
          if (r === 1) requeried.delete(key);
          else requeried.set(key, r - 1);
        } else mine.push(o);
      }
      if (mine.length > 0) await inner.tell(mine);
    },
    progress: () => (proposed >= start ? { stage: `${inner.name}: re-querying the top ${options.top} (${options.queries} queries)` } : (inner.progress?.() ?? { stage: inner.name })),
    ...(inner.predicted ? { predicted: (c: C) => inner.predicted?.(c) } : {}),
    ...(inner.takeFitReports ? { takeFitReports: () => inner.takeFitReports?.() ?? [] } : {}),
  };
}

import type { Candidate, Choice, Objective } from '../core/index.js';
import { InvalidInputError } from '../core/index.js';
import { nonDominatedSort } from '../pareto/index.js';
import type { SearchSpace } from '../space/index.js';
import { PROGRESSIVE_OPTION_NAMES, createProgressiveSearch } from './progressive-search.js';
import type { ChildSelection } from './progressive-search.js';
import type { Strategy, StrategyContext } from './strategy.js';
import { OptionReader } from './strategy-options.js';

const OPTION_NAMES = [...PROGRESSIVE_OPTION_NAMES, 'cost', 'exploration'] as const;

/**
 * POPNASv3 (Falanti et al., 2022, arXiv 2212.06735): progressive search like PNAS, but the children
 * to measure come from the Pareto fronts of (predicted score ↑, predicted cost ↓) — costs are the
 * run's further objectives, or the `cost` metrics (training time, FLOPs, params, latency; up to 3,
 * free statistics computed exactly, measured ones predicted) — scanned front by front in order of
 * acquisition, skipping children whose predicted point equals one already chosen (equivalent cells
 * the predictor cannot tell apart), plus an exploration step that adds children using the
 * architecture values (operators, inputs) measured least so far.
 */
export function createPopnas<C extends Candidate>(context: StrategyContext<C>): Strategy<C> {
  const read = new OptionReader('popnas', context.options, OPTION_NAMES);
  const { objectives, space } = context;
  const costs = costMetrics(read, objectives, space);
  const extra = costs.filter((m) => !objectives.some((o) => o.metric === m)).map((metric): Objective => ({ metric, direction: 'min' }));
  const costColumns = costs.map((m) => {
    const i = objectives.findIndex((o) => o.metric === m);
    return i >= 0 ? i : objectives.length + extra.findIndex((o) => o.metric === m);
  });
  const exploration = read.int('exploration', 2, 0);
  return createProgressiveSearch(context, {
    name: 'popnas',
    read,
    extraTargets: extra,
    select: (s) => selectChildren(s, space, objectives.length, costColumns, exploration),
  });
}

function costMetrics(read: OptionReader, objectives: readonly Objective[], space: SearchSpace<Candidate>): string[] {
  const fallback =
    objectives.length > 1
      ? objectives.slice(1).map((o) => o.metric)
      : space.statisticNames.includes('flopsM')
        ? ['flopsM']
        : space.statisticNames.slice(0, 1);
  const costs = read.stringList('cost', fallback);
  if (costs.length > 3) throw new InvalidInputError(`popnas.cost lists at most 3 metrics, but got ${costs.length} (${costs.join(', ')})`);
  return costs;
}

function selectChildren<C extends Candidate>(
  s: ChildSelection<C>,
  space: SearchSpace<C>,
  objectiveCount: number,
  costColumns: readonly number[],
  exploration: number,
): number[] {
  const { pool, prediction, acquisition, k } = s;
  const means = prediction.mean.map((m) => m.slice(0, objectiveCount));
  const stds = prediction.std.map((m) => m.slice(0, objectiveCount));
  const utility = means.map((m, i) => acquisition.utility(m, stds[i] as number[]));
  const points = prediction.mean.map((m) => [m[0] as number, ...costColumns.map((c) => m[c] as number)]);
  const chosen: number[] = [];
  const taken = new Set<string>();
  const exploit = Math.max(1, k - exploration);
  for (const front of nonDominatedSort(points)) {
    const ordered = front.slice().sort((a, b) => (utility[b] as number) - (utility[a] as number) || a - b);
    for (const i of ordered) {
      if (chosen.length >= exploit) break;
      const signature = (points[i] as number[]).map((v) => v.toPrecision(6)).join('|');
      if (taken.has(signature)) continue;
      taken.add(signature);
      chosen.push(i);
    }
    if (chosen.length >= exploit) break;
  }
  chosen.push(...explorationChildren(space, pool, s.measured.map((o) => o.candidate), chosen, utility, Math.min(exploration, k - chosen.length)));
  return chosen;
}

/**
 * Up to `count` more children, each holding an architecture value (operator, input, width) that the
 * measured and already chosen candidates use least — the best-predicted child holding it.
 */
export function explorationChildren<C extends Candidate>(
  space: SearchSpace<C>,
  pool: readonly C[],
  measured: readonly C[],
  chosen: readonly number[],
  utility: readonly number[],
  count: number,
): number[] {
  const dims = (space.dimensions ?? []).filter((d) => d.part === 'arch' && d.values.length > 1);
  if (count <= 0 || dims.length === 0) return [];
  const valueOf = (c: C, name: string) => (c.arch as Record<string, Choice>)[name];
  const used = [...measured, ...chosen.map((i) => pool[i] as C)];
  const rare: { dim: string; value: Choice; count: number }[] = [];
  for (const d of dims) {
    const counts = d.values.map((v) => used.filter((c) => valueOf(c, d.name) === v).length);
    const average = counts.reduce((a, b) => a + b, 0) / counts.length;
    d.values.forEach((v, j) => {
      if ((counts[j] as number) < 0.5 * average) rare.push({ dim: d.name, value: v, count: counts[j] as number });
    });
  }
  rare.sort((a, b) => a.count - b.count);
  const out: number[] = [];
  const skip = new Set(chosen);
  for (const r of rare) {
    if (out.length >= count) break;
    let best = -1;
    pool.forEach((c, i) => {
      if (skip.has(i) || valueOf(c, r.dim) !== r.value) return;
      if (best < 0 || (utility[i] as number) > (utility[best] as number)) best = i;
    });
    if (best >= 0) {
      out.push(best);
      skip.add(best);
    }
  }
  return out;
}

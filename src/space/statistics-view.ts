import { InvalidInputError } from '../core/index.js';
import type { Candidate } from '../core/index.js';
import type { SearchSpace } from './search-space.js';

/**
 * The same space with some free statistics or descriptors left out (e.g. the zero-cost proxies, to
 * measure what they add): candidates, encodings and everything else are the space's own.
 */
export function withoutStatistics<S extends SearchSpace<Candidate>>(space: S, names: readonly string[]): S {
  const descriptorNames = space.descriptorNames ?? [];
  const unknown = names.filter((n) => !space.statisticNames.includes(n) && !descriptorNames.includes(n));
  if (unknown.length > 0) {
    const known = [...space.statisticNames, ...(descriptorNames.length > 0 ? [`or its descriptors (${descriptorNames.join(', ')})`] : [])];
    throw new InvalidInputError(`statistics to leave out must be among space ${space.name}'s (${known.join(', ')}), but got ${unknown.join(', ')}`);
  }
  const kept = space.statisticNames.filter((n) => !names.includes(n));
  const keptDescriptors = descriptorNames.flatMap((n, i) => (names.includes(n) ? [] : [i]));
  const descriptors = space.descriptors?.bind(space);
  const extra =
    keptDescriptors.length === descriptorNames.length || !descriptors
      ? {}
      : {
          descriptorNames: keptDescriptors.map((i) => descriptorNames[i] as string),
          // None kept (a search surrogate's default): nothing to compute.
          descriptors: (candidate: Candidate) => {
            if (keptDescriptors.length === 0) return [];
            const all = descriptors(candidate);
            return keptDescriptors.map((i) => all[i] as number);
          },
        };
  // Only descriptors left out: the statistics are the space's own, without a copy per call.
  const statistics =
    kept.length === space.statisticNames.length
      ? (candidate: Candidate) => space.statistics(candidate)
      : (candidate: Candidate) => {
          const all = space.statistics(candidate);
          return Object.fromEntries(kept.map((n) => [n, all[n] as number]));
        };
  return statisticsView(space, kept, statistics, extra);
}

/**
 * The space seen through other free statistics: `names` and `statistics` replace its own, and
 * everything else (candidates, encodings, `prepare`) is the space's. Views of views work.
 */
export function statisticsView<S extends SearchSpace<Candidate>>(
  space: S,
  names: readonly string[],
  statistics: (candidate: Candidate) => Record<string, number>,
  extra: Readonly<Record<string, unknown>> = {},
): S {
  const view = Object.create(space) as S;
  Object.defineProperty(view, 'statisticNames', { value: names, enumerable: true });
  Object.defineProperty(view, 'statistics', { value: statistics });
  for (const [key, value] of Object.entries(extra)) Object.defineProperty(view, key, { value });
  return view;
}

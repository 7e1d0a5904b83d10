import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { InvalidInputError } from '../core/index.js';
import type { Candidate } from '../core/index.js';
import type { SearchSpace } from './search-space.js';
import { statisticsView } from './statistics-view.js';

/** Scores of one architecture, by statistic name. */
export type ArchScores = Readonly<Record<string, number>>;

/** What adds zero-cost proxies (or any costly per-architecture statistic) to a space. */
export interface ProxySource<C extends Candidate> {
  /** The statistics it adds, in order (e.g. synflow, zen, naswot). */
  readonly names: readonly string[];
  /**
   * Loads what scoring needs (tfjs, a batch of the user's data) and resolves to a synchronous
   * scorer of one architecture; `archKey` is the space's, and seeds the network's weights.
   */
  prepare(): Promise<(candidate: C, archKey: string) => ArchScores>;
  /** A JSON-lines file that keeps the scores between sessions (a run folder's `proxies.jsonl`). */
  readonly file?: string;
}

/**
 * Every score is a natural logarithm; one that is not finite (a network whose output does not
 * depend on its input, a NASWOT kernel two inputs share a code of) reads as this floor, below any
 * score a working network gets, so that predictor features stay finite.
 */
export const LOG_SCORE_FLOOR = -30;

/** A space with statistics that must be prepared first: the engine awaits `prepare()` before its first proposal. */
export type PreparedSpace<S> = S & { prepare(): Promise<void> };

/**
 * The same space with the source's scores added to its free statistics, computed once per
 * architecture (`archKey`) and cached; with a `file`, every new score is appended to it and a
 * later session (a resume) reads them back instead of recomputing, so it sees exactly the same
 * values whatever backend it runs on. `statistics()` stays synchronous, so scoring needs
 * `prepare()` to have finished; before that it is an error.
 */
export function withProxyStatistics<C extends Candidate, S extends SearchSpace<C>>(space: S, source: ProxySource<C>): PreparedSpace<S> {
  const clash = source.names.filter((n) => space.statisticNames.includes(n));
  if (clash.length > 0) throw new InvalidInputError(`proxy statistics must not repeat space ${space.name}'s own (${space.statisticNames.join(', ')}), but got ${clash.join(', ')}`);
  const cache = new Map<string, ArchScores>();
  let scorer: ((candidate: C, archKey: string) => ArchScores) | undefined;
  let ready: Promise<void> | undefined;
  const names = [...space.statisticNames, ...source.names];

  const scoresOf = (candidate: C): ArchScores => {
    const key = space.archKey(candidate);
    let scores = cache.get(key);
    if (!scores) {
      if (!scorer) throw new Error(`space ${space.name}'s proxy statistics (${source.names.join(', ')}) are not ready: await space.prepare() before asking for statistics`);
      const raw = scorer(candidate, key);
      scores = Object.fromEntries(source.names.map((n) => [n, raw[n] ?? Number.NaN]));
      cache.set(key, scores);
      if (source.file) appendFileSync(source.file, `${JSON.stringify({ arch: key, scores: Object.fromEntries(Object.entries(scores).map(([n, v]) => [n, Number.isFinite(v) ? v : null])) })}\n`);
    }
    return scores;
  };

  const statistics = (candidate: C) => {
    const scores = scoresOf(candidate);
    const out: Record<string, number> = { ...space.statistics(candidate) };
    for (const n of source.names) {
      const v = scores[n] as number;
      out[n] = Number.isFinite(v) ? v : LOG_SCORE_FLOOR;
    }
    return out;
  };
  const prepare = () =>
    (ready ??= (async () => {
      await (space as Partial<PreparedSpace<S>>).prepare?.();
      if (source.file) readScores(source.file, source.names, cache);
      scorer = await source.prepare();
    })());
  return statisticsView(space as SearchSpace<Candidate>, names, statistics as (c: Candidate) => Record<string, number>, { prepare }) as unknown as PreparedSpace<S>;
}

/** The scores a file already holds; a torn last line (a crash mid-append) and lines missing a name are skipped. */
function readScores(file: string, names: readonly string[], into: Map<string, ArchScores>): void {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  // A torn last line is closed, so the next score appended starts a line of its own.
  if (text.length > 0 && !text.endsWith('\n')) appendFileSync(file, '\n');
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let row: { arch?: unknown; scores?: Record<string, unknown> };
    try {
      row = JSON.parse(line) as typeof row;
    } catch {
      continue;
    }
    const scores = row.scores;
    if (typeof row.arch !== 'string' || typeof scores !== 'object' || scores === null) continue;
    if (!names.every((n) => typeof scores[n] === 'number' || scores[n] === null)) continue;
    into.set(row.arch, Object.fromEntries(names.map((n) => [n, scores[n] === null ? Number.NEGATIVE_INFINITY : (scores[n] as number)])));
  }
}

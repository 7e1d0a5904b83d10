import { InvalidInputError, oneOfMessage, show } from '../core/index.js';
import { bestFor } from '../report/index.js';
import type { RunAnalysis } from '../report/index.js';
import { formatConstraint } from '../pareto/index.js';
import type { MeasuredPoint } from '../run/index.js';

/** Which measured candidates to export. */
export type Pick = { readonly kind: 'best' } | { readonly kind: 'front' } | { readonly kind: 'id'; readonly id: number };

/** `best`, `front` or a candidate id (as journaled). */
export function parsePick(value: string, field = '--pick'): Pick {
  if (value === 'best' || value === 'front') return { kind: value };
  if (/^\d+$/.test(value)) return { kind: 'id', id: Number(value) };
  throw new InvalidInputError(`${field} must be best, front or a candidate id (a non-negative integer), but got ${show(value)}`);
}

/**
 * The candidates a pick names, checked against the run: `best` on `objective` (default: the first
 * objective), the whole front, or one measured, non-failed candidate.
 */
export function selectCandidates(analysis: RunAnalysis, pick: Pick, objective?: string): { candidates: MeasuredPoint[]; objective?: string } {
  const metrics = analysis.objectives.map((o) => o.metric);
  if (objective !== undefined && pick.kind !== 'best') {
    throw new InvalidInputError(`--objective applies only to --pick best, but got --pick ${pick.kind === 'id' ? pick.id : pick.kind}`);
  }
  if (objective !== undefined && !metrics.includes(objective)) {
    throw new InvalidInputError(`${oneOfMessage('--objective', metrics, objective)} (the run's objectives)`);
  }
  const measured = analysis.evaluated.filter((e) => !e.failed);
  if (measured.length === 0) {
    const why = analysis.evaluated.length === 0 ? 'nothing evaluated yet' : `${analysis.evaluated.length} evaluated, all failed`;
    throw new InvalidInputError(`run ${analysis.runId} has no successfully measured candidate yet (${why})`);
  }
  const constraints = analysis.config.constraints;
  if (pick.kind !== 'id' && constraints.length > 0 && !measured.some((e) => e.feasible)) {
    throw new InvalidInputError(`run ${analysis.runId} has no candidate that meets its constraints (${constraints.map(formatConstraint).join(', ')}) yet; --pick <id> exports one anyway`);
  }
  switch (pick.kind) {
    case 'best': {
      const metric = objective ?? (metrics[0] as string);
      const best = bestFor(analysis, metrics.indexOf(metric));
      if (!best) throw new InvalidInputError(`run ${analysis.runId} has no candidate measured at full fidelity yet`);
      return { candidates: [best], objective: metric };
    }
    case 'front':
      if (analysis.front.length === 0) throw new InvalidInputError(`run ${analysis.runId} has no candidate measured at full fidelity yet, so no front to export`);
      return { candidates: [...analysis.front] };
    case 'id': {
      const found = analysis.evaluated.find((e) => e.id === pick.id);
      if (!found) {
        const pending = analysis.pending.some((p) => p.id === pick.id);
        throw new InvalidInputError(
          `--pick candidate ${pick.id} ${pending ? 'was proposed but not evaluated yet' : 'is not in the run'}; ` +
            `evaluated ids of ${analysis.runId}: ${idRanges(analysis.evaluated.map((e) => e.id))}`,
        );
      }
      if (found.failed) {
        throw new InvalidInputError(`--pick candidate ${pick.id} failed (${found.evaluation.failure ?? 'objective metrics missing'}); pick a measured candidate`);
      }
      return { candidates: [found] };
    }
  }
}

/** `0–12, 14, 20–25`: compact list of ids for error messages. */
export function idRanges(ids: readonly number[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    out.push(j > i ? `${sorted[i]}–${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return out.length ? out.join(', ') : 'none';
}

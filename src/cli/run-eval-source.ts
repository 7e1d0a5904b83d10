import path from 'node:path';
import { InvalidInputError } from '../core/index.js';
import type { Candidate } from '../core/index.js';
import { analyseRun } from '../report/run-analysis.js';
import type { MeasuredPoint } from '../run/index.js';
import { buildRunParts } from '../setup/build-run.js';
import type { RunConfig, RunParts } from '../setup/index.js';
import type { ProxyName } from '../space/index.js';
import type { EvalSource } from '../lab/index.js';

/**
 * The run's config with zero-cost proxies its search did not use, to see whether they would have
 * helped: built without the run folder, so nothing is written to the run.
 */
function withProxies(config: RunConfig, proxies: readonly ProxyName[], name: string): RunConfig {
  const evaluator = config.evaluator as { readonly kind: string; readonly proxies?: readonly string[] };
  if (evaluator.kind !== 'trainer' && evaluator.kind !== 'command') {
    throw new InvalidInputError(`--proxies needs a trainer or command run, but ${name} is a ${evaluator.kind} run (NB201 benchmark runs have synflow, zen and naswot already)`);
  }
  if (evaluator.proxies) throw new InvalidInputError(`--proxies: run ${name} already has proxies (${evaluator.proxies.join(', ')}); leave --proxies out`);
  return { ...config, evaluator: { ...evaluator, proxies: [...proxies] } as RunConfig['evaluator'] };
}

/**
 * A run's measurements as predictor-evaluation data: its full-fidelity, succeeded evaluations, one
 * row per candidate (a candidate measured more than once, by re-queries, counts by its mean), on
 * the run's first objective. The space is the run's own, prepared, so a run with `--proxies` reads
 * its `proxies.jsonl` (scoring, and appending, any architecture it lacks); `proxies` adds ones the
 * run did not use.
 */
export async function runEvalSource(runDir: string, options: { readonly field?: string; readonly proxies?: readonly ProxyName[] } = {}): Promise<EvalSource> {
  const field = options.field ?? '--run';
  const name = path.basename(path.resolve(runDir));
  // the parts are built once, here: with the run folder (its proxies.jsonl), or with proxies the run did not use and without it
  const analysis = analyseRun(runDir, {
    field,
    buildParts: (config) => (options.proxies ? buildRunParts(withProxies(config, options.proxies, name)) : buildRunParts(config, { runDir })),
  });
  const parts = analysis.parts as RunParts;
  await parts.space.prepare?.();
  const objective = analysis.objectives[0];
  if (!objective) throw new InvalidInputError(`${field} ${runDir} has no objective`);
  const groups = new Map<string, MeasuredPoint[]>();
  // every full-fidelity success, feasible or not: the predictor ranks the objective, not the constraints
  for (const point of analysis.evaluated.filter((e) => e.full && !e.failed)) {
    const value = point.values[0] as number;
    if (!Number.isFinite(value)) continue;
    groups.set(point.key, [...(groups.get(point.key) ?? []), point]);
  }
  const rows = [...groups.values()].map((points) => ({
    candidate: (points[0] as MeasuredPoint).candidate,
    value: points.reduce((sum, p) => sum + (p.values[0] as number), 0) / points.length,
  }));
  const truth = new Map(rows.map((r) => [parts.space.key(r.candidate), r.value]));
  return {
    name,
    space: parts.space,
    objective,
    rowCount: rows.length,
    candidateAt: (row) => (rows[row] as { candidate: Candidate }).candidate,
    truth: (candidate) => {
      const value = truth.get(parts.space.key(candidate));
      if (value === undefined) throw new Error(`candidate ${parts.space.key(candidate)} is not one of the run's measured candidates`);
      return { [objective.metric]: value };
    },
  };
}

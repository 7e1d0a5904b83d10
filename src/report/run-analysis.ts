import { existsSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../core/index.js';
import type { Candidate, Objective } from '../core/index.js';
import { paretoFront } from '../pareto/index.js';
import { CONFIG_FILE, RunDirectory, lifecycleOf, runStateFromEvents } from '../run/index.js';
import type { MeasuredPoint, PendingCandidate, RunEvent, RunLifecycle, RunState } from '../run/index.js';
import { buildRunParts } from '../setup/build-run.js';
import { parseRunConfig } from '../setup/run-config.js';
import { runStateConfig } from '../setup/run-describe.js';
import type { RunConfig, RunParts } from '../setup/index.js';

/** Everything reports and recipe export read from a run folder, computed once. */
export interface RunAnalysis {
  readonly dir: string;
  readonly runId: string;
  readonly config: RunConfig;
  readonly objectives: readonly Objective[];
  /** The run's space/evaluator rebuilt from its config; absent when that failed (see `partsError`). */
  readonly parts?: RunParts;
  readonly partsError?: string;
  readonly events: readonly RunEvent[];
  /** The journal folded by the run reducer (the same state the TUI and `jars status` show). */
  readonly run: RunState;
  /** Every evaluation, in journal order. */
  readonly evaluated: readonly MeasuredPoint[];
  /** Proposed but never evaluated (in flight when the run stopped). */
  readonly pending: readonly PendingCandidate[];
  /** Pareto front of the full-fidelity, succeeded (and, if any, feasible) evaluations, by first objective. */
  readonly front: readonly MeasuredPoint[];
  readonly lifecycle: RunLifecycle;
}

export interface AnalyseRunOptions {
  /** The run's space/evaluator when the caller already has them (the TUI, a live session). */
  readonly parts?: RunParts;
  /** How the run folder argument is named in errors. */
  readonly field?: string;
  /**
   * Builds the parts from the run's config instead of the shared cache (e.g. with the run folder, so
   * a trainer run's `proxies.jsonl` is read); its errors are the caller's, not `partsError`.
   */
  readonly buildParts?: (config: RunConfig) => RunParts;
}

// Loading a benchmark table takes seconds (FCNet: 62k rows); reports and repeated exports in one
// process (e.g. the TUI's export key) reuse the parts of an evaluator config already built.
const partsCache = new Map<string, RunParts>();

function partsFor(config: RunConfig): RunParts {
  const key = JSON.stringify([config.evaluator, config.objectives, config.constraints, config.fidelity]);
  let parts = partsCache.get(key);
  if (!parts) {
    parts = buildRunParts(config);
    partsCache.set(key, parts);
  }
  return parts;
}

/**
 * Reads a run folder (finished, live or crashed: a torn last journal line is ignored) into the
 * candidates, front and history that reports and exports need. `runDir` is user input: a folder
 * that is not a run is an `InvalidInputError` naming it.
 */
export function analyseRun(runDir: string, options: AnalyseRunOptions = {}): RunAnalysis {
  const field = options.field ?? 'run-dir';
  if (!existsSync(path.join(runDir, CONFIG_FILE))) {
    const why = existsSync(runDir) ? `it has no ${CONFIG_FILE}` : 'it does not exist';
    throw new InvalidInputError(`${field} must be a run folder (runs/<run-id> with ${CONFIG_FILE} and journal.jsonl), but got ${JSON.stringify(runDir)}: ${why}`);
  }
  const run = RunDirectory.open(runDir);
  const config = parseRunConfig(run.config, path.join(runDir, CONFIG_FILE));
  let parts = options.parts ?? options.buildParts?.(config);
  let partsError: string | undefined;
  if (!parts) {
    try {
      parts = partsFor(config);
    } catch (error) {
      partsError = error instanceof Error ? error.message : String(error);
    }
  }
  const pid = run.activeHolder()?.pid;
  return analyseEvents({
    dir: runDir,
    runId: run.id,
    config,
    events: run.events(),
    ...(parts ? { parts } : {}),
    ...(partsError ? { partsError } : {}),
    ...(pid !== undefined ? { pid } : {}),
  });
}

export interface AnalyseInput {
  readonly dir: string;
  readonly runId: string;
  readonly config: RunConfig;
  readonly events: readonly RunEvent[];
  readonly parts?: RunParts;
  readonly partsError?: string;
  /** A live process holding the run's lock. */
  readonly pid?: number;
}

/** The pure part of `analyseRun`: events + config → analysis. */
export function analyseEvents(input: AnalyseInput): RunAnalysis {
  const { config, events, parts } = input;
  const run = runStateFromEvents(runStateConfig(config, parts), events);
  const evaluated = run.points.toArray();
  return {
    dir: input.dir,
    runId: input.runId,
    config,
    objectives: config.objectives,
    ...(parts ? { parts } : {}),
    ...(input.partsError ? { partsError: input.partsError } : {}),
    events,
    run,
    evaluated,
    pending: run.pending,
    front: frontOf(evaluated),
    lifecycle: lifecycleOf(run, input.pid),
  };
}

/** Candidates that may enter the front: measured at full fidelity and, if any is feasible, feasible. */
export function comparable(evaluated: readonly MeasuredPoint[]): MeasuredPoint[] {
  const ok = evaluated.filter((e) => e.full && !e.failed && e.losses.every((v) => v !== Number.POSITIVE_INFINITY));
  const feasible = ok.filter((e) => e.feasible);
  return feasible.length > 0 ? feasible : ok;
}

/** The Pareto front (minimised losses), sorted by the first objective then id. */
export function frontOf(evaluated: readonly MeasuredPoint[]): MeasuredPoint[] {
  const pool = comparable(evaluated);
  const front = paretoFront(pool.map((e) => e.losses)).map((i) => pool[i] as MeasuredPoint);
  return front.sort((a, b) => (a.losses[0] as number) - (b.losses[0] as number) || a.id - b.id);
}

/**
 * The best comparable candidate on one objective. A candidate evaluated more than once (re-queries
 * of a noisy evaluator) is judged by its mean losses and named by its first evaluation. Ties are
 * broken by the other objectives in order (so the pick is on the front: a tie on FLOPs goes to the
 * more accurate one), then by id.
 */
export function bestFor(analysis: RunAnalysis, objectiveIndex: number): MeasuredPoint | undefined {
  const order = [objectiveIndex, ...analysis.objectives.map((_, j) => j).filter((j) => j !== objectiveIndex)];
  const groups = new Map<string, MeasuredPoint[]>();
  for (const e of comparable(analysis.evaluated)) {
    const group = groups.get(e.key);
    if (group) group.push(e);
    else groups.set(e.key, [e]);
  }
  let best: { point: MeasuredPoint; losses: number[] } | undefined;
  for (const group of groups.values()) {
    const first = group.reduce((a, b) => (b.id < a.id ? b : a));
    const losses = first.losses.map((_, j) => group.reduce((s, e) => s + (e.losses[j] as number), 0) / group.length);
    if (!best || better(losses, first.id, best.losses, best.point.id, order)) best = { point: first, losses };
  }
  return best?.point;
}

function better(a: readonly number[], aId: number, b: readonly number[], bId: number, order: readonly number[]): boolean {
  for (const j of order) {
    const x = a[j] as number;
    const y = b[j] as number;
    if (x !== y) return x < y;
  }
  return aId < bId;
}

/** The space's one-line summary, or compact JSON when the space could not be rebuilt. */
export function describeCandidate(analysis: RunAnalysis, candidate: Candidate): string {
  if (analysis.parts) {
    try {
      return analysis.parts.space.describe(candidate);
    } catch {
      // a candidate the current space no longer accepts: fall through to JSON
    }
  }
  return JSON.stringify(candidate.arch);
}

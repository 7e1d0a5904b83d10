import { InvalidInputError, Rng } from '../core/index.js';
import type { Budget, Candidate, Objective } from '../core/index.js';
import { SearchEngine, createPruner } from '../engine/index.js';
import type { EngineObserver } from '../engine/index.js';
import { budgetInForce } from '../run/index.js';
import type { RunJournal } from '../run/index.js';
import { createStrategy } from '../search/index.js';
import type { Strategy } from '../search/index.js';
import type { EvaluatorParts } from './evaluator-kind.js';
import { kindOf } from './registry.js';
import type { RunConfig } from './run-config.js';

/** A run's parts: its evaluator kind's space and evaluator, and the run's objectives. */
export interface RunParts extends EvaluatorParts {
  readonly objectives: readonly Objective[];
}

export interface BuildPartsOptions {
  /** The run folder, when building for a run that exists (search, resume). */
  readonly runDir?: string;
}

/** Builds the space and evaluator a run config names, checking its objectives against the evaluator's metrics. */
export function buildRunParts(config: RunConfig, options: BuildPartsOptions = {}): RunParts {
  const parts = kindOf(config.evaluator).build(config.evaluator, {
    seed: config.seed,
    workers: config.workers,
    fidelity: config.fidelity,
    objectives: config.objectives,
    constraints: config.constraints,
    ...(options.runDir !== undefined ? { runDir: options.runDir } : {}),
  });
  checkMetrics(config, parts.metricNames);
  return { ...parts, objectives: config.objectives };
}

function checkMetrics(config: RunConfig, metricNames: readonly string[]): void {
  config.objectives.forEach((o, i) => {
    if (!metricNames.includes(o.metric)) {
      throw new InvalidInputError(`objectives[${i}].metric must be one of ${metricNames.join(', ')}, but got "${o.metric}"`);
    }
  });
  config.constraints.forEach((c, i) => {
    if (!metricNames.includes(c.metric)) {
      throw new InvalidInputError(`constraints[${i}].metric must be one of ${metricNames.join(', ')}, but got "${c.metric}"`);
    }
  });
}

export interface BuildEngineOptions {
  readonly journal: RunJournal;
  readonly observers?: readonly EngineObserver[];
  readonly signal?: AbortSignal;
  readonly pauseGate?: () => Promise<void>;
  readonly pausedSeconds?: () => number;
  /** `jars resume --budget …`: the run's new budget (checked against what is spent), journalled as the session starts. */
  readonly budgetChange?: { readonly budget: Budget; readonly previous: Budget };
}

/**
 * The run's strategy, freshly seeded. Building one is cheap (predictors start on the first ask)
 * and validates the strategy's name and options, so commands call it before a run folder exists.
 */
export function strategyFor(config: RunConfig, parts: RunParts): Strategy<Candidate> {
  return createStrategy(config.strategy, {
    space: parts.space,
    objectives: parts.objectives,
    rng: new Rng(`${config.seed}/strategy`),
    options: config.strategyOptions,
    constraints: config.constraints,
    budget: config.budget,
  });
}

/**
 * A ready-to-run engine for a config: the same config and journal always rebuild the same run.
 * The engine counts against the budget in force (the config's, or the journal's latest
 * `budget-changed`); the strategy keeps the budget the run started with, so that replaying the
 * journal re-proposes exactly what it recorded and an extended run goes on from there.
 */
export function buildEngine(config: RunConfig, parts: RunParts, options: BuildEngineOptions): SearchEngine<Candidate> {
  const strategy = strategyFor(config, parts);
  return new SearchEngine({
    space: parts.space,
    evaluator: parts.evaluator,
    strategy,
    objectives: parts.objectives,
    budget: options.budgetChange?.budget ?? budgetInForce(config.budget, options.journal.replay()),
    ...(options.budgetChange ? { budgetChange: options.budgetChange } : {}),
    seed: config.seed,
    journal: options.journal,
    concurrency: config.workers,
    ...(config.pruner ? { pruner: createPruner(config.pruner) } : {}),
    ...(options.observers ? { observers: options.observers } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.pauseGate ? { pauseGate: options.pauseGate } : {}),
    ...(options.pausedSeconds ? { pausedSeconds: options.pausedSeconds } : {}),
  });
}

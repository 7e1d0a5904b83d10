import type { Candidate, Json } from '../core/index.js';
import type { RunStateConfig } from '../run/index.js';
import type { RunParts } from './build-run.js';
import { kindOf } from './registry.js';
import type { RunConfig } from './run-config.js';

// What reading a run needs of its config, apart from building its parts: light to import (no
// engine, strategies, tfjs or queue), so status, ls, trials and schema start quickly.

/** A new run's config, completed by its evaluator kind before it is frozen (e.g. the trainer records the data's shape). */
export function prepareRunConfig(config: RunConfig): RunConfig {
  const kind = kindOf(config.evaluator);
  return kind.prepare ? { ...config, evaluator: kind.prepare(config.evaluator) as RunConfig['evaluator'] } : config;
}

/** One line naming what measures a run's candidates, e.g. `trainer on mnist (cnn)`. */
export function describeEvaluator(config: Pick<RunConfig, 'evaluator'>): string {
  return kindOf(config.evaluator).describe(config.evaluator);
}

/** Short label of a run's evaluator for tables, e.g. `mnist · cnn`. */
export function evaluatorLabel(config: Pick<RunConfig, 'evaluator'>): string {
  return kindOf(config.evaluator).label(config.evaluator);
}

/** What recipe exports record of a run's evaluator. */
export function evaluatorProvenance(config: Pick<RunConfig, 'evaluator'>): { readonly kind: string } & Readonly<Record<string, Json>> {
  return kindOf(config.evaluator).provenance(config.evaluator);
}

/** The kind of recipe a run's candidates carry, and the dataset they were measured on (trainer recipes). */
export function recipeKindOf(config: Pick<RunConfig, 'evaluator'>): { kind: 'trainer' | 'benchmark'; dataset?: string } {
  const kind = kindOf(config.evaluator);
  const dataset = kind.dataset?.(config.evaluator);
  return { kind: kind.recipeKind, ...(dataset !== undefined ? { dataset } : {}) };
}

/** What the run reducer needs of a config and its parts (the same for the TUI, status, report and export). */
export function runStateConfig(config: RunConfig, parts?: Pick<RunParts, 'space'>): RunStateConfig {
  const fidelity = parts?.space.fidelity;
  return {
    objectives: config.objectives,
    budget: config.budget,
    workers: config.workers,
    constraints: config.constraints,
    strategy: config.strategy,
    seed: config.seed,
    evaluatorLabel: evaluatorLabel(config),
    ...(fidelity
      ? {
          isFullFidelity: (candidate: Candidate) => {
            const value = (candidate.recipe as Record<string, Json> | null)?.[fidelity.dimension];
            return value === undefined || value === fidelity.full;
          },
        }
      : {}),
  };
}

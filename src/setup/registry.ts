import { benchmarkEvaluator } from '../evaluators/benchmark.js';
import { commandEvaluator } from '../evaluators/command.js';
import { trainerEvaluator } from '../evaluators/trainer.js';
import { InvalidInputError, oneOfMessage } from '../core/index.js';
import type { EvaluatorKind } from './evaluator-kind.js';

/**
 * Every evaluator kind by name: adding one is a module in src/evaluators/ plus one line here.
 * The run config's `evaluator` schema, `jars search`'s evaluator flags and the evaluator contract
 * suite (test/evaluators) all come from this map.
 */
export const EVALUATOR_KINDS = {
  benchmark: benchmarkEvaluator,
  trainer: trainerEvaluator,
  command: commandEvaluator,
} as const;

export type EvaluatorKindName = keyof typeof EVALUATOR_KINDS;

/** The kind a run uses when neither flags nor a config file name one (the embedded default search). */
export const DEFAULT_EVALUATOR_KIND: EvaluatorKindName = 'trainer';

export const EVALUATOR_KIND_NAMES = Object.keys(EVALUATOR_KINDS) as EvaluatorKindName[];

/** A config's evaluator kind; an unknown kind is an error naming the valid ones. */
export function evaluatorKind(kind: string, field = 'evaluator.kind'): EvaluatorKind {
  const found = (EVALUATOR_KINDS as Record<string, EvaluatorKind | undefined>)[kind];
  if (!found) throw new InvalidInputError(oneOfMessage(field, EVALUATOR_KIND_NAMES, kind));
  return found;
}

/** Calls a kind's method with the config it validated (the map's union is checked by the run-config schema). */
export function kindOf(config: { readonly kind: string }): EvaluatorKind<string, typeof config> {
  return evaluatorKind(config.kind) as EvaluatorKind<string, typeof config>;
}

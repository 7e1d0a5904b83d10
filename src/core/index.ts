export { Rng, hashString } from './rng.js';
export { JarsError, InvalidInputError, DataError, RunError, show, oneOfMessage, checkSafeName, SAFE_NAME_PATTERN, SAFE_NAME_RULE } from './errors.js';
export type { Json, Choice, Candidate, Metrics, Direction, Objective, Evaluation, Observation } from './types.js';
export { toLosses, fromLoss } from './types.js';
export type { Evaluator, EvaluateContext, IntermediateReport, PruneDecision } from './evaluator.js';

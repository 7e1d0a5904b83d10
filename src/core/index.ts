export { Rng, hashString, evaluationRng, evaluationSeed } from './rng.js';
export { JarsError, InvalidInputError, DataError, RunError, show, oneOfMessage, checkSafeName, SAFE_NAME_PATTERN, SAFE_NAME_RULE } from './errors.js';
export type { Json, Choice, Candidate, Metrics, Direction, Objective, Evaluation, Observation, Constraint, Budget, IntermediateReport, PrunedAt } from './types.js';
export { toLosses, fromLoss } from './types.js';
export type { Evaluator, EvaluateContext, PruneDecision } from './evaluator.js';
export { meansByCandidate } from './means.js';
export type { MeanRecord } from './means.js';
export { answerWithin } from './within.js';
export { lowerBound, upperBound } from './sorted.js';

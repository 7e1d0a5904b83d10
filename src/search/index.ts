export type { Strategy, StrategyContext, StrategyFactory, StrategyProgress, MetricLimit, PredictorFitReport } from './strategy.js';
export { ProposalSet, proposeNew, sampleNew } from './proposals.js';
export { tournamentWinner } from './select.js';
export { createRandomSearch } from './random-search.js';
export { createRegularizedEvolution, REA_DEFAULTS } from './regularized-evolution.js';
export type { RegularizedEvolutionOptions } from './regularized-evolution.js';
export { STRATEGIES, STRATEGY_NAMES, createStrategy } from './registry.js';
export type { StrategyName } from './registry.js';

export { SearchEngine } from './engine.js';
export { evaluationRng } from '../core/index.js';
export type { EngineObserver, EngineOptions, RunResult, StopReason } from './engine.js';
export { BudgetTracker } from './budget.js';
export { MedianPruner, AshaPruner, createPruner, PRUNERS } from './pruners.js';
export type { Pruner, PrunerName, CurvePoint } from './pruners.js';

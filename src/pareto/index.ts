/**
 * Pareto toolkit: dominance, fronts, non-dominated sorting, crowding, hypervolume and the
 * normalised hypervolume ratio. Pure math over minimised objective vectors (the engine flips
 * "max" objectives once, at its boundary); +Infinity marks a failed evaluation.
 */
export type { Point } from './points.js';
export { dominates, weaklyDominates, constrainedDominates, isFeasibleViolation } from './dominance.js';
export { constraintViolation, satisfiesConstraints, formatConstraint } from './constraints.js';
export { paretoFront } from './pareto-front.js';
export { nonDominatedSort, paretoRanks } from './non-dominated-sort.js';
export { crowdingDistance } from './crowding-distance.js';
export { hypervolume, hypervolumeImprovement, hypervolumeContribution } from './hypervolume.js';
export { hypervolumeMonteCarlo } from './hypervolume-monte-carlo.js';
export type { HypervolumeEstimate } from './hypervolume-monte-carlo.js';
export { idealPoint, nadirPoint, normalise, hypervolumeRatio } from './normalise.js';
export type { HypervolumeRatioOptions } from './normalise.js';

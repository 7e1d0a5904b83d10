/**
 * The strategies' names alone, for code that validates or lists them without loading the
 * strategies (and through them the predictor and tfjs): the CLI checks `--strategy` before it
 * builds anything. `registry.ts` maps each name to its factory; the compiler keeps the two equal.
 */
export const STRATEGY_NAMES = ['random', 'rea', 'pnas', 'popnas', 'fbnetv3', 'bo'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

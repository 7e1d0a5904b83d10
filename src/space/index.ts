export type { SearchSpace, AnySpace, Dimension, Fidelity } from './search-space.js';
export { ProductSpace } from './product-space.js';
export type { ProductCandidate, Assignment, ProductSpaceOptions } from './product-space.js';
export {
  Nb201Space,
  NB201_OPS,
  NB201_EDGES,
  NB201_EDGE_NAMES,
  NB201_EPOCHS,
  NB201_BASE_FLOPS_M,
  NB201_BASE_PARAMS,
  NB201_CELLS,
  NB201_STRUCTURE_STATISTICS,
  formatNb201,
  parseNb201,
  nb201CellIndex,
  nb201CellAt,
  nb201LiveOps,
  nb201GraphFeatures,
  NB201_GRAPH_FEATURE_NAMES,
} from './nb201.js';
export type { Nb201Op, Nb201Candidate, Nb201CellStatistics } from './nb201.js';
export { FcnetSpace, HpobenchMlpSpace, FCNET_DIMENSIONS, HPOBENCH_MLP_DIMENSIONS } from './tabular-mlp.js';
export { SPACES, createSpace, spaceEntry, spaceNames } from './registry.js';
export type { SpaceName, SpaceEntry, SpaceOptions, SpaceUse } from './registry.js';
export {
  RecipeSpace,
  parseRecipe,
  serialiseRecipe,
  recipeFromAssignment,
  recipeDimensions,
  fidelityOf,
  DEFAULT_RECIPE,
  RECIPE_FIELDS,
  OPTIMIZERS,
  SCHEDULES,
  AUGMENTATIONS,
} from './recipe.js';
export type { Recipe, RecipeInput, AugmentName, RecipeDimensionOptions } from './recipe.js';
export { MlpSpace, MLP_ARCH_DIMENSIONS } from './mlp.js';
export type { MlpSpaceOptions } from './mlp.js';
export { CnnSpace, CNN_ARCH_DIMENSIONS } from './cnn.js';
export type { CnnSpaceOptions } from './cnn.js';
export { MbconvSpace } from './mbconv.js';
export type { MbconvSpaceOptions, MbconvSpec } from './mbconv.js';
export { PnasCellSpace, PNAS_CELL_OPS } from './pnas-cell.js';
export type { PnasCandidate, PnasBlock, PnasCellOp, PnasCellSpaceOptions } from './pnas-cell.js';
export { withoutStatistics } from './statistics-view.js';
export { withProxyStatistics, LOG_SCORE_FLOOR } from './proxy-statistics.js';
export type { ProxySource, ArchScores, PreparedSpace } from './proxy-statistics.js';
export { DATA_FREE_PROXIES, DATA_PROXIES, PROXY_NAMES } from './proxy-names.js';
export type { ProxyName } from './proxy-names.js';

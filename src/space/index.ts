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
  formatNb201,
  parseNb201,
} from './nb201.js';
export type { Nb201Op, Nb201Candidate } from './nb201.js';
export { FcnetSpace, HpobenchMlpSpace, FCNET_DIMENSIONS, HPOBENCH_MLP_DIMENSIONS } from './tabular-mlp.js';
export { SPACES, createSpace } from './registry.js';
export type { SpaceName } from './registry.js';

import { ProductSpace } from './product-space.js';
import type { ProductCandidate } from './product-space.js';
import type { Dimension } from './search-space.js';

/**
 * FCNet (Klein & Hutter 2019): a 2-hidden-layer MLP trained with Adam for 100 epochs.
 * Architecture: units, activation, dropout per layer; recipe: initial lr, schedule, batch size.
 * Values and their order follow the benchmark's `config_id` digits (see shared/data/fcnet/README.md).
 */
export const FCNET_DIMENSIONS: readonly Dimension[] = [
  { name: 'activation_fn_1', part: 'arch', values: ['relu', 'tanh'], kind: 'categorical' },
  { name: 'activation_fn_2', part: 'arch', values: ['relu', 'tanh'], kind: 'categorical' },
  { name: 'batch_size', part: 'recipe', values: [8, 16, 32, 64], kind: 'ordinal' },
  { name: 'dropout_1', part: 'arch', values: [0, 0.3, 0.6], kind: 'ordinal' },
  { name: 'dropout_2', part: 'arch', values: [0, 0.3, 0.6], kind: 'ordinal' },
  { name: 'init_lr', part: 'recipe', values: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1], kind: 'ordinal' },
  { name: 'lr_schedule', part: 'recipe', values: ['cosine', 'const'], kind: 'categorical' },
  { name: 'n_units_1', part: 'arch', values: [16, 32, 64, 128, 256, 512], kind: 'ordinal' },
  { name: 'n_units_2', part: 'arch', values: [16, 32, 64, 128, 256, 512], kind: 'ordinal' },
];

/**
 * HPOBench MLP (Eggensperger et al. 2021): depth and width (architecture) × L2 alpha, batch size,
 * initial lr (recipe), in the benchmark's `config_id` digit order.
 */
export const HPOBENCH_MLP_DIMENSIONS: readonly Dimension[] = [
  {
    name: 'alpha',
    part: 'recipe',
    values: [1e-8, 7.742637e-8, 5.994842e-7, 4.641589e-6, 3.5938137e-5, 0.00027825593, 0.0021544348, 0.016681006, 0.12915497, 1],
    kind: 'ordinal',
  },
  { name: 'batch_size', part: 'recipe', values: [4, 6, 10, 16, 25, 40, 64, 101, 161, 256], kind: 'ordinal' },
  { name: 'depth', part: 'arch', values: [1, 2, 3], kind: 'ordinal' },
  {
    name: 'learning_rate_init',
    part: 'recipe',
    values: [1e-5, 3.5938137e-5, 0.00012915497, 0.0004641589, 0.0016681006, 0.0059948424, 0.021544347, 0.07742637, 0.27825594, 1],
    kind: 'ordinal',
  },
  { name: 'width', part: 'arch', values: [16, 25, 40, 64, 101, 161, 256, 406, 645, 1024], kind: 'ordinal' },
];

/** FCNet's joint space; statistics count hidden-layer weights (the input width depends on the dataset). */
export class FcnetSpace extends ProductSpace {
  override readonly statisticNames = ['hiddenUnits', 'hiddenWeightsK', 'dropoutSum', 'tanhLayers'] as const;

  constructor() {
    super({ name: 'fcnet', dimensions: FCNET_DIMENSIONS, complexityDimensions: ['n_units_1', 'n_units_2'] });
  }

  override statistics(c: ProductCandidate): Record<string, number> {
    const u1 = Number(c.arch.n_units_1);
    const u2 = Number(c.arch.n_units_2);
    return {
      hiddenUnits: u1 + u2,
      hiddenWeightsK: (u1 * u2 + u1 + u2 + u2 + 1) / 1000,
      dropoutSum: Number(c.arch.dropout_1) + Number(c.arch.dropout_2),
      tanhLayers: (c.arch.activation_fn_1 === 'tanh' ? 1 : 0) + (c.arch.activation_fn_2 === 'tanh' ? 1 : 0),
    };
  }

  /** The benchmark's 9-digit configuration id. */
  configId(c: ProductCandidate): string {
    return this.valueIndices(c).join('');
  }
}

/** HPOBench-MLP's joint space; complexity grows depth and width. */
export class HpobenchMlpSpace extends ProductSpace {
  override readonly statisticNames = ['depth', 'width', 'hiddenUnits', 'hiddenWeightsK'] as const;

  constructor() {
    super({ name: 'hpobench-mlp', dimensions: HPOBENCH_MLP_DIMENSIONS, complexityDimensions: ['depth', 'width'] });
  }

  override statistics(c: ProductCandidate): Record<string, number> {
    const depth = Number(c.arch.depth);
    const width = Number(c.arch.width);
    return {
      depth,
      width,
      hiddenUnits: depth * width,
      hiddenWeightsK: ((depth - 1) * (width * width + width) + width) / 1000,
    };
  }

  configId(c: ProductCandidate): string {
    return this.valueIndices(c).join('');
  }
}

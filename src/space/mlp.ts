import { ProductSpace } from './product-space.js';
import type { ProductCandidate } from './product-space.js';
import { recipeDimensions } from './recipe.js';
import type { Dimension } from './search-space.js';

export const MLP_ARCH_DIMENSIONS: readonly Dimension[] = [
  { name: 'layers', part: 'arch', values: [1, 2, 3, 4], kind: 'ordinal' },
  { name: 'width', part: 'arch', values: [32, 64, 128, 256, 512], kind: 'ordinal' },
  { name: 'activation', part: 'arch', values: ['relu', 'tanh', 'gelu'], kind: 'categorical' },
  { name: 'batchNorm', part: 'arch', values: ['off', 'on'], kind: 'categorical' },
];

export interface MlpSpaceOptions {
  /** Input features (for the free statistics); default 64 (sklearn digits). */
  readonly inputFeatures?: number;
  readonly classes?: number;
  readonly epochs?: readonly number[];
}

/**
 * The trainer's MLP space for tabular data: depth × width × activation × BN (architecture) and
 * the recipe knobs (optimizer, lr, schedule, …). Progressive search grows depth, then width.
 */
export class MlpSpace extends ProductSpace {
  override readonly statisticNames = ['flopsM', 'paramsM', 'layers', 'width'] as const;
  private readonly inputs: number;
  private readonly classes: number;

  constructor(options: MlpSpaceOptions = {}) {
    super({
      name: 'mlp',
      dimensions: [...MLP_ARCH_DIMENSIONS, ...recipeDimensions(options.epochs ? { epochs: options.epochs } : { epochs: [5, 10, 20] })],
      complexityDimensions: ['layers', 'width'],
    });
    this.inputs = options.inputFeatures ?? 64;
    this.classes = options.classes ?? 10;
  }

  /** The trainer's architecture spec (`kind: 'mlp'`). */
  archSpec(candidate: ProductCandidate): { kind: 'mlp'; hidden: number[]; activation: string; batchNorm: boolean } {
    const layers = Number(candidate.arch.layers);
    return {
      kind: 'mlp',
      hidden: new Array<number>(layers).fill(Number(candidate.arch.width)),
      activation: String(candidate.arch.activation),
      batchNorm: candidate.arch.batchNorm === 'on',
    };
  }

  /** Multiply-adds and trainable parameters of the dense layers (BN adds 2 per unit). */
  override statistics(candidate: ProductCandidate): Record<string, number> {
    const { hidden, batchNorm } = this.archSpec(candidate);
    let flops = 0;
    let params = 0;
    let prev = this.inputs;
    for (const units of [...hidden, this.classes]) {
      flops += prev * units + units;
      params += prev * units + units;
      prev = units;
    }
    if (batchNorm) params += 2 * hidden.reduce((a, b) => a + b, 0);
    return { flopsM: flops / 1e6, paramsM: params / 1e6, layers: hidden.length, width: hidden[0] ?? 0 };
  }
}

import { ProductSpace } from './product-space.js';
import type { ProductCandidate } from './product-space.js';
import { recipeDimensions } from './recipe.js';
import type { Dimension } from './search-space.js';

export const CNN_ARCH_DIMENSIONS: readonly Dimension[] = [
  { name: 'layers', part: 'arch', values: [1, 2, 3], kind: 'ordinal' },
  /** Channels of the first conv; each later conv doubles them. */
  { name: 'channels', part: 'arch', values: [4, 8, 16], kind: 'ordinal' },
  { name: 'kernel', part: 'arch', values: [3, 5], kind: 'ordinal' },
  { name: 'dense', part: 'arch', values: [0, 32, 64], kind: 'ordinal' },
];

export interface CnnSpaceOptions {
  /** Input image shape [height, width, channels]; default MNIST's [28, 28, 1]. */
  readonly inputShape?: readonly [number, number, number];
  readonly classes?: number;
  readonly epochs?: readonly number[];
}

/**
 * A small plain-CNN macro space for image datasets (convs with BN and ReLU, 2×2 max-pool between
 * them, an optional dense layer) joined with the recipe knobs: fast enough on a CPU that a
 * joint architecture + recipe search on MNIST fits in minutes. Progressive search grows depth,
 * then width.
 */
export class CnnSpace extends ProductSpace {
  override readonly statisticNames = ['flopsM', 'paramsM', 'layers', 'channels'] as const;
  private readonly inputShape: readonly [number, number, number];
  private readonly classes: number;

  constructor(options: CnnSpaceOptions = {}) {
    super({
      name: 'cnn',
      dimensions: [...CNN_ARCH_DIMENSIONS, ...recipeDimensions({ images: true, epochs: options.epochs ?? [1, 2, 3] })],
      complexityDimensions: ['layers', 'channels'],
    });
    this.inputShape = options.inputShape ?? [28, 28, 1];
    this.classes = options.classes ?? 10;
  }

  /** The trainer's architecture spec (`kind: 'cnn'`). */
  archSpec(candidate: ProductCandidate): { kind: 'cnn'; filters: number[]; kernel: number; dense: number; batchNorm: true } {
    const layers = Number(candidate.arch.layers);
    const first = Number(candidate.arch.channels);
    return {
      kind: 'cnn',
      filters: Array.from({ length: layers }, (_, i) => first * 2 ** i),
      kernel: Number(candidate.arch.kernel),
      dense: Number(candidate.arch.dense),
      batchNorm: true,
    };
  }

  /** Multiply-adds and trainable parameters as the trainer counts them on the built model. */
  override statistics(candidate: ProductCandidate): Record<string, number> {
    const { filters, kernel, dense } = this.archSpec(candidate);
    let [h, w, cin] = this.inputShape;
    let flops = 0;
    let params = 0;
    filters.forEach((cout, i) => {
      // 'same' padding, no conv bias (BN follows), BN's gamma and beta trainable
      flops += h * w * cout * kernel * kernel * cin;
      params += kernel * kernel * cin * cout + 2 * cout;
      cin = cout;
      if (i < filters.length - 1) {
        h = Math.floor(h / 2);
        w = Math.floor(w / 2);
      }
    });
    let features = h * w * cin;
    for (const units of [...(dense > 0 ? [dense] : []), this.classes]) {
      flops += features * units + units;
      params += features * units + units;
      features = units;
    }
    return { flopsM: flops / 1e6, paramsM: params / 1e6, layers: filters.length, channels: filters[0] ?? 0 };
  }
}

import type { Choice } from '../core/index.js';
import { ProductSpace } from './product-space.js';
import type { ProductCandidate } from './product-space.js';
import { recipeDimensions } from './recipe.js';
import type { Dimension } from './search-space.js';

export interface MbconvSpaceOptions {
  /** Channel choices per stage; the stage count follows. Default 4 stages for 28–32 px images. */
  readonly stageChannels?: readonly (readonly number[])[];
  /** Stride of each stage's first block. */
  readonly stageStrides?: readonly number[];
  readonly resolutions?: readonly number[];
  readonly inputChannels?: number;
  readonly classes?: number;
  readonly stemChannels?: number;
  readonly headChannels?: number;
  readonly epochs?: readonly number[];
  readonly fidelities?: readonly number[];
}

const DEFAULT_CHANNELS = [[8, 12, 16], [16, 24, 32], [32, 48, 64], [64, 96, 128]];
const DEFAULT_STRIDES = [1, 2, 2, 2];

/**
 * FBNet-style MBConv macro space (Wu et al. 2019; Dai et al. 2021 for the joint recipe part):
 * per stage, width, depth 1–3, kernel 3/5, expansion 1/3/4/6 and squeeze-excite on/off, plus the
 * input resolution; the recipe dimensions include augmentation and stochastic depth. Complexity
 * is total depth, so progressive search adds one block at a time.
 */
export class MbconvSpace extends ProductSpace {
  override readonly statisticNames = ['flopsM', 'paramsM', 'blocks', 'seBlocks', 'resolution'] as const;
  private readonly stages: number;
  private readonly strides: readonly number[];
  private readonly inputChannels: number;
  private readonly classes: number;
  private readonly stem: number;
  private readonly head: number;

  constructor(options: MbconvSpaceOptions = {}) {
    const channels = options.stageChannels ?? DEFAULT_CHANNELS;
    const dims: Dimension[] = [{ name: 'resolution', part: 'arch', values: options.resolutions ?? [24, 28, 32], kind: 'ordinal' }];
    channels.forEach((values, s) => {
      dims.push(
        { name: `s${s}_channels`, part: 'arch', values, kind: 'ordinal' },
        { name: `s${s}_depth`, part: 'arch', values: [1, 2, 3], kind: 'ordinal' },
        { name: `s${s}_kernel`, part: 'arch', values: [3, 5], kind: 'ordinal' },
        { name: `s${s}_expansion`, part: 'arch', values: [1, 3, 4, 6], kind: 'ordinal' },
        { name: `s${s}_se`, part: 'arch', values: ['off', 'on'], kind: 'categorical' },
      );
    });
    const fidelities = options.fidelities;
    dims.push(...recipeDimensions({ epochs: options.epochs ?? [5, 10, 20], images: true, residual: true, ...(fidelities ? { fidelities } : {}) }));
    super({
      name: 'mbconv',
      dimensions: dims,
      complexityDimensions: channels.map((_, s) => `s${s}_depth`),
      ...(fidelities ? { fidelity: { dimension: 'fidelity', full: Math.max(...fidelities), cost: (v: Choice) => Number(v) } } : {}),
    });
    this.stages = channels.length;
    this.strides = options.stageStrides ?? DEFAULT_STRIDES;
    this.inputChannels = options.inputChannels ?? 1;
    this.classes = options.classes ?? 10;
    this.stem = options.stemChannels ?? 16;
    this.head = options.headChannels ?? 256;
  }

  /** The trainer's architecture spec (`kind: 'mbconv'`). */
  archSpec(c: ProductCandidate): MbconvSpec {
    const stages = Array.from({ length: this.stages }, (_, s) => ({
      channels: Number(c.arch[`s${s}_channels`]),
      depth: Number(c.arch[`s${s}_depth`]),
      kernel: Number(c.arch[`s${s}_kernel`]),
      expansion: Number(c.arch[`s${s}_expansion`]),
      se: c.arch[`s${s}_se`] === 'on',
      stride: this.strides[s] ?? 1,
    }));
    return { kind: 'mbconv', stemChannels: this.stem, headChannels: this.head, resolution: Number(c.arch.resolution), stages };
  }

  /** Multiply-adds and parameters as the trainer counts them on the built network (BN: 2 per channel). */
  override statistics(c: ProductCandidate): Record<string, number> {
    const spec = this.archSpec(c);
    let side = spec.resolution;
    let flops = side * side * this.stem * 9 * this.inputChannels;
    let params = this.stem * 9 * this.inputChannels + 2 * this.stem;
    let channels = this.stem;
    let blocks = 0;
    let se = 0;
    for (const stage of spec.stages) {
      for (let d = 0; d < stage.depth; d++) {
        const stride = d === 0 ? stage.stride : 1;
        const expanded = channels * stage.expansion;
        if (stage.expansion > 1) {
          flops += side * side * channels * expanded;
          params += channels * expanded + 2 * expanded;
        }
        side = Math.ceil(side / stride);
        flops += side * side * expanded * stage.kernel * stage.kernel;
        params += expanded * stage.kernel * stage.kernel + 2 * expanded;
        if (stage.se) {
          const squeezed = Math.max(1, Math.floor(channels / 4));
          flops += expanded * squeezed + squeezed + squeezed * expanded + expanded;
          params += expanded * squeezed + squeezed + squeezed * expanded + expanded;
          se++;
        }
        flops += side * side * expanded * stage.channels;
        params += expanded * stage.channels + 2 * stage.channels;
        channels = stage.channels;
        blocks++;
      }
    }
    flops += side * side * channels * this.head + this.head * this.classes + this.classes;
    params += channels * this.head + 2 * this.head + this.head * this.classes + this.classes;
    return { flopsM: flops / 1e6, paramsM: params / 1e6, blocks, seBlocks: se, resolution: spec.resolution };
  }
}

export interface MbconvSpec {
  kind: 'mbconv';
  stemChannels: number;
  headChannels: number;
  resolution: number;
  stages: { channels: number; depth: number; kernel: number; expansion: number; se: boolean; stride: number }[];
}

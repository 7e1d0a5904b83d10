import { InvalidInputError, oneOfMessage, show } from '../core/index.js';
import type { Candidate, Rng } from '../core/index.js';
import { ProductSpace } from './product-space.js';
import type { Assignment } from './product-space.js';
import { recipeDimensions } from './recipe.js';
import type { Fidelity, SearchSpace } from './search-space.js';

/** PNAS cell operations (Liu et al. 2018, §3.1), in encoding order. */
export const PNAS_CELL_OPS = ['identity', 'sep3x3', 'sep5x5', 'sep7x7', 'conv1x7_7x1', 'dil3x3', 'max3x3', 'avg3x3'] as const;
export type PnasCellOp = (typeof PNAS_CELL_OPS)[number];
/** (input1, op1, input2, op2); inputs −2/−1 are the previous two cells, k ≥ 0 an earlier block. */
export type PnasBlock = readonly [number, PnasCellOp, number, PnasCellOp];
export type PnasCandidate = Candidate<{ readonly blocks: readonly PnasBlock[] }, Assignment>;

export interface PnasCellSpaceOptions {
  /** Most blocks per cell (PNAS: 5). */
  readonly maxBlocks?: number;
  /** Trainer macro settings, carried into `archSpec`. */
  readonly filters?: number;
  readonly cellsPerStage?: number;
  readonly reductions?: number;
  /** Recipe epochs searched (one value = recipe fixed apart from the other knobs). */
  readonly epochs?: readonly number[];
  /** Recipe dimensions to search; default all of `recipeDimensions({ images: true })`. */
  readonly searchRecipe?: boolean;
}

/**
 * The PNAS/POPNAS cell space: a cell is a list of blocks, each adding two transformed inputs.
 * Variable length, so it implements SearchSpace directly: complexity is the number of blocks,
 * `initial` lists every 1-block cell, `expand` appends one block in every possible way. The two
 * halves of a block are unordered, so they are sorted into a canonical order.
 */
export class PnasCellSpace implements SearchSpace<PnasCandidate> {
  readonly name = 'pnas';
  readonly encodingVersion = 1;
  readonly statisticNames = ['blocks', 'convOps', 'poolOps', 'identityOps', 'depth', 'cellParamsK', 'usedInputs'] as const;
  readonly archFeatureCount: number;
  readonly recipeFeatureCount: number;
  readonly complexityRange: readonly [number, number];
  readonly fidelity?: Fidelity;
  private readonly maxBlocks: number;
  private readonly recipes: ProductSpace;

  constructor(private readonly options: PnasCellSpaceOptions = {}) {
    this.maxBlocks = options.maxBlocks ?? 5;
    this.complexityRange = [1, this.maxBlocks];
    const dims = options.searchRecipe === false ? [] : recipeDimensions({ images: true, epochs: options.epochs ?? [5, 10, 20] });
    this.recipes = new ProductSpace({ name: 'pnas-recipe', dimensions: dims });
    this.archFeatureCount = this.maxBlocks * (2 * (this.maxBlocks + 1) + 2 * PNAS_CELL_OPS.length);
    this.recipeFeatureCount = this.recipes.recipeFeatureCount;
  }

  /** The trainer's architecture spec (`kind: 'pnas'`). */
  archSpec(c: PnasCandidate): { kind: 'pnas'; blocks: PnasBlock[]; filters: number; cellsPerStage: number; reductions: number } {
    return { kind: 'pnas', blocks: c.arch.blocks.slice(), filters: this.options.filters ?? 16, cellsPerStage: this.options.cellsPerStage ?? 1, reductions: this.options.reductions ?? 2 };
  }

  sample(rng: Rng): PnasCandidate {
    const count = 1 + rng.int(this.maxBlocks);
    const blocks: PnasBlock[] = [];
    for (let b = 0; b < count; b++) blocks.push(canonical([this.randomInput(rng, b), rng.choice(PNAS_CELL_OPS), this.randomInput(rng, b), rng.choice(PNAS_CELL_OPS)]));
    return { arch: { blocks }, recipe: this.recipes.sample(rng).recipe };
  }

  mutate(c: PnasCandidate, rng: Rng): PnasCandidate {
    if (this.recipes.dimensions.some((d) => d.values.length > 1) && rng.bernoulli(0.3)) {
      return { arch: c.arch, recipe: this.recipes.mutate({ arch: {}, recipe: c.recipe }, rng).recipe };
    }
    const key = this.archKey(c);
    for (let attempt = 0; attempt < 50; attempt++) {
      const blocks = c.arch.blocks.slice();
      const b = rng.int(blocks.length);
      const block = [...(blocks[b] as PnasBlock)] as [number, PnasCellOp, number, PnasCellOp];
      const field = rng.int(4);
      if (field % 2 === 0) block[field] = this.randomInput(rng, b);
      else block[field] = rng.choice(PNAS_CELL_OPS);
      blocks[b] = canonical(block);
      const child = { arch: { blocks }, recipe: c.recipe };
      if (this.archKey(child) !== key) return child;
    }
    return c;
  }

  crossover(a: PnasCandidate, b: PnasCandidate, rng: Rng): PnasCandidate {
    const length = rng.bernoulli(0.5) ? a.arch.blocks.length : b.arch.blocks.length;
    const blocks: PnasBlock[] = [];
    for (let i = 0; i < length; i++) {
      const fromA = a.arch.blocks[i];
      const fromB = b.arch.blocks[i];
      blocks.push((fromA && fromB ? (rng.bernoulli(0.5) ? fromA : fromB) : (fromA ?? fromB)) as PnasBlock);
    }
    const recipe = this.recipes.crossover({ arch: {}, recipe: a.recipe }, { arch: {}, recipe: b.recipe }, rng).recipe;
    return { arch: { blocks }, recipe };
  }

  key(c: PnasCandidate): string {
    return `${this.archKey(c)}@${this.recipes.key({ arch: {}, recipe: c.recipe })}`;
  }

  archKey(c: PnasCandidate): string {
    return c.arch.blocks.map((b) => `(${b[0]},${b[1]},${b[2]},${b[3]})`).join('');
  }

  /** Per block slot: one-hot of each input (−2, −1, 0…B−2) and each op; empty slots are zeros. */
  encodeArch(c: PnasCandidate): Float32Array {
    const out = new Float32Array(this.archFeatureCount);
    const inputs = this.maxBlocks + 1;
    const ops = PNAS_CELL_OPS.length;
    const per = 2 * inputs + 2 * ops;
    c.arch.blocks.forEach(([i1, o1, i2, o2], b) => {
      const base = b * per;
      out[base + i1 + 2] = 1;
      out[base + inputs + PNAS_CELL_OPS.indexOf(o1)] = 1;
      out[base + inputs + ops + i2 + 2] = 1;
      out[base + 2 * inputs + ops + PNAS_CELL_OPS.indexOf(o2)] = 1;
    });
    return out;
  }

  encodeRecipe(c: PnasCandidate): Float32Array {
    return this.recipes.encodeRecipe({ arch: {}, recipe: c.recipe });
  }

  statistics(c: PnasCandidate): Record<string, number> {
    const ops = c.arch.blocks.flatMap((b) => [b[1], b[3]]);
    const f = this.options.filters ?? 16;
    const paramsOf: Record<PnasCellOp, number> = {
      identity: 0, max3x3: 0, avg3x3: 0,
      sep3x3: 9 * f + f * f + 2 * f, sep5x5: 25 * f + f * f + 2 * f, sep7x7: 49 * f + f * f + 2 * f,
      conv1x7_7x1: 14 * f * f + 2 * f, dil3x3: 9 * f * f + 2 * f,
    };
    const depth: number[] = [];
    c.arch.blocks.forEach(([i1, , i2], b) => (depth[b] = 1 + Math.max(i1 >= 0 ? (depth[i1] as number) : 0, i2 >= 0 ? (depth[i2] as number) : 0)));
    const usesInput = (k: number) => c.arch.blocks.some((b) => b[0] === k || b[2] === k);
    return {
      blocks: c.arch.blocks.length,
      convOps: ops.filter((o) => o.startsWith('sep') || o === 'conv1x7_7x1' || o === 'dil3x3').length,
      poolOps: ops.filter((o) => o === 'max3x3' || o === 'avg3x3').length,
      identityOps: ops.filter((o) => o === 'identity').length,
      depth: Math.max(...depth),
      cellParamsK: ops.reduce((n, o) => n + paramsOf[o], 0) / 1000,
      usedInputs: (usesInput(-2) ? 1 : 0) + (usesInput(-1) ? 1 : 0),
    };
  }

  complexity(c: PnasCandidate): number {
    return c.arch.blocks.length;
  }

  /** Every 1-block cell (136 unordered pairs of (input, op)), each with a recipe drawn from `rng`. */
  initial(rng: Rng, limit: number): PnasCandidate[] {
    const out = this.blockChoices(0).map((block) => ({ arch: { blocks: [block] }, recipe: this.recipes.sample(rng).recipe }));
    return out.length <= limit ? out : rng.sample(out, limit);
  }

  expand(c: PnasCandidate): PnasCandidate[] {
    if (c.arch.blocks.length >= this.maxBlocks) return [];
    return this.blockChoices(c.arch.blocks.length).map((block) => ({ arch: { blocks: [...c.arch.blocks, block] }, recipe: c.recipe }));
  }

  parse(value: unknown, field = 'candidate'): PnasCandidate {
    const v = value as { arch?: { blocks?: unknown }; recipe?: unknown } | null;
    const blocks = v?.arch?.blocks;
    if (!Array.isArray(blocks) || blocks.length < 1 || blocks.length > this.maxBlocks) {
      throw new InvalidInputError(`${field}.arch.blocks must be a list of 1 to ${this.maxBlocks} blocks [input, op, input, op], but got ${show(blocks)}`);
    }
    const parsed = blocks.map((b: unknown, i) => {
      if (!Array.isArray(b) || b.length !== 4) throw new InvalidInputError(`${field}.arch.blocks.${i} must be [input, op, input, op], but got ${show(b)}`);
      for (const k of [0, 2]) {
        if (!Number.isInteger(b[k]) || (b[k] as number) < -2 || (b[k] as number) >= i) {
          throw new InvalidInputError(`${field}.arch.blocks.${i}.${k} must be an input in -2…${i - 1}, but got ${show(b[k])}`);
        }
      }
      for (const k of [1, 3]) {
        if (!(PNAS_CELL_OPS as readonly unknown[]).includes(b[k])) throw new InvalidInputError(oneOfMessage(`${field}.arch.blocks.${i}.${k}`, PNAS_CELL_OPS, b[k]));
      }
      return canonical(b as unknown as PnasBlock);
    });
    const recipe = this.recipes.parse({ arch: {}, recipe: v?.recipe ?? {} }, field).recipe;
    return { arch: { blocks: parsed }, recipe };
  }

  describe(c: PnasCandidate): string {
    const recipe = this.recipes.describe({ arch: {}, recipe: c.recipe }).replace(/^ \| /, '').replace(/^\s*\|\s*/, '');
    return `${this.archKey(c)}${recipe ? ` | ${recipe}` : ''}`;
  }

  size(): number {
    let cells = 0;
    let prefix = 1;
    for (let b = 0; b < this.maxBlocks; b++) {
      prefix *= this.blockChoices(b).length;
      cells += prefix;
    }
    return cells * this.recipes.size();
  }

  /** Unordered pairs of (input, op) for block `b`: n(n+1)/2 with n = (b + 2)·8. */
  private blockChoices(b: number): PnasBlock[] {
    const halves: [number, PnasCellOp][] = [];
    for (let input = -2; input < b; input++) for (const op of PNAS_CELL_OPS) halves.push([input, op]);
    const out: PnasBlock[] = [];
    for (let i = 0; i < halves.length; i++) {
      for (let j = i; j < halves.length; j++) {
        const [i1, o1] = halves[i] as [number, PnasCellOp];
        const [i2, o2] = halves[j] as [number, PnasCellOp];
        out.push([i1, o1, i2, o2]);
      }
    }
    return out;
  }

  private randomInput(rng: Rng, block: number): number {
    return rng.int(block + 2) - 2;
  }
}

/** Orders the two halves of a block (input, then op index) so equal blocks have equal keys. */
function canonical(block: readonly [number, PnasCellOp, number, PnasCellOp]): PnasBlock {
  const [i1, o1, i2, o2] = block;
  const first = i1 < i2 || (i1 === i2 && PNAS_CELL_OPS.indexOf(o1) <= PNAS_CELL_OPS.indexOf(o2));
  return first ? [i1, o1, i2, o2] : [i2, o2, i1, o1];
}

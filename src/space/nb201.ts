import { InvalidInputError, oneOfMessage, show } from '../core/index.js';
import type { Choice, Rng } from '../core/index.js';
import { ProductSpace } from './product-space.js';
import type { ProductCandidate } from './product-space.js';
import type { Dimension } from './search-space.js';

/** The five NAS-Bench-201 operations, in the benchmark's index order. */
export const NB201_OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] as const;
export type Nb201Op = (typeof NB201_OPS)[number];

/** Edges in the order the official `|op~i|+|…|` string lists them: (from, to). */
export const NB201_EDGES: readonly (readonly [number, number])[] = [
  [0, 1],
  [0, 2],
  [1, 2],
  [0, 3],
  [1, 3],
  [2, 3],
];
export const NB201_EDGE_NAMES = NB201_EDGES.map(([i, j]) => `e${i}${j}`);

/** Number of distinct NB201 cells (5 ops on each of 6 edges). */
export const NB201_CELLS = NB201_OPS.length ** NB201_EDGES.length;

/**
 * A cell's position in the enumeration where edge 0 (0→1) is the most significant base-5 digit
 * and each digit is the op's index in `NB201_OPS`: a fixed order, independent of any table's rows.
 */
export function nb201CellIndex(ops: readonly string[]): number {
  return ops.reduce((index, op) => {
    const digit = NB201_OPS.indexOf(op as Nb201Op);
    if (digit < 0) throw new InvalidInputError(oneOfMessage('NB201 op', NB201_OPS, op));
    return index * NB201_OPS.length + digit;
  }, 0);
}

/** The ops of cell `index` in `nb201CellIndex`'s order. */
export function nb201CellAt(index: number): Nb201Op[] {
  if (!Number.isInteger(index) || index < 0 || index >= NB201_CELLS) {
    throw new InvalidInputError(`NB201 cell index must be an integer in 0…${NB201_CELLS - 1}, but got ${show(index)}`);
  }
  const ops: Nb201Op[] = [];
  for (let e = NB201_EDGES.length - 1, rest = index; e >= 0; e--, rest = Math.floor(rest / NB201_OPS.length)) {
    ops[e] = NB201_OPS[rest % NB201_OPS.length] as Nb201Op;
  }
  return ops;
}

/** The benchmark's two training schedules; 12 epochs is the cheap fidelity. */
export const NB201_EPOCHS = [12, 200] as const;

/** Multiply-adds (M) of the NB201 CIFAR network (C=16, N=5, 10 classes) with every edge `none`. */
export const NB201_BASE_FLOPS_M = 7.78305;
/** Parameters of that network with every edge `none` (stem, two residual reductions, head). */
export const NB201_BASE_PARAMS = 73_306;

const CELLS_PER_STAGE = 5;
const STAGE_CHANNELS = [16, 32, 64] as const;
const STAGE_SIDES = [32, 16, 8] as const;

/** Multiply-adds and parameters one `nor_conv_kxk` edge adds over the 15 cells (ReLU→Conv→BN, BN affine). */
function convEdgeCost(kernel: 1 | 3): { flops: number; params: number } {
  let flops = 0;
  let params = 0;
  STAGE_CHANNELS.forEach((c, s) => {
    const side = STAGE_SIDES[s] as number;
    flops += CELLS_PER_STAGE * side * side * c * c * kernel * kernel;
    params += CELLS_PER_STAGE * (c * c * kernel * kernel + 2 * c);
  });
  return { flops, params };
}
const CONV3 = convEdgeCost(3);
const CONV1 = convEdgeCost(1);

export type Nb201Candidate = ProductCandidate;

/** The statistics every NB201 space has, computed from the cell's ops. */
export const NB201_STRUCTURE_STATISTICS = [
  'flopsM',
  'paramsM',
  'convs3x3',
  'convs1x1',
  'skips',
  'pools',
  'nones',
  'longestPath',
  'convDepth',
  'connected',
] as const;

const GRAPH_OPS: readonly (readonly [Nb201Op, string])[] = [
  ['skip_connect', 'skip'],
  ['nor_conv_1x1', 'conv1x1'],
  ['nor_conv_3x3', 'conv3x3'],
  ['avg_pool_3x3', 'pool'],
];
/** Every non-empty set of the four ops, as bit masks over GRAPH_OPS, with its name (`skip+conv3x3`). */
const GRAPH_OP_SETS = Array.from({ length: 2 ** GRAPH_OPS.length - 1 }, (_, i) => {
  const mask = i + 1;
  return { mask, name: GRAPH_OPS.filter((_, k) => mask & (1 << k)).map(([, short]) => short).join('+') };
});

/** Names of `nb201GraphFeatures`, in its order. */
export const NB201_GRAPH_FEATURE_NAMES: readonly string[] = [
  ...GRAPH_OP_SETS.flatMap(({ name }) => [`paths:${name}`, `shortest:${name}`, `longest:${name}`]),
  ...GRAPH_OPS.flatMap(([, short]) => [`edges:${short}`, `intoOutput:${short}`, `fromInput:${short}`]),
];

/**
 * Graph features of a cell's live edges (`nb201LiveOps`), after the neural graph features (GRAF)
 * of Kadlecová et al. (ICML 2024): for every set of ops, the input→output paths whose edges all
 * carry an op of the set (how many, fewest and most edges; 0 without one); for every op, its
 * live edges, those into the output node and those out of the input node. Dead-edge variants of
 * a cell get the same values.
 */
export function nb201GraphFeatures(ops: readonly string[]): number[] {
  const live = nb201LiveOps(ops);
  const opBit = live.map((op) => {
    const k = GRAPH_OPS.findIndex(([name]) => name === op);
    return k < 0 ? 0 : 1 << k;
  });
  const out: number[] = [];
  for (const { mask } of GRAPH_OP_SETS) {
    // Nodes in topological order: paths into node j come over edges i→j from earlier nodes.
    const count = [1, 0, 0, 0];
    const fewest = [0, Infinity, Infinity, Infinity];
    const most = [0, -Infinity, -Infinity, -Infinity];
    for (let j = 1; j <= 3; j++) {
      NB201_EDGES.forEach(([from, to], e) => {
        if (to !== j || ((opBit[e] as number) & mask) === 0 || count[from] === 0) return;
        count[j] = (count[j] as number) + (count[from] as number);
        fewest[j] = Math.min(fewest[j] as number, (fewest[from] as number) + 1);
        most[j] = Math.max(most[j] as number, (most[from] as number) + 1);
      });
    }
    const reached = (count[3] as number) > 0;
    out.push(count[3] as number, reached ? (fewest[3] as number) : 0, reached ? (most[3] as number) : 0);
  }
  for (const [op] of GRAPH_OPS) {
    out.push(
      live.filter((o) => o === op).length,
      NB201_EDGES.filter(([, to], e) => to === 3 && live[e] === op).length,
      NB201_EDGES.filter(([from], e) => from === 0 && live[e] === op).length,
    );
  }
  return out;
}

/** Further free statistics of every cell, e.g. zero-cost proxies read from a precomputed table. */
export interface Nb201CellStatistics {
  readonly names: readonly string[];
  /** The values of cell `index` (`nb201CellIndex` order), in `names` order; finite numbers. */
  valuesAt(index: number): readonly number[];
}

/**
 * NAS-Bench-201: a 4-node cell with 6 edges, each one of five ops; the recipe is the training
 * schedule (12 or 200 epochs), which is also the benchmark's fidelity.
 */
export class Nb201Space extends ProductSpace {
  override readonly statisticNames: readonly string[];
  /**
   * The predictor's further inputs: `nb201GraphFeatures`. On the CIFAR-10 table they took the
   * pretrained predictor's Kendall τ at 100 samples from 0.764 to 0.794 (10 seeds;
   * bench/results/predictor-eval-nb201-cifar10.txt). Search surrogates read them only when asked
   * (`descriptors`): with them fbnetv3's and pnas's (validAcc, flopsM) fronts were worse.
   */
  readonly descriptorNames: readonly string[] = NB201_GRAPH_FEATURE_NAMES;
  private readonly cellStatistics: Nb201CellStatistics | undefined;

  /** `cellStatistics`: more free statistics per cell (zero-cost proxies), after the structural ones. */
  constructor(options: { readonly cellStatistics?: Nb201CellStatistics } = {}) {
    const dims: Dimension[] = NB201_EDGE_NAMES.map((name) => ({
      name,
      part: 'arch' as const,
      values: NB201_OPS,
      kind: 'categorical' as const,
    }));
    dims.push({ name: 'epochs', part: 'recipe', values: NB201_EPOCHS, kind: 'ordinal' });
    super({
      name: 'nb201',
      // v2: the architecture is encoded by its live edges (`nb201LiveOps`).
      encodingVersion: 2,
      dimensions: dims,
      fidelity: { dimension: 'epochs', full: 200, cost: (v: Choice) => Number(v) / 200 },
    });
    this.cellStatistics = options.cellStatistics;
    this.statisticNames = [...NB201_STRUCTURE_STATISTICS, ...(options.cellStatistics?.names ?? [])];
  }

  ops(candidate: Nb201Candidate): Nb201Op[] {
    return NB201_EDGE_NAMES.map((name) => candidate.arch[name] as Nb201Op);
  }

  fromOps(ops: readonly string[], epochs: number = 200): Nb201Candidate {
    const record: Record<string, Choice> = { epochs };
    NB201_EDGE_NAMES.forEach((name, i) => (record[name] = ops[i] as string));
    return this.fromRecord(record);
  }

  /** The official architecture string, e.g. `|nor_conv_3x3~0|+|skip_connect~0|none~1|+|…|`. */
  archString(candidate: Nb201Candidate): string {
    return formatNb201(this.ops(candidate));
  }

  fromArchString(text: string, epochs: number = 200): Nb201Candidate {
    return this.fromOps(parseNb201(text), epochs);
  }

  override key(candidate: Nb201Candidate): string {
    return `${this.archString(candidate)}@${String(candidate.recipe.epochs)}`;
  }

  override archKey(candidate: Nb201Candidate): string {
    return this.archString(candidate);
  }

  /** The key of the cell without its dead edges (`nb201LiveOps`), at the candidate's schedule. */
  equivalenceKey(candidate: Nb201Candidate): string {
    return this.key(this.liveForm(candidate));
  }

  /** The candidate with every dead edge set to `none` (`nb201LiveOps`), the same recipe. */
  private liveForm(candidate: Nb201Candidate): Nb201Candidate {
    const live = nb201LiveOps(this.ops(candidate));
    return { ...candidate, arch: Object.fromEntries(NB201_EDGE_NAMES.map((name, i) => [name, live[i] as string])) };
  }

  override describe(candidate: Nb201Candidate): string {
    return `${this.archString(candidate)} epochs=${String(candidate.recipe.epochs)}`;
  }

  override parse(value: unknown, field = 'candidate'): Nb201Candidate {
    // Accept the official string form for the architecture as well as the per-edge record.
    if (typeof value === 'object' && value !== null && typeof (value as { arch?: unknown }).arch === 'string') {
      const v = value as { arch: string; recipe?: { epochs?: unknown } };
      const epochs = v.recipe?.epochs ?? 200;
      if (!NB201_EPOCHS.includes(Number(epochs) as 12 | 200)) {
        throw new InvalidInputError(oneOfMessage(`${field}.recipe.epochs`, NB201_EPOCHS, epochs));
      }
      return this.fromOps(parseNb201(v.arch, `${field}.arch`), Number(epochs));
    }
    return super.parse(value, field);
  }

  override statistics(candidate: Nb201Candidate): Record<string, number> {
    const ops = this.ops(candidate);
    const count = (op: Nb201Op) => ops.filter((o) => o === op).length;
    const n3 = count('nor_conv_3x3');
    const n1 = count('nor_conv_1x1');
    const { longestPath, convDepth } = pathStatistics(ops);
    const extra: Record<string, number> = {};
    if (this.cellStatistics) {
      const values = this.cellStatistics.valuesAt(nb201CellIndex(ops));
      this.cellStatistics.names.forEach((name, i) => (extra[name] = values[i] as number));
    }
    return {
      flopsM: NB201_BASE_FLOPS_M + (n3 * CONV3.flops + n1 * CONV1.flops) / 1e6,
      paramsM: (NB201_BASE_PARAMS + n3 * CONV3.params + n1 * CONV1.params) / 1e6,
      convs3x3: n3,
      convs1x1: n1,
      skips: count('skip_connect'),
      pools: count('avg_pool_3x3'),
      nones: count('none'),
      longestPath,
      convDepth,
      connected: longestPath > 0 ? 1 : 0,
      ...extra,
    };
  }

  /**
   * One-hot of the cell's live edges (`nb201LiveOps`): cells that differ only on edges that cannot
   * reach the output compute the same function, so the predictor sees them as one. 6,180 of the
   * 15,625 cells have such an edge; on the CIFAR-10 table the pretrained neural predictor ranked
   * 1,000 held-out cells at Kendall τ 0.764 ± 0.013 from 100 samples this way, 0.743 ± 0.008 with
   * the raw edges (10 seeds, better on each; bench/results/predictor-eval-nb201-cifar10.txt).
   */
  override encodeArch(candidate: Nb201Candidate): Float32Array {
    return super.encodeArch(this.liveForm(candidate));
  }

  descriptors(candidate: Nb201Candidate): readonly number[] {
    return nb201GraphFeatures(this.ops(candidate));
  }

  /** Level = number of edges that are not `none` (1…6). */
  override get complexityRange(): readonly [number, number] {
    return [1, 6];
  }

  override complexity(candidate: Nb201Candidate): number {
    return this.ops(candidate).filter((o) => o !== 'none').length;
  }

  /**
   * The cells with exactly one non-`none` edge, at each allowed schedule; only the connected ones
   * (the edge 0→3) when the space allows any. A single op on any other edge leaves the output
   * cut off from the input: such a cell computes a constant (10.0% on every NB201 table), so
   * measuring 20 of them, as plain PNAS would, buys nothing.
   */
  override initial(_rng: Rng, limit: number): Nb201Candidate[] {
    const out: Nb201Candidate[] = [];
    const epochs = this.dimension('epochs').values;
    for (let e = 0; e < NB201_EDGES.length; e++) {
      for (const op of this.allowedOps(e)) {
        if (op === 'none') continue;
        for (const ep of epochs) {
          const ops: string[] = NB201_EDGE_NAMES.map(() => 'none');
          ops[e] = String(op);
          if (NB201_EDGE_NAMES.every((name, i) => this.dimension(name).values.includes(ops[i] as string))) {
            out.push(this.fromOps(ops, Number(ep)));
          }
        }
      }
    }
    const connected = out.filter((c) => pathStatistics(this.ops(c)).longestPath > 0);
    return (connected.length > 0 ? connected : out).slice(0, limit);
  }

  /** Children: one `none` edge replaced by each other allowed op. */
  override expand(candidate: Nb201Candidate): Nb201Candidate[] {
    const ops = this.ops(candidate);
    const children: Nb201Candidate[] = [];
    ops.forEach((op, e) => {
      if (op !== 'none') return;
      for (const next of this.allowedOps(e)) {
        if (next === 'none') continue;
        const child: string[] = ops.slice();
        child[e] = String(next);
        children.push(this.fromOps(child, Number(candidate.recipe.epochs)));
      }
    });
    return children;
  }

  private allowedOps(edge: number): readonly Choice[] {
    return this.dimension(NB201_EDGE_NAMES[edge] as string).values;
  }
}

export function formatNb201(ops: readonly string[]): string {
  const node = (j: number) =>
    NB201_EDGES.map(([from, to], e) => (to === j ? `${ops[e] as string}~${from}` : null)).filter((x) => x !== null);
  return `|${node(1).join('|')}|+|${node(2).join('|')}|+|${node(3).join('|')}|`;
}

export function parseNb201(text: string, field = 'arch'): Nb201Op[] {
  const groups = text.trim().split('+');
  const fail = (why: string): never => {
    throw new InvalidInputError(
      `${field} must be an NB201 cell string like |nor_conv_3x3~0|+|skip_connect~0|none~1|+|avg_pool_3x3~0|nor_conv_1x1~1|skip_connect~2| (${why}), but got ${show(text)}`,
    );
  };
  if (groups.length !== 3) fail('3 node groups separated by +');
  const ops: Nb201Op[] = new Array<Nb201Op>(6).fill('none');
  groups.forEach((group, g) => {
    const to = g + 1;
    const items = group.split('|').filter((x) => x !== '');
    if (items.length !== to) fail(`node ${to} needs ${to} inputs`);
    items.forEach((item) => {
      const [op, fromText] = item.split('~');
      const from = Number(fromText);
      if (!(NB201_OPS as readonly string[]).includes(op ?? '')) {
        throw new InvalidInputError(oneOfMessage(`${field} op`, NB201_OPS, op));
      }
      const e = NB201_EDGES.findIndex(([i, j]) => i === from && j === to);
      if (e < 0) fail(`bad input index ${String(fromText)} for node ${to}`);
      ops[e] = op as Nb201Op;
    });
  });
  return ops;
}

/**
 * The cell with every dead edge set to `none`. An edge i→j is live when node i is reached from
 * the input and node j reaches the output, both over edges that are not `none`; any other edge
 * feeds a node whose value never reaches the output, or reads a node that is zero whatever the
 * input (it adds a constant at most: a batch norm's learned shift), so the cell computes the same
 * function without it. A disconnected cell becomes all `none`.
 */
export function nb201LiveOps(ops: readonly string[]): Nb201Op[] {
  const fromInput = [true, false, false, false];
  for (let j = 1; j <= 3; j++) {
    NB201_EDGES.forEach(([from, to], e) => {
      if (to === j && ops[e] !== 'none' && fromInput[from]) fromInput[j] = true;
    });
  }
  const toOutput = [false, false, false, true];
  for (let i = 2; i >= 0; i--) {
    NB201_EDGES.forEach(([from, to], e) => {
      if (from === i && ops[e] !== 'none' && toOutput[to]) toOutput[i] = true;
    });
  }
  return NB201_EDGES.map(([from, to], e) => (fromInput[from] && toOutput[to] ? (ops[e] as Nb201Op) : 'none'));
}

/** Longest path from input to output over non-`none` edges (in edges, and in conv ops); 0 if disconnected. */
function pathStatistics(ops: readonly Nb201Op[]): { longestPath: number; convDepth: number } {
  const best = [0, -Infinity, -Infinity, -Infinity];
  const bestConv = [0, -Infinity, -Infinity, -Infinity];
  for (let j = 1; j <= 3; j++) {
    NB201_EDGES.forEach(([from, to], e) => {
      if (to !== j || ops[e] === 'none') return;
      const conv = ops[e] === 'nor_conv_1x1' || ops[e] === 'nor_conv_3x3' ? 1 : 0;
      best[j] = Math.max(best[j] as number, (best[from] as number) + 1);
      bestConv[j] = Math.max(bestConv[j] as number, (bestConv[from] as number) + conv);
    });
  }
  const longest = best[3] as number;
  return Number.isFinite(longest) ? { longestPath: longest, convDepth: bestConv[3] as number } : { longestPath: 0, convDepth: 0 };
}

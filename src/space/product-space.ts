import { InvalidInputError, oneOfMessage, show } from '../core/index.js';
import type { Candidate, Choice, Rng } from '../core/index.js';
import type { Dimension, Fidelity, SearchSpace } from './search-space.js';

export type Assignment = Readonly<Record<string, Choice>>;
export type ProductCandidate = Candidate<Assignment, Assignment>;

export interface ProductSpaceOptions {
  readonly name: string;
  readonly dimensions: readonly Dimension[];
  /** Ordinal architecture dimensions whose positions add up to the complexity level. */
  readonly complexityDimensions?: readonly string[];
  readonly fidelity?: Fidelity;
  readonly encodingVersion?: number;
}

/**
 * A search space that is the product of discrete dimensions, split into architecture and recipe
 * parts. Tabular benchmarks and the trainer's macro spaces are products; subclasses add free
 * statistics and their own complexity/expansion where the generic one does not fit.
 */
export class ProductSpace implements SearchSpace<ProductCandidate> {
  readonly name: string;
  readonly encodingVersion: number;
  readonly fidelity?: Fidelity;
  readonly statisticNames: readonly string[] = [];
  /** Dimensions as currently allowed (narrowed by `restrict`). */
  readonly dimensions: readonly Dimension[];
  /** Dimensions as first declared: encodings never change when a space is restricted. */
  protected readonly encodingDimensions: readonly Dimension[];
  protected readonly complexityDimensions: readonly string[];
  readonly archFeatureCount: number;
  readonly recipeFeatureCount: number;

  constructor(options: ProductSpaceOptions) {
    this.name = options.name;
    this.encodingVersion = options.encodingVersion ?? 1;
    if (options.fidelity) this.fidelity = options.fidelity;
    this.dimensions = options.dimensions;
    this.encodingDimensions = options.dimensions;
    this.complexityDimensions = options.complexityDimensions ?? [];
    for (const name of this.complexityDimensions) {
      const dim = this.dimension(name);
      if (dim.kind !== 'ordinal') throw new Error(`complexity dimension ${name} must be ordinal`);
    }
    this.archFeatureCount = featureCount(this.encodingDimensions.filter((d) => d.part === 'arch'));
    this.recipeFeatureCount = featureCount(this.encodingDimensions.filter((d) => d.part === 'recipe'));
  }

  dimension(name: string): Dimension {
    const dim = this.dimensions.find((d) => d.name === name);
    if (!dim) throw new Error(`space ${this.name} has no dimension ${name}`);
    return dim;
  }

  protected encodingDimension(name: string): Dimension {
    const dim = this.encodingDimensions.find((d) => d.name === name);
    if (!dim) throw new Error(`space ${this.name} has no dimension ${name}`);
    return dim;
  }

  /**
   * The same space with some dimensions narrowed to the given values (e.g. a fidelity pinned to
   * its full value, or a user's constraint). Encodings are unchanged.
   */
  restrict(allowed: Readonly<Record<string, readonly Choice[]>>): this {
    const dims = this.dimensions.map((d) => {
      const keep = allowed[d.name];
      if (keep === undefined) return d;
      for (const v of keep) {
        if (!d.values.includes(v)) throw new InvalidInputError(oneOfMessage(`${this.name}.${d.name}`, d.values, v));
      }
      if (keep.length === 0) throw new InvalidInputError(`${this.name}.${d.name} cannot be restricted to no values`);
      return { ...d, values: d.values.filter((v) => keep.includes(v)) };
    });
    for (const name of Object.keys(allowed)) this.dimension(name);
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.assign(copy, this, { dimensions: dims });
    return copy;
  }

  sample(rng: Rng): ProductCandidate {
    return this.fromValues(this.dimensions.map((d) => rng.choice(d.values)));
  }

  /** Maps a point of the unit cube (one coordinate per dimension) to a candidate: for quasi-random sampling. */
  fromUnit(u: readonly number[]): ProductCandidate {
    return this.fromValues(
      this.dimensions.map((d, i) => d.values[Math.min(d.values.length - 1, Math.floor((u[i] ?? 0) * d.values.length))] as Choice),
    );
  }

  mutate(candidate: ProductCandidate, rng: Rng): ProductCandidate {
    const mutable = this.dimensions.filter((d) => d.values.length > 1);
    if (mutable.length === 0) return candidate;
    const dim = rng.choice(mutable);
    const current = this.valueOf(candidate, dim);
    const others = dim.values.filter((v) => v !== current);
    return this.withValue(candidate, dim.name, rng.choice(others));
  }

  crossover(a: ProductCandidate, b: ProductCandidate, rng: Rng): ProductCandidate {
    return this.fromValues(this.dimensions.map((d) => (rng.bernoulli(0.5) ? this.valueOf(a, d) : this.valueOf(b, d))));
  }

  key(candidate: ProductCandidate): string {
    return this.encodingDimensions.map((d) => String(this.valueOf(candidate, d))).join(',');
  }

  archKey(candidate: ProductCandidate): string {
    return this.encodingDimensions
      .filter((d) => d.part === 'arch')
      .map((d) => String(this.valueOf(candidate, d)))
      .join(',');
  }

  encodeArch(candidate: ProductCandidate): Float32Array {
    return this.encodePart(candidate, 'arch', this.archFeatureCount);
  }

  encodeRecipe(candidate: ProductCandidate): Float32Array {
    return this.encodePart(candidate, 'recipe', this.recipeFeatureCount);
  }

  statistics(_candidate: ProductCandidate): Record<string, number> {
    return {};
  }

  get complexityRange(): readonly [number, number] {
    let max = 0;
    for (const name of this.complexityDimensions) max += this.encodingDimension(name).values.length - 1;
    return [0, max];
  }

  complexity(candidate: ProductCandidate): number {
    let level = 0;
    for (const name of this.complexityDimensions) {
      const dim = this.encodingDimension(name);
      level += Math.max(0, dim.values.indexOf(this.valueOf(candidate, dim)));
    }
    return level;
  }

  initial(rng: Rng, limit: number): ProductCandidate[] {
    const free = this.dimensions.filter((d) => !this.complexityDimensions.includes(d.name));
    const base: Record<string, Choice> = {};
    for (const name of this.complexityDimensions) base[name] = this.dimension(name).values[0] as Choice;
    const total = free.reduce((n, d) => n * d.values.length, 1);
    const seen = new Set<string>();
    const out: ProductCandidate[] = [];
    if (total <= limit) {
      for (const combo of cartesian(free.map((d) => d.values))) {
        const values = { ...base };
        free.forEach((d, i) => (values[d.name] = combo[i] as Choice));
        out.push(this.fromRecord(values));
      }
      return out;
    }
    while (out.length < limit) {
      const values = { ...base };
      for (const d of free) values[d.name] = rng.choice(d.values);
      const c = this.fromRecord(values);
      const k = this.key(c);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(c);
      }
    }
    return out;
  }

  expand(candidate: ProductCandidate): ProductCandidate[] {
    const children: ProductCandidate[] = [];
    for (const name of this.complexityDimensions) {
      const dim = this.dimension(name);
      const i = dim.values.indexOf(this.valueOf(candidate, dim));
      const next = dim.values[i + 1];
      if (next !== undefined) children.push(this.withValue(candidate, name, next));
    }
    return children;
  }

  parse(value: unknown, field = 'candidate'): ProductCandidate {
    if (typeof value !== 'object' || value === null) {
      throw new InvalidInputError(`${field} must be an object with "arch" and "recipe", but got ${show(value)}`);
    }
    const record: Record<string, Choice> = {};
    for (const part of ['arch', 'recipe'] as const) {
      const sub = (value as Record<string, unknown>)[part];
      if (typeof sub !== 'object' || sub === null) {
        throw new InvalidInputError(`${field}.${part} must be an object, but got ${show(sub)}`);
      }
      const names = this.dimensions.filter((d) => d.part === part).map((d) => d.name);
      for (const k of Object.keys(sub)) {
        if (!names.includes(k)) throw new InvalidInputError(oneOfMessage(`${field}.${part} keys`, names, k));
      }
      for (const dim of this.dimensions.filter((d) => d.part === part)) {
        const v = (sub as Record<string, unknown>)[dim.name];
        const match = dim.values.find((allowed) => allowed === v || (typeof allowed === 'number' && typeof v === 'string' && Number(v) === allowed && v.trim() !== ''));
        if (match === undefined) throw new InvalidInputError(oneOfMessage(`${field}.${part}.${dim.name}`, dim.values, v));
        record[dim.name] = match;
      }
    }
    return this.fromRecord(record);
  }

  describe(candidate: ProductCandidate): string {
    const fmt = (part: 'arch' | 'recipe') =>
      this.dimensions
        .filter((d) => d.part === part)
        .map((d) => `${d.name}=${String(this.valueOf(candidate, d))}`)
        .join(' ');
    return `${fmt('arch')} | ${fmt('recipe')}`;
  }

  size(): number {
    return this.dimensions.reduce((n, d) => n * d.values.length, 1);
  }

  /** Builds a candidate from one value per dimension, in `dimensions` order. */
  fromValues(values: readonly Choice[]): ProductCandidate {
    const record: Record<string, Choice> = {};
    this.dimensions.forEach((d, i) => (record[d.name] = values[i] as Choice));
    return this.fromRecord(record);
  }

  /** Builds a candidate from a name → value record covering every dimension. */
  fromRecord(values: Readonly<Record<string, Choice>>): ProductCandidate {
    const arch: Record<string, Choice> = {};
    const recipe: Record<string, Choice> = {};
    for (const d of this.encodingDimensions) {
      const v = values[d.name];
      if (v === undefined) throw new Error(`missing value for ${d.name}`);
      (d.part === 'arch' ? arch : recipe)[d.name] = v;
    }
    return { arch, recipe };
  }

  /** Index of each value in its dimension, in declaration order (tabular benchmarks' config ids). */
  valueIndices(candidate: ProductCandidate): number[] {
    return this.encodingDimensions.map((d) => d.values.indexOf(this.valueOf(candidate, d)));
  }

  valueOf(candidate: ProductCandidate, dim: Dimension): Choice {
    const v = (dim.part === 'arch' ? candidate.arch : candidate.recipe)[dim.name];
    if (v === undefined) throw new Error(`candidate has no ${dim.part}.${dim.name}`);
    return v;
  }

  withValue(candidate: ProductCandidate, name: string, value: Choice): ProductCandidate {
    const dim = this.dimension(name);
    return dim.part === 'arch'
      ? { arch: { ...candidate.arch, [name]: value }, recipe: candidate.recipe }
      : { arch: candidate.arch, recipe: { ...candidate.recipe, [name]: value } };
  }

  private encodePart(candidate: ProductCandidate, part: 'arch' | 'recipe', length: number): Float32Array {
    const out = new Float32Array(length);
    let at = 0;
    for (const d of this.encodingDimensions) {
      if (d.part !== part) continue;
      const index = d.values.indexOf(this.valueOf(candidate, d));
      if (d.kind === 'ordinal') {
        out[at++] = d.values.length > 1 ? index / (d.values.length - 1) : 0;
      } else {
        out[at + index] = 1;
        at += d.values.length;
      }
    }
    return out;
  }
}

function featureCount(dims: readonly Dimension[]): number {
  return dims.reduce((n, d) => n + (d.kind === 'ordinal' ? 1 : d.values.length), 0);
}

function* cartesian(lists: readonly (readonly Choice[])[]): Generator<Choice[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = lists;
  for (const v of first ?? []) for (const tail of cartesian(rest)) yield [v, ...tail];
}

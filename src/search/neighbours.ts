import type { Candidate, Choice, PrunedAt, Rng } from '../core/index.js';
import type { Dimension, Fidelity, SearchSpace } from '../space/index.js';

/**
 * Every candidate differing from `c` in one dimension (product spaces: enumerated), or up to
 * `samples` distinct `mutate` draws for spaces without declared dimensions.
 */
export function neighbours<C extends Candidate>(space: SearchSpace<C>, c: C, rng: Rng, samples = 32): C[] {
  const dims = space.dimensions;
  const out: C[] = [];
  if (dims && isRecordCandidate(c)) {
    for (const d of dims) {
      const part = c[d.part] as Record<string, Choice>;
      const current = part[d.name];
      for (const v of d.values) {
        if (v === current) continue;
        out.push({ ...c, [d.part]: { ...part, [d.name]: v } } as C);
      }
    }
    return out;
  }
  const keys = new Set<string>([space.key(c)]);
  for (let i = 0; i < samples * 3 && out.length < samples; i++) {
    const m = space.mutate(c, rng);
    const k = space.key(m);
    if (!keys.has(k)) {
      keys.add(k);
      out.push(m);
    }
  }
  return out;
}

function isRecordCandidate(c: Candidate): boolean {
  return typeof c.arch === 'object' && c.arch !== null && !Array.isArray(c.arch) && typeof c.recipe === 'object' && c.recipe !== null && !Array.isArray(c.recipe);
}

/** The space's fidelity and the dimension that holds it (undefined without a fidelity). */
function fidelityDimension<C extends Candidate>(space: SearchSpace<C>): { fidelity: Fidelity; dim: Dimension } | undefined {
  const fidelity = space.fidelity;
  const dim = fidelity ? space.dimensions?.find((d) => d.name === fidelity.dimension) : undefined;
  return fidelity && dim ? { fidelity, dim } : undefined;
}

/** The candidate with the space's fidelity set to `value` (unchanged when the space has none). */
export function atFidelity<C extends Candidate>(space: SearchSpace<C>, c: C, value: Choice | undefined): C {
  const found = fidelityDimension(space);
  if (!found || value === undefined || !isRecordCandidate(c) || !found.dim.values.includes(value)) return c;
  const { dim } = found;
  const part = c[dim.part] as Record<string, Choice>;
  return { ...c, [dim.part]: { ...part, [dim.name]: value } } as C;
}

/** The fidelity values a strategy may use: the cheapest allowed and the full one (undefined without a fidelity). */
export function fidelityLevels<C extends Candidate>(space: SearchSpace<C>): { cheap: Choice; full: Choice } | undefined {
  const found = fidelityDimension(space);
  if (!found) return undefined;
  const { fidelity: f, dim } = found;
  const full = dim.values.includes(f.full) ? f.full : (dim.values[dim.values.length - 1] as Choice);
  let cheap = full;
  for (const v of dim.values) if (f.cost(v) < f.cost(cheap)) cheap = v;
  return { cheap, full };
}

/**
 * The candidate at the lower fidelity level whose training a pruned evaluation of `c` reached (the
 * same share of the epochs, to within half an epoch), or undefined where the space has no such
 * level (no fidelity, or a stop between levels).
 */
export function atReachedFidelity<C extends Candidate>(space: SearchSpace<C>, c: C, pruned: PrunedAt): C | undefined {
  const found = fidelityDimension(space);
  if (!found || pruned.epochs <= 0 || !isRecordCandidate(c)) return undefined;
  const { fidelity: f, dim } = found;
  const asked = (c[dim.part] as Record<string, Choice>)[dim.name];
  if (asked === undefined) return undefined;
  const perEpoch = f.cost(asked) / pruned.epochs;
  const reached = perEpoch * pruned.epoch;
  const distance = (v: Choice) => Math.abs(f.cost(v) - reached);
  const lower = dim.values.filter((v) => f.cost(v) < f.cost(asked));
  const nearest = lower.reduce<Choice | undefined>((best, v) => (best === undefined || distance(v) < distance(best) ? v : best), undefined);
  return nearest !== undefined && distance(nearest) < perEpoch / 2 ? atFidelity(space, c, nearest) : undefined;
}

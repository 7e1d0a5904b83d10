import type { Candidate, Choice, Rng } from '../core/index.js';
import type { SearchSpace } from '../space/index.js';

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

/** The candidate with the space's fidelity set to `value` (unchanged when the space has none). */
export function atFidelity<C extends Candidate>(space: SearchSpace<C>, c: C, value: Choice | undefined): C {
  const f = space.fidelity;
  if (!f || value === undefined || !isRecordCandidate(c)) return c;
  const dim = space.dimensions?.find((d) => d.name === f.dimension);
  if (!dim || !dim.values.includes(value)) return c;
  const part = c[dim.part] as Record<string, Choice>;
  return { ...c, [dim.part]: { ...part, [dim.name]: value } } as C;
}

/** The fidelity values a strategy may use: the cheapest allowed and the full one (undefined without a fidelity). */
export function fidelityLevels<C extends Candidate>(space: SearchSpace<C>): { cheap: Choice; full: Choice } | undefined {
  const f = space.fidelity;
  const dim = f ? space.dimensions?.find((d) => d.name === f.dimension) : undefined;
  if (!f || !dim) return undefined;
  const full = dim.values.includes(f.full) ? f.full : (dim.values[dim.values.length - 1] as Choice);
  let cheap = full;
  for (const v of dim.values) if (f.cost(v) < f.cost(cheap)) cheap = v;
  return { cheap, full };
}

import { hypervolumeImprovement, paretoFront } from '../pareto/index.js';

/**
 * Acquisition over minimised objectives, from a predictor's mean and standard deviation.
 *
 * One objective: the lower confidence bound mean − β·std (UCB on the score; Srinivas et al. 2010),
 * negated so that higher utility is better. Several objectives: the hypervolume improvement that
 * the optimistic point mean − β·std would add to the measured front (objectives normalised by the
 * measured ideal and the worst measured value of each, not the front's nadir, which measured no
 * better on the NB201 front, bench/results/bo.md; reference 10 % beyond), and for points that add none,
 * minus their additive-ε distance to the front, so dominated candidates still rank by closeness.
 */
export class Acquisition {
  private readonly front: number[][];
  private readonly lo: number[];
  private readonly span: number[];
  private readonly ref: number[];

  /**
   * `measured`: minimised losses of the observations so far (failed ones are ignored). `reach`:
   * predicted points of the candidates about to be ranked; the worst values (and so the reference
   * point) move out to cover them. Otherwise a search whose measurements are all cheap so far (PNAS
   * grows from the simplest cells) could never credit a costlier child with hypervolume: it would
   * lie beyond the reference point (measured on NB201: pnas's HV ratio 0.71 at 100 queries, below
   * random's 0.88, every query at ≤ one 3×3 convolution).
   */
  constructor(
    measured: readonly (readonly number[])[],
    readonly objectives: number,
    readonly beta: number,
    reach: readonly (readonly number[])[] = [],
  ) {
    const finite = measured.filter((p) => p.length === objectives && p.every(Number.isFinite));
    const covered = [...finite, ...reach.filter((p) => p.length >= objectives && p.slice(0, objectives).every(Number.isFinite))];
    this.lo = Array.from({ length: objectives }, (_, k) => Math.min(...finite.map((p) => p[k] as number)));
    const hi = Array.from({ length: objectives }, (_, k) => Math.max(...(finite.length > 0 ? covered : finite).map((p) => p[k] as number)));
    this.span = this.lo.map((l, k) => (Number.isFinite(l) && (hi[k] as number) > l ? (hi[k] as number) - l : 1));
    if (finite.length === 0) this.lo.fill(0);
    const normalised = finite.map((p) => this.normalise(p));
    this.front = paretoFront(normalised).map((i) => normalised[i] as number[]);
    this.ref = Array.from({ length: objectives }, () => 1.1);
  }

  /** Higher is better. */
  utility(mean: readonly number[], std: readonly number[]): number {
    if (this.objectives === 1) return -((mean[0] as number) - this.beta * (std[0] as number));
    return this.frontUtility(this.front, this.optimistic(mean, std));
  }

  /**
   * Greedy batch of `k` indices by utility; with several objectives each pick's predicted mean joins
   * the front before the next pick ("kriging believer"), which spreads the batch along the front.
   */
  selectBatch(means: readonly (readonly number[])[], stds: readonly (readonly number[])[], k: number, eligible?: (i: number) => boolean): number[] {
    const ok = (i: number) => eligible?.(i) ?? true;
    const n = means.length;
    if (this.objectives === 1) {
      const scores = means.map((m, i) => this.utility(m, stds[i] as number[]));
      return order(scores).filter(ok).slice(0, k);
    }
    const points = means.map((m, i) => this.optimistic(m, stds[i] as number[]));
    // Pre-screen: the greedy loop only looks at the best few hundred by stand-alone utility.
    const first = points.map((p) => this.frontUtility(this.front, p));
    const shortlist = order(first).filter(ok).slice(0, Math.max(4 * k, 256));
    const front = this.front.slice();
    const picked: number[] = [];
    const taken = new Set<number>();
    while (picked.length < Math.min(k, n) && taken.size < shortlist.length) {
      let best = -1;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (const i of shortlist) {
        if (taken.has(i)) continue;
        const s = picked.length === 0 ? (first[i] as number) : this.frontUtility(front, points[i] as number[]);
        if (s > bestScore) {
          bestScore = s;
          best = i;
        }
      }
      if (best < 0) break;
      taken.add(best);
      picked.push(best);
      front.push(this.normalise(means[best] as number[]));
    }
    return picked;
  }

  private optimistic(mean: readonly number[], std: readonly number[]): number[] {
    return this.normalise(mean.map((m, k) => m - this.beta * (std[k] as number)));
  }

  private normalise(p: readonly number[]): number[] {
    return p.map((v, k) => (v - (this.lo[k] as number)) / (this.span[k] as number));
  }

  private frontUtility(front: readonly number[][], p: readonly number[]): number {
    if (!p.every(Number.isFinite)) return Number.NEGATIVE_INFINITY;
    if (front.length === 0) return -p.reduce((s, v) => s + v, 0);
    const gain = hypervolumeImprovement(front, p, this.ref);
    if (gain > 0) return gain;
    let eps = Number.POSITIVE_INFINITY;
    for (const q of front) {
      let worst = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < p.length; k++) worst = Math.max(worst, (p[k] as number) - (q[k] as number));
      eps = Math.min(eps, worst);
    }
    return -Math.max(eps, 1e-12);
  }
}

/** Indices by descending score (stable: ties keep index order, so results are deterministic). */
export function order(scores: readonly number[]): number[] {
  return scores.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
}

/**
 * Rank agreement between predictions and measured values. These are the figures the predictor is
 * judged by (Kendall τ and Spearman ρ on held-out candidates), so ties are handled the standard way:
 * τ-b corrects for ties in either list, ρ uses average ranks.
 */

/**
 * Kendall's τ-b: (concordant − discordant) / √((n0 − n1)(n0 − n2)), where n0 = n(n−1)/2 and n1, n2
 * count pairs tied in `a` and in `b`. Knight's O(n log n) algorithm (sort by a, then b; count swaps
 * of a merge sort on b). NaN when either list is constant or shorter than 2.
 */
export function kendallTauB(a: readonly number[], b: readonly number[]): number {
  checkPaired(a, b);
  const n = a.length;
  if (n < 2) return Number.NaN;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => (a[i] as number) - (a[j] as number) || (b[i] as number) - (b[j] as number),
  );
  const n0 = (n * (n - 1)) / 2;
  // n1: pairs tied in a; n3: pairs tied in both.
  let n1 = 0;
  let n3 = 0;
  let runA = 1;
  let runAB = 1;
  for (let k = 1; k <= n; k++) {
    const prev = order[k - 1] as number;
    const cur = order[k];
    const sameA = cur !== undefined && a[cur] === a[prev];
    const sameAB = sameA && b[cur as number] === b[prev];
    if (sameA) runA++;
    else {
      n1 += (runA * (runA - 1)) / 2;
      runA = 1;
    }
    if (sameAB) runAB++;
    else {
      n3 += (runAB * (runAB - 1)) / 2;
      runAB = 1;
    }
  }
  const bs = order.map((i) => b[i] as number);
  const swaps = mergeSortCountingSwaps(bs);
  // bs is now sorted by b: count pairs tied in b.
  let n2 = 0;
  let runB = 1;
  for (let k = 1; k <= n; k++) {
    if (k < n && bs[k] === bs[k - 1]) runB++;
    else {
      n2 += (runB * (runB - 1)) / 2;
      runB = 1;
    }
  }
  const denom = Math.sqrt((n0 - n1) * (n0 - n2));
  if (denom === 0) return Number.NaN;
  // Concordant − discordant = n0 − n1 − n2 + n3 − 2·swaps.
  return (n0 - n1 - n2 + n3 - 2 * swaps) / denom;
}

/** Sorts `xs` in place (stable merge sort) and returns the number of inversions (strictly greater before). */
function mergeSortCountingSwaps(xs: number[]): number {
  const n = xs.length;
  let src = xs.slice();
  let dst = new Array<number>(n);
  let swaps = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if ((src[j] as number) < (src[i] as number)) {
          swaps += mid - i;
          dst[k++] = src[j++] as number;
        } else dst[k++] = src[i++] as number;
      }
      while (i < mid) dst[k++] = src[i++] as number;
      while (j < hi) dst[k++] = src[j++] as number;
    }
    [src, dst] = [dst, src];
  }
  for (let k = 0; k < n; k++) xs[k] = src[k] as number;
  return swaps;
}

/** Ranks 1…n, tied values sharing the average of the ranks they span. */
export function averageRanks(values: readonly number[]): number[] {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((i, j) => (values[i] as number) - (values[j] as number));
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end] as number] === values[order[start] as number]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k] as number] = rank;
    start = end;
  }
  return ranks;
}

/** Spearman's ρ: Pearson correlation of the average ranks. NaN when either list is constant. */
export function spearmanRho(a: readonly number[], b: readonly number[]): number {
  checkPaired(a, b);
  if (a.length < 2) return Number.NaN;
  return pearson(averageRanks(a), averageRanks(b));
}

export function pearson(a: readonly number[], b: readonly number[]): number {
  checkPaired(a, b);
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  const denom = Math.sqrt(saa * sbb);
  return denom === 0 ? Number.NaN : sab / denom;
}

/**
 * Of the k candidates ranked best by `predicted`, the fraction that are among the true best k.
 * `direction` says which end is best ('max': largest values, 'min': smallest). Ties at the k-th
 * place are broken by position, so the figure can depend on input order when values tie.
 */
export function topKPrecision(
  truth: readonly number[],
  predicted: readonly number[],
  k: number,
  direction: 'max' | 'min' = 'max',
): number {
  checkPaired(truth, predicted);
  if (!Number.isInteger(k) || k < 1 || k > truth.length) {
    throw new RangeError(`topKPrecision needs 1 ≤ k ≤ ${truth.length}, got ${k}`);
  }
  const sign = direction === 'max' ? -1 : 1;
  const best = (v: readonly number[]) =>
    new Set(
      Array.from({ length: v.length }, (_, i) => i)
        .sort((i, j) => sign * ((v[i] as number) - (v[j] as number)) || i - j)
        .slice(0, k),
    );
  const trueBest = best(truth);
  let hits = 0;
  for (const i of best(predicted)) if (trueBest.has(i)) hits++;
  return hits / k;
}

function checkPaired(a: readonly number[], b: readonly number[]): void {
  if (a.length !== b.length) throw new RangeError(`paired lists differ in length: ${a.length} vs ${b.length}`);
}

/**
 * Kendall τ-b within groups of equal `group` values (e.g. one FLOPs level), averaged with each
 * group weighted by its number of pairs; groups of one are skipped. NaN when no group has two.
 */
export function kendallTauWithinGroups(a: readonly number[], b: readonly number[], group: readonly number[]): number {
  const members = new Map<number, number[]>();
  group.forEach((g, i) => {
    const list = members.get(g);
    if (list) list.push(i);
    else members.set(g, [i]);
  });
  let sum = 0;
  let weight = 0;
  for (const idx of members.values()) {
    if (idx.length < 2) continue;
    const tau = kendallTauB(idx.map((i) => a[i] as number), idx.map((i) => b[i] as number));
    if (!Number.isFinite(tau)) continue;
    const pairs = (idx.length * (idx.length - 1)) / 2;
    sum += tau * pairs;
    weight += pairs;
  }
  return weight > 0 ? sum / weight : Number.NaN;
}

import { averageRanks } from './metrics.js';
import { InvalidInputError } from '../core/index.js';
import { normalQuantile } from './normal.js';

/**
 * How measured targets are mapped to what the network fits. `standard` is a z-score. `rank-gauss`
 * replaces each target by the normal quantile of its rank, which removes the pull of outliers
 * (NB201's disconnected cells sit at 10 % against ~90 %; diverged FCNet configs have huge MSE); it
 * is inverted by piecewise-linear interpolation through the training targets, linear beyond them.
 */
export const TARGET_SCALINGS = ['standard', 'rank-gauss'] as const;
export type TargetScaling = (typeof TARGET_SCALINGS)[number];

/** Serialisable state (meta.json). */
export interface TargetScalerState {
  readonly kind: TargetScaling;
  readonly mean: readonly number[];
  readonly std: readonly number[];
  /** rank-gauss only: per objective, knots (z ascending, y ascending). */
  readonly knots?: readonly { readonly z: readonly number[]; readonly y: readonly number[] }[];
}

export function fitTargetScaler(kind: TargetScaling, targets: readonly (readonly number[])[]): TargetScalerState {
  const m = targets[0]?.length ?? 0;
  const mean: number[] = [];
  const std: number[] = [];
  const knots: { z: number[]; y: number[] }[] = [];
  for (let o = 0; o < m; o++) {
    const col = targets.map((t) => t[o] as number);
    const mu = col.reduce((s, v) => s + v, 0) / col.length;
    const sd = Math.sqrt(col.reduce((s, v) => s + (v - mu) ** 2, 0) / col.length);
    mean.push(mu);
    std.push(sd > 1e-12 ? sd : 1);
    if (kind === 'rank-gauss') {
      const z = rankGauss(col);
      const pairs = col.map((y, i) => [z[i] as number, y] as const).sort((a, b) => a[0] - b[0]);
      const zs: number[] = [];
      const ys: number[] = [];
      for (const [zi, yi] of pairs) {
        if (zs.length > 0 && zs[zs.length - 1] === zi) continue; // ties share one z
        zs.push(zi);
        ys.push(yi);
      }
      knots.push({ z: zs, y: ys });
    }
  }
  return kind === 'rank-gauss' ? { kind, mean, std, knots } : { kind, mean, std };
}

/** Normal scores of the average ranks: Φ⁻¹((rank − ½) / n). */
export function rankGauss(values: readonly number[]): number[] {
  const n = values.length;
  return averageRanks(values).map((r) => normalQuantile((r - 0.5) / n));
}

/** Scaled targets [n][objectives]; rank-gauss recomputes ranks over exactly these targets. */
export function scaleTargets(state: TargetScalerState, targets: readonly (readonly number[])[]): number[][] {
  const m = state.mean.length;
  const out = targets.map(() => new Array<number>(m).fill(0));
  for (let o = 0; o < m; o++) {
    const col = targets.map((t) => t[o] as number);
    const z = state.kind === 'rank-gauss' ? rankGauss(col) : col.map((y) => (y - (state.mean[o] as number)) / (state.std[o] as number));
    z.forEach((v, i) => ((out[i] as number[])[o] = v));
  }
  return out;
}

/**
 * A deviation `sd` around `z` on the scaled axis, in target units: half the width of the mapped
 * interval z ± sd (the map is piecewise linear under rank-gauss, so the two sides can differ).
 */
export function unscaleDeviation(state: TargetScalerState, z: number, sd: number, objective: number): number {
  return Math.abs(unscale(state, z + sd, objective) - unscale(state, z - sd, objective)) / 2;
}

export function unscale(state: TargetScalerState, z: number, objective: number): number {
  const mu = state.mean[objective] as number;
  const sd = state.std[objective] as number;
  const k = state.knots?.[objective];
  if (!k || k.z.length < 2) return mu + sd * z;
  const zs = k.z;
  const ys = k.y;
  const last = zs.length - 1;
  if (z <= (zs[0] as number)) return (ys[0] as number) + sd * (z - (zs[0] as number));
  if (z >= (zs[last] as number)) return (ys[last] as number) + sd * (z - (zs[last] as number));
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((zs[mid] as number) <= z) lo = mid;
    else hi = mid;
  }
  const z0 = zs[lo] as number;
  const z1 = zs[hi] as number;
  const t = (z - z0) / (z1 - z0);
  return (ys[lo] as number) + t * ((ys[hi] as number) - (ys[lo] as number));
}

/** Non-finite losses (failed evaluations) become the worst finite value plus one standard deviation. */
export function checkTargets(n: number, targets: readonly (readonly number[])[]): number[][] {
  if (targets.length !== n) {
    throw new InvalidInputError(`fit needs one target row per candidate, but got ${targets.length} rows for ${n} candidates`);
  }
  if (n < 2) throw new InvalidInputError(`fit needs at least 2 measured candidates, but got ${n}`);
  const k = targets[0]?.length ?? 0;
  if (k < 1 || targets.some((t) => t.length !== k)) {
    throw new InvalidInputError(`fit targets must all have the same number (≥ 1) of objectives, but row lengths are ${[...new Set(targets.map((t) => t.length))].join(', ')}`);
  }
  const out = targets.map((t) => t.slice());
  for (let o = 0; o < k; o++) {
    const finite = targets.map((t) => t[o] as number).filter((v) => Number.isFinite(v));
    if (targets.some((t) => Number.isNaN(t[o]))) throw new InvalidInputError(`fit targets for objective ${o} contain NaN`);
    if (finite.length === 0) throw new InvalidInputError(`fit targets for objective ${o} have no finite value`);
    const worst = Math.max(...finite);
    const mean = finite.reduce((s, v) => s + v, 0) / finite.length;
    const sd = Math.sqrt(finite.reduce((s, v) => s + (v - mean) ** 2, 0) / finite.length) || 1;
    for (const row of out) if (!Number.isFinite(row[o] as number)) row[o] = worst + sd;
  }
  return out;
}

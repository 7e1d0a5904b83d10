import type { Candidate, Rng } from '../core/index.js';
import type { SearchSpace } from '../space/index.js';

/** Per-column mean and standard deviation; serialised into a saved predictor's meta.json. */
export interface Standardizer {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

export function fitStandardizer(rows: readonly ArrayLike<number>[], width: number): Standardizer {
  const mean = new Array<number>(width).fill(0);
  const sq = new Array<number>(width).fill(0);
  for (const row of rows) for (let j = 0; j < width; j++) mean[j] = (mean[j] as number) + (row[j] as number);
  const n = Math.max(1, rows.length);
  for (let j = 0; j < width; j++) mean[j] = (mean[j] as number) / n;
  for (const row of rows) for (let j = 0; j < width; j++) sq[j] = (sq[j] as number) + ((row[j] as number) - (mean[j] as number)) ** 2;
  // A constant column (a dimension restricted to one value) is centred but not scaled.
  const std = sq.map((s) => {
    const sd = Math.sqrt(s / n);
    return sd > 1e-8 ? sd : 1;
  });
  return { mean, std };
}

/** The input normalisation of a predictor: architecture, recipe and free-statistics columns. */
export interface FeatureNormalization {
  readonly arch: Standardizer;
  readonly recipe: Standardizer;
  readonly stats: Standardizer;
}

/** Row-major matrices (Float32Array, n × width) of standardised inputs. */
export interface FeatureMatrices {
  readonly n: number;
  readonly arch: Float32Array;
  readonly recipe: Float32Array;
  readonly stats: Float32Array;
}

/** The predictor's statistics columns: the space's free statistics, then its descriptors. */
export function predictorStatisticNames(space: SearchSpace<Candidate>): readonly string[] {
  const descriptors = space.descriptorNames ?? [];
  return descriptors.length === 0 ? space.statisticNames : [...space.statisticNames, ...descriptors];
}

/** The candidate's values of `predictorStatisticNames`. */
export function rawStatistics(space: SearchSpace<Candidate>, candidate: Candidate): number[] {
  const s = space.statistics(candidate);
  const row = space.statisticNames.map((name) => s[name] ?? 0);
  if (space.descriptorNames?.length && space.descriptors) row.push(...space.descriptors(candidate));
  return row;
}

/**
 * Normalisation estimated from unlabeled random candidates of the space: it costs nothing, does not
 * depend on the (few) measured samples, and stays fixed between fits so a pretrained encoder sees
 * the same inputs when it is fine-tuned.
 */
export function normalizationFromSpace(space: SearchSpace<Candidate>, rng: Rng, samples = 4096): FeatureNormalization {
  const cands = Array.from({ length: samples }, () => space.sample(rng));
  return {
    arch: fitStandardizer(cands.map((c) => space.encodeArch(c)), space.archFeatureCount),
    recipe: fitStandardizer(cands.map((c) => space.encodeRecipe(c)), space.recipeFeatureCount),
    stats: fitStandardizer(cands.map((c) => rawStatistics(space, c)), predictorStatisticNames(space).length),
  };
}

export function featureMatrices(
  space: SearchSpace<Candidate>,
  norm: FeatureNormalization,
  candidates: readonly Candidate[],
): FeatureMatrices {
  const n = candidates.length;
  const dA = space.archFeatureCount;
  const dR = space.recipeFeatureCount;
  const dS = predictorStatisticNames(space).length;
  const arch = new Float32Array(n * dA);
  const recipe = new Float32Array(n * dR);
  const stats = new Float32Array(n * dS);
  candidates.forEach((c, i) => {
    put(arch, i * dA, space.encodeArch(c), norm.arch);
    put(recipe, i * dR, space.encodeRecipe(c), norm.recipe);
    put(stats, i * dS, rawStatistics(space, c), norm.stats);
  });
  return { n, arch, recipe, stats };
}

function put(out: Float32Array, at: number, row: ArrayLike<number>, s: Standardizer): void {
  for (let j = 0; j < row.length; j++) out[at + j] = ((row[j] as number) - (s.mean[j] as number)) / (s.std[j] as number);
}

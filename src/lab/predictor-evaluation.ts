import { InvalidInputError, Rng, oneOfMessage } from '../core/index.js';
import type { Candidate, Objective } from '../core/index.js';
import { createBenchmark } from '../bench/index.js';
import type { BenchmarkOptions } from '../bench/index.js';
import { withoutStatistics } from '../space/index.js';
import type { SearchSpace } from '../space/index.js';
import { PROXY_NAMES } from '../space/index.js';
import { BlendedPredictor, ForestPredictor, GaussianProcessPredictor, NeuralPredictor, RidgePredictor, StatisticRanker, kendallTauB, kendallTauWithinGroups, spearmanRho, topKPrecision } from '../predictor/index.js';
import type { ForestOptions, GpPredictorOptions, NeuralPredictorOptions, Predictor, RidgeOptions } from '../predictor/index.js';
import { currentBackend, initBackend } from '../native/index.js';

/**
 * A predictor configuration compared by `evaluatePredictors`. `without`: free statistics the
 * method does not see (e.g. the zero-cost proxies, to measure what they add).
 */
export type EvalMethod = (
  | { readonly kind: 'ridge'; readonly label: string; readonly options?: Partial<RidgeOptions> }
  /** `statistic` undefined: the best single statistic chosen on the training data. */
  | { readonly kind: 'statistic'; readonly label: string; readonly statistic?: string }
  | { readonly kind: 'neural'; readonly label: string; readonly pretrain: boolean; readonly options?: Partial<NeuralPredictorOptions> }
  | { readonly kind: 'forest'; readonly label: string; readonly options?: Partial<ForestOptions> }
  /** The Gaussian process of the `bo` strategy (deterministic: the seed changes only the data). */
  | { readonly kind: 'gp'; readonly label: string; readonly options?: Partial<GpPredictorOptions> }
  /** The neural predictor and a forest averaged (`BlendedPredictor`), as the `neural+forest` surrogate. */
  | { readonly kind: 'neural+forest'; readonly label: string; readonly pretrain: boolean; readonly options?: Partial<NeuralPredictorOptions> }
) & { readonly without?: readonly string[] };

/**
 * The comparison `jars predictor eval` prints: baselines, the first statistic and each zero-cost
 * proxy alone, then the predictor without and with pretraining; with proxies or descriptors in the
 * space, the pretrained predictor once more without each; then the forest, the network and forest
 * averaged, and bo's Gaussian process on the encodings alone and with the statistics.
 */
export function defaultEvalMethods(statisticNames: readonly string[], descriptorNames: readonly string[] = []): EvalMethod[] {
  const first = statisticNames[0];
  const proxies = statisticNames.filter((n) => (PROXY_NAMES as readonly string[]).includes(n));
  return [
    { kind: 'ridge', label: 'ridge-onehot' },
    { kind: 'ridge', label: 'ridge-onehot+stats', options: { features: 'encoding+stats', targetScaling: 'rank-gauss' } },
    ...(first ? [{ kind: 'statistic' as const, label: `stat:${first}`, statistic: first }] : []),
    ...proxies.map((p) => ({ kind: 'statistic' as const, label: `stat:${p}`, statistic: p })),
    { kind: 'statistic', label: 'stat:best-on-train' },
    { kind: 'neural', label: 'neural', pretrain: false },
    ...(proxies.length > 0 ? [{ kind: 'neural' as const, label: 'neural-pretrained-no-proxies', pretrain: true, without: proxies }] : []),
    ...(descriptorNames.length > 0 ? [{ kind: 'neural' as const, label: 'neural-pretrained-no-descriptors', pretrain: true, without: descriptorNames }] : []),
    { kind: 'neural', label: 'neural-pretrained', pretrain: true },
    { kind: 'forest', label: 'forest' },
    { kind: 'neural+forest', label: 'neural-pretrained+forest', pretrain: true },
    { kind: 'gp', label: 'gp' },
    { kind: 'gp', label: 'gp+stats', options: { features: 'encoding+stats' } },
  ];
}

/**
 * Measured candidates to evaluate predictors on: a tabular benchmark's rows, or the evaluations of
 * a run (`runEvalSource`). A TabularBenchmark is one as it is.
 */
export interface EvalSource {
  readonly name: string;
  readonly space: SearchSpace<Candidate>;
  /** What the predictors learn to rank. */
  readonly objective: Objective;
  readonly rowCount: number;
  candidateAt(row: number): Candidate;
  /** The candidate's measured metrics (the objective's among them). */
  truth(candidate: Candidate): Readonly<Record<string, number>>;
}

export interface PredictorEvalOptions {
  /** A tabular benchmark name (see BENCHMARKS), e.g. nb201-cifar10, fcnet-naval, hpobench-mlp-car; ignored with `source`. */
  readonly benchmark: string;
  /** Candidates to evaluate on instead of the benchmark's (a run's evaluations). */
  readonly source?: EvalSource;
  readonly trainSizes: readonly number[];
  /** Repetitions with different splits and model seeds (seed i uses splits and models seeded by i). */
  readonly seeds: number;
  /** Held-out candidates scored per seed (default 1000). */
  readonly heldOut?: number;
  /** Default: `defaultEvalMethods`. */
  readonly methods?: readonly EvalMethod[];
  /** Keep only these of the methods, by label (`jars predictor eval --methods`). */
  readonly only?: readonly string[];
  /** Options applied to every neural method (a method's own options win). */
  readonly neural?: Partial<NeuralPredictorOptions>;
  /** Top-k precision uses k = this fraction of the held-out set (default 0.05). */
  readonly topFraction?: number;
  readonly benchmarkOptions?: BenchmarkOptions;
}

export interface Summary {
  readonly mean: number;
  readonly std: number;
  readonly values: readonly number[];
}

export interface PredictorEvalRow {
  readonly method: string;
  readonly trainSize: number;
  readonly kendall: Summary;
  /** Kendall τ-b within each FLOPs level of the held-out set, pair-weighted (spaces with `flopsM`). */
  readonly kendallWithinFlops: Summary;
  readonly spearman: Summary;
  readonly topK: Summary;
  readonly fitSeconds: Summary;
}

export interface PredictorEvalReport {
  readonly benchmark: string;
  readonly metric: string;
  readonly direction: 'max' | 'min';
  /** How the metric was turned into the minimised target the predictors fit. */
  readonly target: string;
  readonly heldOut: number;
  readonly topK: number;
  readonly seeds: number;
  readonly trainSizes: readonly number[];
  readonly backend: string;
  readonly methods: readonly EvalMethod[];
  readonly neural: Partial<NeuralPredictorOptions>;
  readonly rows: readonly PredictorEvalRow[];
  /** Seconds spent pretraining, per pretrained method (one pretraining per seed, shared by all train sizes). */
  readonly pretrainSeconds: Readonly<Record<string, Summary>>;
  readonly totalSeconds: number;
}

export interface EvalProgress {
  readonly seed: number;
  readonly method: string;
  readonly trainSize: number;
  readonly done: number;
  readonly total: number;
  readonly kendall: number;
}

/**
 * Trains each method on N random candidates of a tabular benchmark and scores held-out ones by rank
 * agreement, for every N and seed. Splits: per seed, a random permutation of the table's rows; the
 * first `heldOut` rows are scored, training sets are nested prefixes of the rest.
 */
export async function evaluatePredictors(options: PredictorEvalOptions, onProgress?: (p: EvalProgress) => void): Promise<PredictorEvalReport> {
  const start = performance.now();
  await initBackend();
  const bench: EvalSource = options.source ?? (createBenchmark(options.benchmark, options.benchmarkOptions) as unknown as EvalSource);
  const heldOut = options.heldOut ?? 1000;
  const sizes = [...options.trainSizes].sort((a, b) => a - b);
  const maxN = sizes[sizes.length - 1] ?? 0;
  validate(options, bench, heldOut, maxN);
  const methods = chooseMethods(options.methods ?? defaultEvalMethods(bench.space.statisticNames, bench.space.descriptorNames), options.only);
  const flopsLevel = bench.space.statisticNames.includes('flopsM') ? (c: Candidate) => bench.space.statistics(c).flopsM as number : undefined;
  const { target, toLoss } = lossTransform(bench);
  const k = Math.max(1, Math.round(heldOut * (options.topFraction ?? 0.05)));
  const results = new Map<string, { kendall: number[]; withinFlops: number[]; spearman: number[]; topK: number[]; fitSeconds: number[] }>();
  const pretrainSeconds: Record<string, number[]> = {};
  const total = options.seeds * methods.length * sizes.length;
  let done = 0;
  for (let seed = 0; seed < options.seeds; seed++) {
    const rows = new Rng(`predictor-eval:${bench.name}:${seed}`).shuffle(Array.from({ length: bench.rowCount }, (_, i) => i));
    const test = rows.slice(0, heldOut).map((r) => bench.candidateAt(r));
    const train = rows.slice(heldOut, heldOut + maxN).map((r) => bench.candidateAt(r));
    const truthOf = (c: Candidate) => toLoss(bench.truth(c)[bench.objective.metric] as number);
    const testY = test.map(truthOf);
    const testLevels = flopsLevel ? test.map(flopsLevel) : undefined;
    const trainY = train.map((c) => [truthOf(c)]);
    // Pretraining sees only the space and the options, so methods that would pretrain alike (the
    // network alone and blended with a forest) start from one pretraining per seed.
    const pretrained = new Map<string, NeuralPredictor<Candidate>>();
    for (const method of methods) {
      const sameKey = JSON.stringify([method.without ?? [], { ...options.neural, ...(method.kind === 'neural' || method.kind === 'neural+forest' ? method.options : {}) }]);
      const { predictor, pretrainable } = await makePredictor(method, bench, seed, options.neural ?? {}, pretrained.get(sameKey));
      try {
        if (pretrainable && !pretrainable.isPretrained) {
          const report = await pretrainable.pretrain();
          (pretrainSeconds[method.label] ??= []).push(report.seconds);
          pretrained.set(sameKey, pretrainable.pretrainedCopy());
        }
        for (const n of sizes) {
          const fit = await predictor.fit(train.slice(0, n), trainY.slice(0, n));
          const pred = (await predictor.predict(test)).mean.map((m) => m[0] as number);
          const key = `${method.label}@${n}`;
          const r = results.get(key) ?? { kendall: [], withinFlops: [], spearman: [], topK: [], fitSeconds: [] };
          const tau = kendallTauB(pred, testY);
          r.kendall.push(tau);
          r.withinFlops.push(testLevels ? kendallTauWithinGroups(pred, testY, testLevels) : Number.NaN);
          r.spearman.push(spearmanRho(pred, testY));
          r.topK.push(topKPrecision(testY, pred, k, 'min'));
          r.fitSeconds.push(fit.seconds);
          results.set(key, r);
          onProgress?.({ seed, method: method.label, trainSize: n, done: ++done, total, kendall: tau });
        }
      } finally {
        predictor.dispose();
      }
    }
    for (const p of pretrained.values()) p.dispose();
  }
  const rows: PredictorEvalRow[] = [];
  for (const method of methods) {
    for (const n of sizes) {
      const r = results.get(`${method.label}@${n}`);
      if (!r) continue;
      rows.push({
        method: method.label,
        trainSize: n,
        kendall: summarize(r.kendall),
        kendallWithinFlops: summarize(r.withinFlops),
        spearman: summarize(r.spearman),
        topK: summarize(r.topK),
        fitSeconds: summarize(r.fitSeconds),
      });
    }
  }
  return {
    benchmark: options.benchmark,
    metric: bench.objective.metric,
    direction: bench.objective.direction,
    target,
    heldOut,
    topK: k,
    seeds: options.seeds,
    trainSizes: sizes,
    backend: currentBackend(),
    methods,
    neural: options.neural ?? {},
    rows,
    pretrainSeconds: Object.fromEntries(Object.entries(pretrainSeconds).map(([m, v]) => [m, summarize(v)])),
    totalSeconds: (performance.now() - start) / 1000,
  };
}

/**
 * The method's predictor, and its neural part where that is pretrained (already, when started from
 * `pretrained`: a network pretrained on the same inputs and options, copied).
 */
async function makePredictor(
  method: EvalMethod,
  bench: EvalSource,
  seed: number,
  neural: Partial<NeuralPredictorOptions>,
  pretrained?: NeuralPredictor<Candidate>,
): Promise<{ predictor: Predictor<Candidate>; pretrainable?: NeuralPredictor<Candidate> }> {
  const space = method.without?.length ? withoutStatistics(bench.space, method.without) : bench.space;
  switch (method.kind) {
    case 'ridge':
      return { predictor: new RidgePredictor(space, { ...method.options, seed }) };
    case 'statistic':
      return { predictor: new StatisticRanker(space, method.statistic) };
    case 'forest':
      return { predictor: new ForestPredictor(space, { ...method.options, seed }) };
    case 'gp':
      return { predictor: new GaussianProcessPredictor(space, method.options) };
    case 'neural':
    case 'neural+forest': {
      const p = method.pretrain && pretrained ? pretrained.pretrainedCopy() : await NeuralPredictor.create(space, { ...neural, ...method.options, seed });
      const predictor = method.kind === 'neural' ? p : new BlendedPredictor([p, new ForestPredictor(space, { seed })]);
      return method.pretrain ? { predictor, pretrainable: p } : { predictor };
    }
  }
}

/**
 * The minimised target fitted for a benchmark's objective. MSE metrics are fitted on a log scale:
 * diverged FCNet configurations have MSEs orders of magnitude above the rest.
 */
export function lossTransform(bench: Pick<EvalSource, 'objective'>): { target: string; toLoss: (v: number) => number } {
  const { metric, direction } = bench.objective;
  if (/mse/i.test(metric) && direction === 'min') return { target: `log(${metric})`, toLoss: (v) => Math.log(v) };
  return direction === 'max' ? { target: `-${metric}`, toLoss: (v) => -v } : { target: metric, toLoss: (v) => v };
}

function summarize(values: readonly number[]): Summary {
  const finite = values.filter((v) => Number.isFinite(v));
  const n = finite.length;
  const mean = n === 0 ? Number.NaN : finite.reduce((s, v) => s + v, 0) / n;
  const std = n < 2 ? 0 : Math.sqrt(finite.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  return { mean, std, values };
}

function chooseMethods(methods: readonly EvalMethod[], only: readonly string[] | undefined): readonly EvalMethod[] {
  if (only === undefined) return methods;
  const labels = methods.map((m) => m.label);
  const unknown = only.find((label) => !labels.includes(label));
  if (unknown !== undefined) throw new InvalidInputError(oneOfMessage('each of --methods', labels, unknown));
  if (only.length === 0) throw new InvalidInputError(`--methods must name at least one of ${labels.join(', ')}`);
  return methods.filter((m) => only.includes(m.label));
}

function validate(options: PredictorEvalOptions, bench: EvalSource, heldOut: number, maxN: number): void {
  if (options.trainSizes.length === 0 || options.trainSizes.some((n) => !Number.isInteger(n) || n < 2)) {
    throw new InvalidInputError(`train sizes must be integers ≥ 2, but got ${options.trainSizes.join(',') || '(none)'}`);
  }
  if (!Number.isInteger(options.seeds) || options.seeds < 1) throw new InvalidInputError(`seeds must be an integer ≥ 1, but got ${options.seeds}`);
  if (!Number.isInteger(heldOut) || heldOut < 2) throw new InvalidInputError(`held-out must be an integer ≥ 2, but got ${heldOut}`);
  if (heldOut + maxN > bench.rowCount) {
    throw new InvalidInputError(`held-out (${heldOut}) + largest train size (${maxN}) must not exceed the ${bench.rowCount} rows of ${bench.name}`);
  }
}

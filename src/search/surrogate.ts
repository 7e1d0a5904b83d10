import type { Candidate, Objective, Observation } from '../core/index.js';
import { InvalidInputError, Rng, oneOfMessage } from '../core/index.js';
// The neural predictor (and through it tfjs) loads when a neural surrogate is first fitted, so
// runs of the other strategies, and a refused command, do not pay for it.
import { kendallTauB } from '../predictor/metrics.js';
import { RidgePredictor } from '../predictor/ridge-predictor.js';
import { ForestPredictor } from '../predictor/forest-predictor.js';
import { BlendedPredictor } from '../predictor/blended-predictor.js';
import { predictorStatisticNames, rawStatistics } from '../predictor/features.js';
import type { NeuralPredictor, NeuralPredictorOptions } from '../predictor/neural-predictor.js';
import type { Predictor } from '../predictor/predictor.js';
import type { SearchSpace } from '../space/index.js';
import { withoutStatistics } from '../space/statistics-view.js';
import type { PredictorFitReport } from './strategy.js';
import { boundLoss, metricRange } from './metric-bounds.js';
import { atReachedFidelity } from './neighbours.js';
import type { MetricRange } from './metric-bounds.js';

/**
 * `forest`: a random forest; `neural+forest`: it and the neural predictor averaged
 * (`BlendedPredictor`). Fitted on 100 NB201 cells they rank held-out ones better than the network
 * (Kendall τ 0.803 and 0.813 against 0.794), yet as fbnetv3's predictor both found worse fronts
 * and worse parkinsons configurations (bench/results/graph-features.md): options, not defaults.
 */
export const SURROGATE_KINDS = ['neural', 'ridge', 'forest', 'neural+forest'] as const;
export type SurrogateKind = (typeof SURROGATE_KINDS)[number];

export interface SurrogateOptions {
  readonly kind: SurrogateKind;
  /** Seed of the predictor's initialisers, bootstrap and shuffles (same seed ⇒ same fit). */
  readonly seed: number;
  /** Neural only: start every fit from an encoder pretrained on the space's free statistics (FBNetV3). */
  readonly pretrain: boolean;
  /** Neural only: overrides of the predictor's options. */
  readonly neural?: Partial<NeuralPredictorOptions>;
  /**
   * Fit on the space's descriptors too (NB201's graph features). Off by default: they lift the
   * predictor's Kendall τ, yet fbnetv3's and pnas's NB201 (validAcc, flopsM) hypervolume ratios
   * fell with them (bench/results/graph-features.md).
   */
  readonly descriptors?: boolean;
}

/**
 * A small, fast ensemble: fits in well under a second on wasm for a few hundred samples, which is
 * what a refit per search round can afford on a CPU (measured in bench/results/strategies.md).
 */
export const FAST_NEURAL_OPTIONS: Partial<NeuralPredictorOptions> = {
  members: 3,
  encoderUnits: [64, 32],
  headUnits: [32],
  loss: 'rank',
  rankPairs: 256,
  targetScaling: 'rank-gauss',
  steps: 80,
  frozenSteps: 30,
  pretrainSamples: 2048,
  pretrainSteps: 300,
};

export interface SurrogatePrediction {
  /** [candidate][objective], minimised, in the run's objective order (plus any extra metrics after). */
  readonly mean: number[][];
  readonly std: number[][];
}

/** Pretrained encoders shared by every strategy in the process: pretraining sees no measurement, only the space. */
const pretrained = new Map<string, Promise<NeuralPredictor<Candidate>>>();

/**
 * The strategies' view of a predictor: fits on observations, predicts every run objective as a
 * minimised value. Objectives (and extra cost metrics) that are free statistics of the space
 * (FLOPs, params) are computed exactly instead of predicted. Failed evaluations are fitted as the
 * worst measured value (the predictor's own rule), so the search learns to avoid them.
 */
export class Surrogate<C extends Candidate> {
  /** Metrics the surrogate answers for: the run objectives, then extra ones (minimised). */
  readonly targets: readonly Objective[];
  private readonly space: SearchSpace<C>;
  private readonly options: SurrogateOptions;
  private readonly exact: readonly boolean[];
  private predictor: Predictor<C> | undefined;
  private fittedOn = 0;
  private reports: PredictorFitReport[] = [];
  private lastFitPredictions = new Map<string, number>();
  /** Per target, the range its predictions are clamped to (accuracy in [0, 1], times ≥ 0, …). */
  private ranges: MetricRange[];

  constructor(space: SearchSpace<C>, objectives: readonly Objective[], options: SurrogateOptions, extra: readonly Objective[] = []) {
    if (!(SURROGATE_KINDS as readonly string[]).includes(options.kind)) throw new InvalidInputError(oneOfMessage('predictor', SURROGATE_KINDS, options.kind));
    this.space = options.descriptors || !space.descriptorNames?.length ? space : withoutStatistics(space, space.descriptorNames);
    this.options = options;
    this.targets = [...objectives, ...extra];
    this.exact = this.targets.map((o) => space.statisticNames.includes(o.metric));
    this.ranges = this.targets.map((o) => metricRange(o.metric));
  }

  get fitted(): boolean {
    return this.predictor !== undefined || this.exact.every(Boolean);
  }

  /** Refits on all observations (a no-op when nothing new arrived or fewer than 3 succeeded). */
  async fit(observations: readonly Observation<C>[]): Promise<void> {
    if (observations.length === this.fittedOn) return;
    const learned = this.targets.map((_, i) => i).filter((i) => !this.exact[i]);
    if (learned.length === 0) return;
    const fitted = this.fittable(observations);
    const rows = fitted.map(({ observation }) => learned.map((i) => this.lossOf(observation, i)));
    if (rows.filter((r) => r.every(Number.isFinite)).length < 3) return;
    const start = performance.now();
    const quality = await this.qualityOnNew(observations);
    const predictor = this.predictor ?? (await this.create());
    await predictor.fit(fitted.map((f) => f.candidate), rows);
    this.predictor = predictor;
    this.fittedOn = observations.length;
    this.ranges = this.targets.map((o) => metricRange(o.metric, Math.max(...fitted.map(({ observation }) => observation.metrics[o.metric] ?? Number.NEGATIVE_INFINITY).filter(Number.isFinite))));
    // Remember what this fit predicts for the next batch's Kendall τ (the fit's out-of-sample quality).
    this.lastFitPredictions.clear();
    this.reports.push({ samples: observations.length, seconds: (performance.now() - start) / 1000, ...(quality ? { quality } : {}) });
  }

  /** Minimised predictions; before the first fit, learned objectives read 0 ± 1. */
  async predict(candidates: readonly C[]): Promise<SurrogatePrediction> {
    const n = candidates.length;
    const learned = this.targets.map((_, i) => i).filter((i) => !this.exact[i]);
    const raw = this.predictor && n > 0 ? await this.predictor.predict(candidates) : undefined;
    const mean: number[][] = [];
    const std: number[][] = [];
    for (let c = 0; c < n; c++) {
      const candidate = candidates[c] as C;
      const stats = this.exact.some(Boolean) ? this.space.statistics(candidate) : {};
      const mu: number[] = [];
      const sd: number[] = [];
      this.targets.forEach((t, i) => {
        if (this.exact[i]) {
          const v = stats[t.metric] as number;
          mu.push(t.direction === 'max' ? -v : v);
          sd.push(0);
        } else {
          const j = learned.indexOf(i);
          // A regression can leave a metric's range (accuracy 1.13, −7 s): predictions stay inside it.
          mu.push(raw ? boundLoss((raw.mean[c] as number[])[j] as number, t, this.ranges[i] as MetricRange) : 0);
          sd.push(raw ? ((raw.std[c] as number[])[j] as number) : 1);
        }
      });
      mean.push(mu);
      std.push(sd);
    }
    if (raw) candidates.forEach((c, i) => this.lastFitPredictions.set(this.space.key(c), (mean[i] as number[])[0] as number));
    return { mean, std };
  }

  takeReports(): PredictorFitReport[] {
    const out = this.reports;
    this.reports = [];
    return out;
  }

  private lossOf(o: Observation<C>, target: number): number {
    if (target < o.losses.length) return o.losses[target] as number;
    const t = this.targets[target] as Objective;
    const v = o.metrics[t.metric];
    if (o.failed || v === undefined || !Number.isFinite(v)) return Number.POSITIVE_INFINITY;
    return t.direction === 'max' ? -v : v;
  }

  /**
   * What a fit learns from: each observation with the candidate it measured. A pruned evaluation's
   * metrics are those of part of its training while its candidate names the whole of it: fitted as
   * they are, they would teach the predictor that the candidate is as poor as it looked early on.
   * It is fitted at the fidelity level it reached where the space has one, otherwise left out (the
   * strategy still knows the candidate was tried).
   */
  private fittable(observations: readonly Observation<C>[]): { readonly candidate: C; readonly observation: Observation<C> }[] {
    return observations.flatMap((observation) => {
      const candidate = observation.pruned ? atReachedFidelity(this.space, observation.candidate, observation.pruned) : observation.candidate;
      return candidate ? [{ candidate, observation }] : [];
    });
  }

  /** Kendall τ between the previous fit's predictions and the measurements of the batch it chose. */
  private async qualityOnNew(observations: readonly Observation<C>[]): Promise<Record<string, number> | undefined> {
    if (!this.predictor || this.exact[0]) return undefined;
    const fresh = observations.slice(this.fittedOn).filter((o) => !o.failed && !o.pruned && this.lastFitPredictions.has(o.key));
    if (fresh.length < 3) return undefined;
    const tau = kendallTauB(
      fresh.map((o) => this.lastFitPredictions.get(o.key) as number),
      fresh.map((o) => o.losses[0] as number),
    );
    return Number.isFinite(tau) ? { kendallTau: tau } : undefined;
  }

  private async create(): Promise<Predictor<C>> {
    const o = this.options;
    switch (o.kind) {
      case 'ridge':
        return new RidgePredictor(this.space, { features: 'encoding+stats', targetScaling: 'rank-gauss', seed: o.seed });
      case 'forest':
        return new ForestPredictor(this.space, { targetScaling: 'rank-gauss', seed: o.seed });
      case 'neural+forest':
        return new BlendedPredictor([await this.createNeural(), new ForestPredictor(this.space, { seed: o.seed })]);
      case 'neural':
        return this.createNeural();
    }
  }

  private async createNeural(): Promise<Predictor<C>> {
    const o = this.options;
    const neural = { ...FAST_NEURAL_OPTIONS, ...o.neural, seed: o.seed };
    const { NeuralPredictor } = await import('../predictor/neural-predictor.js');
    if (!o.pretrain || predictorStatisticNames(this.space).length === 0) return NeuralPredictor.create(this.space, { ...neural, frozenSteps: 0 });
    // Pretraining depends only on the space and the network shape (seeded by a fixed seed), so one
    // pretrained encoder serves every run in the process: runs stay deterministic.
    const key = pretrainedKey(this.space, neural);
    let base = pretrained.get(key);
    if (!base) {
      base = NeuralPredictor.create(this.space as SearchSpace<Candidate>, { ...neural, seed: 0 }).then(async (p) => {
        await p.pretrain();
        return p;
      });
      pretrained.set(key, base);
    }
    const ready = await base;
    const network = ready.currentModel();
    if (!network) throw new Error('pretrained predictor has no network');
    const state = ready.state();
    return NeuralPredictor.restore(this.space, { ...state, options: { ...state.options, seed: o.seed } }, network);
  }
}

/**
 * What a pretrained encoder depends on: the space's name, encoding and dimensions, its statistic
 * names, the network's shape, and the statistics themselves. Spaces of one name differ by dataset
 * (a cnn on 28×28 MNIST and on 8×8 digits has other FLOPs and parameter counts, the same names
 * and dimensions), so the key holds the statistics of a few candidates sampled with a fixed seed:
 * two runs in one process share an encoder only where those agree.
 */
export function pretrainedKey(space: SearchSpace<Candidate>, neural: Partial<NeuralPredictorOptions>): string {
  const shape = JSON.stringify({ ...neural, seed: 0 });
  const dims = (space.dimensions ?? []).map((d) => `${d.name}:${d.values.length}`).join(',');
  const rng = new Rng('surrogate/pretrained-key');
  const probe = Array.from({ length: 4 }, () => rawStatistics(space, space.sample(rng)));
  return `${space.name}@${space.encodingVersion}|${dims}|${predictorStatisticNames(space).join(',')}|${shape}|${JSON.stringify(probe)}`;
}

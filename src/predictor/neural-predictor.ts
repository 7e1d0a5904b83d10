import * as tf from '@tensorflow/tfjs';
import { InvalidInputError, Rng } from '../core/index.js';
import type { Candidate } from '../core/index.js';
import type { SearchSpace } from '../space/index.js';
import { EnsembleNetwork } from './ensemble-network.js';
import type { NetworkShape } from './ensemble-network.js';
import { featureMatrices, normalizationFromSpace, predictorStatisticNames } from './features.js';
import type { FeatureMatrices, FeatureNormalization } from './features.js';
import { proxyLoss, scoreLoss } from './losses.js';
import type { LossName, PairSample } from './losses.js';
import type { FitOptions, FitReport, Prediction, Predictor } from './predictor.js';
import { checkTargets, fitTargetScaler, scaleTargets, unscale } from './target-scaler.js';
import type { TargetScalerState, TargetScaling } from './target-scaler.js';
import { initBackend } from '../native/index.js';

export interface NeuralPredictorOptions {
  readonly seed: number;
  /** Deep-ensemble size (Lakshminarayanan et al. 2017); members differ in init and bootstrap sample. */
  readonly members: number;
  readonly encoderUnits: readonly number[];
  readonly headUnits: readonly number[];
  /** Feed the free statistics to the accuracy head too (they are known for every candidate). */
  readonly statsToHead: boolean;
  readonly loss: LossName;
  readonly rankMseWeight: number;
  readonly huberDelta: number;
  readonly targetScaling: TargetScaling;
  /** Each member trains on a bootstrap resample (as multiplicity weights) of the measured data. */
  readonly bootstrap: boolean;
  readonly batchSize: number;
  /** Pairs sampled per step for the ranking loss. */
  readonly rankPairs: number;
  readonly learningRate: number;
  /** Fine-tuning with the encoder frozen (only when pretrained), then with everything trainable. */
  readonly frozenSteps: number;
  readonly steps: number;
  /** Weight of the statistics loss kept during fine-tuning (0: off). */
  readonly proxyWeight: number;
  readonly pretrainSamples: number;
  readonly pretrainSteps: number;
  readonly pretrainLearningRate: number;
}

export const DEFAULT_NEURAL_OPTIONS: NeuralPredictorOptions = {
  seed: 0,
  members: 5,
  encoderUnits: [64, 32],
  headUnits: [32],
  statsToHead: true,
  loss: 'rank',
  rankMseWeight: 0.1,
  huberDelta: 1,
  targetScaling: 'standard',
  // Measured on NB201 (bench/results): resampling costs rank quality at these sample sizes;
  // members still differ by initialisation and pair sampling.
  bootstrap: false,
  batchSize: 256,
  rankPairs: 2048,
  learningRate: 3e-3,
  frozenSteps: 50,
  steps: 150,
  proxyWeight: 0,
  pretrainSamples: 4096,
  pretrainSteps: 600,
  pretrainLearningRate: 3e-3,
};

export interface PretrainReport {
  readonly samples: number;
  readonly steps: number;
  readonly seconds: number;
  readonly finalLoss: number;
}

/** Everything besides the weights that a saved predictor needs (meta.json). */
export interface NeuralPredictorState {
  readonly options: NeuralPredictorOptions;
  readonly normalization: FeatureNormalization;
  readonly targetScaler: TargetScalerState | undefined;
  readonly shape: NetworkShape | undefined;
  readonly pretrained: boolean;
}

/**
 * The neural acquisition function of FBNetV3 (Dai et al. 2021, arXiv 2006.02049): an architecture
 * encoder pretrained to predict free statistics, an accuracy head over [embedding ⊕ recipe], fitted
 * on measured results with the encoder first frozen, then trainable; a deep ensemble gives mean and
 * standard deviation. Generic over any SearchSpace: it only uses the encodings and statistics.
 */
export class NeuralPredictor<C extends Candidate = Candidate> implements Predictor<C> {
  readonly name = 'neural';
  readonly options: NeuralPredictorOptions;
  private readonly space: SearchSpace<C>;
  private readonly normalization: FeatureNormalization;
  /** Encoder and proxy weights to start each fit from (after `pretrain` or a load). */
  private pretrainedModel: EnsembleNetwork | undefined;
  private model: EnsembleNetwork | undefined;
  private targetScaler: TargetScalerState | undefined;

  private constructor(space: SearchSpace<C>, options: NeuralPredictorOptions, normalization: FeatureNormalization) {
    this.space = space;
    this.options = options;
    this.normalization = normalization;
  }

  static async create<C extends Candidate>(space: SearchSpace<C>, options: Partial<NeuralPredictorOptions> = {}): Promise<NeuralPredictor<C>> {
    await initBackend();
    const full = { ...DEFAULT_NEURAL_OPTIONS, ...options };
    validateOptions(full);
    const norm = normalizationFromSpace(space as SearchSpace<Candidate>, new Rng(`${full.seed}:normalization`));
    return new NeuralPredictor(space, full, norm);
  }

  /** Rebuilds a predictor from saved state and network (see predictor-store.ts). */
  static async restore<C extends Candidate>(space: SearchSpace<C>, state: NeuralPredictorState, network: EnsembleNetwork): Promise<NeuralPredictor<C>> {
    await initBackend();
    const p = new NeuralPredictor(space, state.options, state.normalization);
    if (state.targetScaler) {
      p.model = network;
      p.targetScaler = state.targetScaler;
    }
    // A fitted network's encoder is a fine-tuned pretrained one: later fits start from it.
    if (state.pretrained) p.pretrainedModel = network;
    return p;
  }

  /**
   * A new predictor of the same space and options that starts from a copy of this one's pretrained
   * weights: what `pretrain` would give it, without pretraining again. Disposing either leaves the
   * other intact.
   */
  pretrainedCopy(): NeuralPredictor<C> {
    const source = this.pretrainedModel;
    if (!source) throw new Error('NeuralPredictor.pretrainedCopy called before pretrain');
    const network = new EnsembleNetwork(source.shape, 0);
    network.copyFrom(source, ['encoder', 'proxy', 'head']);
    const copy = new NeuralPredictor(this.space, this.options, this.normalization);
    copy.pretrainedModel = network;
    return copy;
  }

  get isPretrained(): boolean {
    return this.pretrainedModel !== undefined;
  }

  get isFitted(): boolean {
    return this.model !== undefined;
  }

  state(): NeuralPredictorState {
    return {
      options: this.options,
      normalization: this.normalization,
      targetScaler: this.targetScaler,
      shape: this.currentModel()?.shape,
      pretrained: this.pretrainedModel !== undefined,
    };
  }

  /** The model a save writes: the fitted one, else the pretrained one. */
  currentModel(): EnsembleNetwork | undefined {
    return this.model ?? this.pretrainedModel;
  }

  /**
   * Fits encoder + proxy heads on random unlabeled candidates to predict the space's free
   * statistics (no measured accuracy used). Subsequent fits start from these weights.
   */
  async pretrain(): Promise<PretrainReport> {
    const o = this.options;
    const start = performance.now();
    if (predictorStatisticNames(this.space as SearchSpace<Candidate>).length === 0) {
      throw new InvalidInputError(`space ${this.space.name} has no free statistics (statisticNames and descriptorNames are empty), so there is nothing to pretrain on`);
    }
    const rng = new Rng(`${o.seed}:pretrain`);
    const cands = Array.from({ length: o.pretrainSamples }, () => this.space.sample(rng));
    const model = new EnsembleNetwork(this.networkShape(1), rng.seed31());
    const feats = featureMatrices(this.space as SearchSpace<Candidate>, this.normalization, cands);
    const data = this.toTensors(feats);
    const vars = model.variables(['encoder', 'proxy']);
    let last = Number.NaN;
    try {
      last = await this.train(model, data, undefined, vars, o.pretrainSteps, o.pretrainLearningRate, rng, ['proxy'], (outs, batch) =>
        proxyLoss(outs.proxy as tf.Tensor3D, batch.stats as tf.Tensor2D),
      );
    } finally {
      disposeAll(data);
    }
    if (this.pretrainedModel !== this.model) this.pretrainedModel?.dispose();
    this.pretrainedModel = model;
    return { samples: cands.length, steps: o.pretrainSteps, seconds: (performance.now() - start) / 1000, finalLoss: last };
  }

  async fit(candidates: readonly C[], targets: readonly (readonly number[])[], options: FitOptions = {}): Promise<FitReport> {
    const o = this.options;
    const start = performance.now();
    const clean = checkTargets(candidates.length, targets);
    const objectives = clean[0]?.length ?? 0;
    const rng = new Rng(`${o.seed}:fit`);
    const shape = this.networkShape(objectives);
    const model = new EnsembleNetwork(shape, rng.seed31());
    if (this.pretrainedModel) model.copyFrom(this.pretrainedModel, ['encoder', 'proxy']);
    const scaler = fitTargetScaler(o.targetScaling, clean);
    const y = scaleTargets(scaler, clean);
    const feats = featureMatrices(this.space as SearchSpace<Candidate>, this.normalization, candidates);
    const data = this.toTensors(feats);
    const weights = this.bootstrapWeights(candidates.length, rng);
    const labels: Labels = {
      y: tf.tensor2d(y.flat(), [y.length, objectives]),
      w: tf.tensor2d(weights, [candidates.length, o.members]),
      yValues: y,
      wValues: weights,
    };
    const lossOptions = { loss: o.loss, rankMseWeight: o.rankMseWeight, huberDelta: o.huberDelta };
    const hasProxy = shape.statFeatures > 0;
    const outputs: ('score' | 'proxy')[] = o.proxyWeight > 0 && hasProxy ? ['score', 'proxy'] : ['score'];
    const objective = (outs: NetworkOutputs, b: Batch): tf.Scalar => {
      const score = scoreLoss(outs.score as tf.Tensor3D, b.y as tf.Tensor2D, b.w as tf.Tensor2D, lossOptions, b.pairs);
      if (o.proxyWeight <= 0 || !hasProxy || !outs.proxy) return score;
      return score.add(proxyLoss(outs.proxy, b.stats as tf.Tensor2D).mul(o.proxyWeight)) as tf.Scalar;
    };
    const losses: Record<string, number> = {};
    try {
      if (this.pretrainedModel && o.frozenSteps > 0) {
        options.onProgress?.('frozen-encoder', 0);
        const headVars = model.variables(['head']);
        losses.frozen = await this.train(model, data, labels, headVars, o.frozenSteps, o.learningRate, rng, outputs, objective);
      }
      options.onProgress?.('all', 0);
      const all = model.variables(o.proxyWeight > 0 ? ['encoder', 'head', 'proxy'] : ['encoder', 'head']);
      losses.all = await this.train(model, data, labels, all, o.steps, o.learningRate, rng, outputs, objective);
      options.onProgress?.('all', 1);
    } finally {
      disposeAll(data);
      labels.y.dispose();
      labels.w.dispose();
    }
    if (this.model !== this.pretrainedModel) this.model?.dispose();
    this.model = model;
    this.targetScaler = scaler;
    return { samples: candidates.length, objectives, seconds: (performance.now() - start) / 1000, losses };
  }

  async predict(candidates: readonly C[]): Promise<Prediction> {
    const model = this.model;
    const scaler = this.targetScaler;
    if (!model || !scaler) throw new Error('NeuralPredictor.predict called before fit');
    if (candidates.length === 0) return { mean: [], std: [] };
    const feats = featureMatrices(this.space as SearchSpace<Candidate>, this.normalization, candidates);
    const data = this.toTensors(feats);
    let raw: Float32Array;
    try {
      const score = tf.tidy(() => model.apply(data.arch as tf.Tensor2D, data.recipe as tf.Tensor2D, data.stats as tf.Tensor2D, ['score']).score as tf.Tensor3D);
      raw = (await score.data()) as Float32Array;
      score.dispose();
    } finally {
      disposeAll(data);
    }
    const m = model.shape.members;
    const k = model.shape.objectives;
    const mean: number[][] = [];
    const std: number[][] = [];
    for (let i = 0; i < candidates.length; i++) {
      const mu: number[] = [];
      const sd: number[] = [];
      for (let o = 0; o < k; o++) {
        let s = 0;
        let s2 = 0;
        for (let j = 0; j < m; j++) {
          const v = unscale(scaler, raw[(j * candidates.length + i) * k + o] as number, o);
          s += v;
          s2 += v * v;
        }
        const avg = s / m;
        mu.push(avg);
        sd.push(Math.sqrt(Math.max(0, s2 / m - avg * avg)));
      }
      mean.push(mu);
      std.push(sd);
    }
    return { mean, std };
  }

  dispose(): void {
    this.model?.dispose();
    if (this.pretrainedModel !== this.model) this.pretrainedModel?.dispose();
    this.model = undefined;
    this.pretrainedModel = undefined;
  }

  private networkShape(objectives: number): NetworkShape {
    const o = this.options;
    return {
      archFeatures: this.space.archFeatureCount,
      recipeFeatures: this.space.recipeFeatureCount,
      statFeatures: predictorStatisticNames(this.space as SearchSpace<Candidate>).length,
      statsToHead: o.statsToHead,
      objectives,
      members: o.members,
      encoderUnits: o.encoderUnits,
      headUnits: o.headUnits,
    };
  }

  private bootstrapWeights(n: number, rng: Rng): number[] {
    const m = this.options.members;
    const w = new Array<number>(n * m).fill(this.options.bootstrap ? 0 : 1);
    if (this.options.bootstrap) {
      for (let j = 0; j < m; j++) for (let d = 0; d < n; d++) {
          const at = rng.int(n) * m + j;
          w[at] = (w[at] as number) + 1;
        }
    }
    return w;
  }

  /** Random pairs (i ≠ j) of batch rows; `rows` maps batch positions to data rows. */
  private samplePairs(rows: readonly number[], y: readonly (readonly number[])[], w: readonly number[], rng: Rng): PairSample {
    const count = this.options.rankPairs;
    const b = rows.length;
    const m = this.options.members;
    const k = y[0]?.length ?? 0;
    const diff = new Float32Array(count * b);
    const sign = new Float32Array(count * k);
    const weight = new Float32Array(count * m);
    for (let p = 0; p < count; p++) {
      const i = rng.int(b);
      const j = (i + 1 + rng.int(b - 1)) % b;
      diff[p * b + j] = 1;
      diff[p * b + i] = -1;
      const ri = rows[i] as number;
      const rj = rows[j] as number;
      for (let o = 0; o < k; o++) sign[p * k + o] = Math.sign(((y[rj] as number[])[o] as number) - ((y[ri] as number[])[o] as number));
      for (let q = 0; q < m; q++) weight[p * m + q] = (w[ri * m + q] as number) * (w[rj * m + q] as number);
    }
    return { diff: tf.tensor2d(diff, [count, b]), sign: tf.tensor2d(sign, [count, k]), weight: tf.tensor2d(weight, [count, m]) };
  }

  private toTensors(f: FeatureMatrices): Batch {
    return {
      arch: tf.tensor2d(f.arch, [f.n, this.space.archFeatureCount]),
      recipe: tf.tensor2d(f.recipe, [f.n, this.space.recipeFeatureCount]),
      stats: tf.tensor2d(f.stats, [f.n, predictorStatisticNames(this.space as SearchSpace<Candidate>).length]),
    };
  }

  /** Adam on `vars` for `steps` minibatch steps (full batch when the data fits); returns the last loss. */
  private async train(
    model: EnsembleNetwork,
    data: Batch,
    labels: Labels | undefined,
    vars: tf.Variable[],
    steps: number,
    learningRate: number,
    rng: Rng,
    outputs: readonly ('score' | 'proxy')[],
    lossOf: (outputs: NetworkOutputs, batch: Batch) => tf.Scalar,
  ): Promise<number> {
    const n = data.arch.shape[0] as number;
    const full = n <= this.options.batchSize;
    const allRows = Array.from({ length: n }, (_, i) => i);
    const optimizer = tf.train.adam(learningRate);
    let order: number[] = [];
    let at = 0;
    let last: tf.Scalar | null = null;
    try {
      for (let step = 0; step < steps; step++) {
        let idx: tf.Tensor1D | undefined;
        let rows = allRows;
        if (!full) {
          if (at + this.options.batchSize > order.length) {
            order = rng.shuffle(allRows);
            at = 0;
          }
          rows = order.slice(at, at + this.options.batchSize);
          idx = tf.tensor1d(rows, 'int32');
          at += this.options.batchSize;
        }
        const keep = step === steps - 1;
        const pairs = labels && this.options.loss === 'rank' ? this.samplePairs(rows, labels.yValues, labels.wValues, rng) : undefined;
        const cost = optimizer.minimize(
          () => {
            const pick = (t: tf.Tensor) => (idx ? tf.gather(t, idx) : t);
            const batch: Batch = {
              arch: pick(data.arch),
              recipe: pick(data.recipe),
              stats: pick(data.stats),
              ...(labels ? { y: pick(labels.y), w: pick(labels.w) } : {}),
              ...(pairs ? { pairs } : {}),
            };
            return lossOf(model.apply(batch.arch as tf.Tensor2D, batch.recipe as tf.Tensor2D, batch.stats as tf.Tensor2D, outputs), batch);
          },
          keep,
          vars,
        );
        if (pairs) tf.dispose([pairs.diff, pairs.sign, pairs.weight]);
        idx?.dispose();
        if (keep) last = cost;
      }
      const value = last ? (await last.data())[0] ?? Number.NaN : Number.NaN;
      last?.dispose();
      return value;
    } finally {
      optimizer.dispose();
    }
  }
}

type NetworkOutputs = ReturnType<EnsembleNetwork['apply']>;

interface Labels {
  readonly y: tf.Tensor;
  readonly w: tf.Tensor;
  readonly yValues: readonly (readonly number[])[];
  readonly wValues: readonly number[];
}

interface Batch {
  readonly arch: tf.Tensor;
  readonly recipe: tf.Tensor;
  readonly stats: tf.Tensor;
  readonly y?: tf.Tensor;
  readonly w?: tf.Tensor;
  readonly pairs?: PairSample;
}

function disposeAll(b: Batch): void {
  b.arch.dispose();
  b.recipe.dispose();
  b.stats.dispose();
}

function validateOptions(o: NeuralPredictorOptions): void {
  const positiveInt = (field: keyof NeuralPredictorOptions, v: number, min = 1) => {
    if (!Number.isInteger(v) || v < min) throw new InvalidInputError(`predictor.${field} must be an integer ≥ ${min}, but got ${v}`);
  };
  positiveInt('members', o.members);
  positiveInt('batchSize', o.batchSize);
  positiveInt('steps', o.steps, 0);
  positiveInt('frozenSteps', o.frozenSteps, 0);
  positiveInt('pretrainSamples', o.pretrainSamples);
  positiveInt('pretrainSteps', o.pretrainSteps, 0);
  if (o.encoderUnits.length === 0) throw new InvalidInputError('predictor.encoderUnits must list at least one layer width');
}

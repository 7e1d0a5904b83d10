import * as tf from '@tensorflow/tfjs';
import { Rng } from '../core/index.js';
import type { ArchSpec } from './arch-spec.js';
import type { ModelInput } from './build-context.js';
import { buildModel } from './build-model.js';
import { cutLayers, forward } from './forward.js';
import type { ProxyName } from '../space/index.js';

/*
 * Zero-cost proxies: scores of a network at initialisation that rank architectures without
 * training them (surveyed in NAS-Bench-Suite-Zero, Krishnakumar et al. 2022). Every score is a
 * natural logarithm; a network whose output does not depend on its input scores -Infinity.
 */

export { DATA_FREE_PROXIES, DATA_PROXIES, PROXY_NAMES } from '../space/index.js';
export type { ProxyName } from '../space/index.js';

export interface ProxyOptions {
  /** Random inputs NASWOT and the Zen-like score see (default 16). */
  readonly batch?: number;
  /** Zen-NAS perturbation scale α (default 0.01). */
  readonly zenAlpha?: number;
}

export interface LabelledBatch {
  /** `[n, ...sampleShape]` inputs. */
  readonly x: tf.Tensor;
  /** `[n]` integer class labels. */
  readonly labels: tf.Tensor1D;
}

const isKernel = (w: tf.LayerVariable) => /kernel$/.test(w.originalName);
const isBatchNorm = (layer: tf.layers.Layer) => layer.getClassName() === 'BatchNormalization';
/**
 * Where an activation's unit is "on": f(x) > f(0) ⇔ x > 0 for the monotone activations jars builds
 * (ReLU, tanh, GELU, swish on x ≥ 0 and their sign, sigmoid at ½), so the code is the sign of the
 * pre-activation, as NASWOT's ReLU codes are. Undefined for layers without one.
 */
const ACTIVATION_ON: Readonly<Record<string, number>> = { relu: 0, relu6: 0, elu: 0, selu: 0, tanh: 0, gelu: 0, gelu_new: 0, swish: 0, sigmoid: 0.5 };
const activationOn = (layer: tf.layers.Layer): number | undefined => {
  const name = (layer.getConfig() as { activation?: unknown }).activation;
  return typeof name === 'string' ? ACTIVATION_ON[name] : undefined;
};

/**
 * SynFlow (Tanaka et al. 2020), data-free: every weight replaced by its absolute value, batch
 * norm bypassed, an all-ones input, R = Σ logits; the score is Σ |θ| ⊙ ∂R/∂θ over the conv and
 * dense kernels. The network is then a positive linear map whose output grows geometrically with
 * depth (a float32 overflow by NB201's 15 cells), so the signal is divided by its mean at every
 * cut point of the graph (`cutLayers`) and the logarithms of those divisors are added back: the
 * division scales R, and with it every θ ∂R/∂θ, by one common factor. The weights are restored.
 */
export function synflow(model: tf.LayersModel, sampleShape: readonly number[]): number {
  const saved = model.getWeights().map((w) => w.clone());
  try {
    for (const w of model.trainableWeights) {
      const abs = tf.abs(w.read());
      w.write(abs);
      abs.dispose();
    }
    const cuts = new Set(cutLayers(model));
    let logScale = 0;
    const kernels = model.trainableWeights.filter(isKernel);
    const vars = kernels.map((w) => w.read() as tf.Variable);
    const input = tf.ones([1, ...sampleShape]);
    const { value, grads } = tf.variableGrads(() => {
      logScale = 0;
      const out = forward(model, input, false, (layer, inputs, run) => {
        if (isBatchNorm(layer)) return inputs[0] as tf.Tensor;
        const y = run();
        if (!cuts.has(layer.name)) return y;
        const s = tf.mean(y).dataSync()[0] as number;
        if (!(s > 0) || !Number.isFinite(s)) return y;
        logScale += Math.log(s);
        return tf.div(y, s);
      });
      return tf.sum(out) as tf.Scalar;
    }, vars);
    const score = tf.tidy(() => tf.addN(vars.map((v) => tf.sum(tf.mul(v, grads[v.name] as tf.Tensor)))).dataSync()[0] as number);
    tf.dispose([input, value, ...Object.values(grads)]);
    return score > 0 ? Math.log(score) + logScale : -Infinity;
  } finally {
    model.setWeights(saved);
    tf.dispose(saved);
  }
}

/**
 * One forward pass in training mode (batch statistics) over `2·batch` Gaussian inputs: the first
 * half clean, the second the same inputs plus α·ε. From it:
 * - NASWOT (Mellor et al. 2021), on the clean half: binary ReLU codes c_i of every sample,
 *   K = Σ_layers c·cᵀ + (1−c)(1−c)ᵀ (units minus Hamming distance), score log|det K|; the codes
 *   of tanh, GELU, swish and sigmoid units are the sign of their pre-activation, as ReLU's are;
 * - a Zen-NAS-like expressivity (Lin et al. 2021): log E‖F(x) − F(x+αε)‖ of the features F before
 *   global pooling (before the classifier where there is none). Zen-NAS adds Σ log of every batch
 *   norm's batch standard deviation; on 150 connected NB201 cells that sum took the Spearman ρ of
 *   the score with 200-epoch accuracy from 0.35 (this term alone) to 0.01, so it is left out.
 */
export function activationProxies(model: tf.LayersModel, sampleShape: readonly number[], rng: Rng, options: ProxyOptions = {}): { zen: number; naswot: number } {
  const batch = options.batch ?? 16;
  const alpha = options.zenAlpha ?? 0.01;
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const clean = Float32Array.from({ length: batch * size }, () => rng.normal());
  const both = new Float32Array(2 * batch * size);
  both.set(clean);
  for (let i = 0; i < clean.length; i++) both[clean.length + i] = (clean[i] as number) + alpha * rng.normal();
  const poolLayers = model.layers.filter((l) => l.getClassName() === 'GlobalAveragePooling2D');
  const featureLayer = (poolLayers[poolLayers.length - 1] ?? model.layers[model.layers.length - 1]) as tf.layers.Layer;
  const { kernel, diffNorm } = tf.tidy(() => {
    let k: tf.Tensor2D = tf.zeros([batch, batch]);
    let features: tf.Tensor | undefined;
    forward(model, tf.tensor(both, [2 * batch, ...sampleShape]), true, (layer, inputs, run) => {
      if (layer === featureLayer) features = inputs[0];
      const y = run();
      const on = activationOn(layer);
      if (on !== undefined) {
        const c = tf.cast(tf.greater(tf.reshape(tf.slice(y, 0, batch), [batch, -1]), on), 'float32') as tf.Tensor2D;
        const off = tf.sub(1, c) as tf.Tensor2D;
        k = tf.addN([k, tf.matMul(c, c, false, true), tf.matMul(off, off, false, true)]) as tf.Tensor2D;
      }
      return y;
    });
    const flat = tf.reshape(features as tf.Tensor, [2 * batch, -1]);
    const d = tf.sub(tf.slice(flat, 0, batch), tf.slice(flat, batch, batch));
    return { kernel: Array.from(k.dataSync()), diffNorm: tf.mean(tf.sqrt(tf.sum(tf.square(d), 1))).dataSync()[0] as number };
  });
  const naswot = logAbsDet(kernel, batch);
  return { zen: diffNorm > 0 ? Math.log(diffNorm) : -Infinity, naswot };
}

/**
 * grad-norm and SNIP (Lee et al. 2019) on one labelled batch, batch norm in training mode:
 * with g = ∂L/∂θ of the mean cross-entropy, gradNorm = log Σ_kernels ‖g‖₂ and
 * snip = log Σ_kernels Σ |θ ⊙ g|.
 */
export function dataProxies(model: tf.LayersModel, data: LabelledBatch): { gradNorm: number; snip: number } {
  const kernels = model.trainableWeights.filter(isKernel).map((w) => w.read() as tf.Variable);
  const classes = (model.outputs[0] as tf.SymbolicTensor).shape[1] as number;
  const { value, grads } = tf.variableGrads(() => {
    const logits = forward(model, data.x, true);
    return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.cast(data.labels, 'int32'), classes), logits) as tf.Scalar;
  }, kernels);
  const [norm, saliency] = tf.tidy(() => {
    const gs = kernels.map((v) => grads[v.name] as tf.Tensor);
    return [
      tf.addN(gs.map((g) => tf.norm(g))).dataSync()[0] as number,
      tf.addN(kernels.map((v, i) => tf.sum(tf.abs(tf.mul(v, gs[i] as tf.Tensor))))).dataSync()[0] as number,
    ];
  });
  tf.dispose([value, ...Object.values(grads)]);
  return { gradNorm: norm > 0 ? Math.log(norm) : -Infinity, snip: saliency > 0 ? Math.log(saliency) : -Infinity };
}

export type ProxyScores = Partial<Record<ProxyName, number>>;

/**
 * The proxies of one architecture: the model is built with weights seeded by `seed` (the same
 * seed, the same scores), scored, and disposed. `data` adds grad-norm and SNIP; `names` computes
 * only those (each proxy draws from its own stream, so a subset scores the same as the whole).
 */
export function zeroCostProxies(
  spec: ArchSpec,
  input: ModelInput,
  seed: string,
  options: ProxyOptions & { data?: LabelledBatch; names?: readonly ProxyName[] } = {},
): ProxyScores {
  const want = (...names: ProxyName[]) => !options.names || names.some((n) => options.names?.includes(n));
  const rng = new Rng(`proxies:${seed}`);
  const model = buildModel(spec, input, rng.fork('weights'));
  try {
    const scores: ProxyScores = want('zen', 'naswot') ? { ...activationProxies(model, input.sampleShape, rng.fork('inputs'), options) } : {};
    if (options.data && want('gradNorm', 'snip')) Object.assign(scores, dataProxies(model, options.data));
    if (want('synflow')) scores.synflow = synflow(model, input.sampleShape);
    return scores;
  } finally {
    model.dispose();
  }
}

/** log|det A| of a symmetric n×n matrix (row-major) by LU with partial pivoting; -Infinity if singular. */
export function logAbsDet(values: readonly number[], n: number): number {
  const a = values.slice();
  let sum = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i * n + k] as number) > Math.abs(a[p * n + k] as number)) p = i;
    const pivot = a[p * n + k] as number;
    if (pivot === 0) return -Infinity;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j] as number;
        a[k * n + j] = a[p * n + j] as number;
        a[p * n + j] = t;
      }
    }
    sum += Math.log(Math.abs(pivot));
    for (let i = k + 1; i < n; i++) {
      const f = (a[i * n + k] as number) / pivot;
      if (f === 0) continue;
      for (let j = k; j < n; j++) a[i * n + j] = (a[i * n + j] as number) - f * (a[k * n + j] as number);
    }
  }
  return sum;
}

/**
 * The network NB201's proxies are computed on: the benchmark's own CIFAR-10 network (C = 16,
 * N = 5, 32×32×3 inputs, 10 classes), seeded by the cell string.
 */
export const NB201_PROXY_NETWORK = { channels: 16, cellsPerStage: 5, input: { sampleShape: [32, 32, 3], numClasses: 10 } } as const;

export function nb201ZeroCostProxies(cell: string): ProxyScores {
  const { channels, cellsPerStage, input } = NB201_PROXY_NETWORK;
  return zeroCostProxies({ kind: 'nb201', cell, channels, cellsPerStage }, input, cell);
}

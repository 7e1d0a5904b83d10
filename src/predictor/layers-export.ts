import * as tf from '@tensorflow/tfjs';
import { layerSpecs } from './ensemble-network.js';
import type { EnsembleNetwork, NetworkShape } from './ensemble-network.js';

/**
 * The ensemble as a plain tfjs LayersModel (functional, one branch per member, layers named
 * `m{member}_{layer}` like `EnsembleNetwork.namedWeights`), so a saved predictor is an ordinary
 * tfjs `model.json` any tfjs program can load: inputs `arch`, `recipe`, `stats` (those the shape
 * uses, standardised as meta.json says), outputs `score` [batch, members·objectives] member-major
 * and `proxy` [batch, members·statistics].
 */
export function toLayersModel(network: EnsembleNetwork): tf.LayersModel {
  const shape = network.shape;
  const model = buildLayersModel(shape);
  const named = network.namedWeights();
  try {
    const byName = new Map(named.map((w) => [w.name, w.tensor]));
    for (const layer of model.layers) {
      const kernel = byName.get(`${layer.name}/kernel`);
      const bias = byName.get(`${layer.name}/bias`);
      if (kernel && bias) layer.setWeights([kernel, bias]);
    }
  } finally {
    tf.dispose(named.map((w) => w.tensor));
  }
  return model;
}

function buildLayersModel(shape: NetworkShape): tf.LayersModel {
  const specs = layerSpecs(shape);
  const archIn = tf.input({ shape: [shape.archFeatures], name: 'arch' });
  const inputs = [archIn];
  const side: tf.SymbolicTensor[] = [];
  if (shape.recipeFeatures > 0) side.push(tf.input({ shape: [shape.recipeFeatures], name: 'recipe' }));
  if (shape.statsToHead && shape.statFeatures > 0) side.push(tf.input({ shape: [shape.statFeatures], name: 'stats' }));
  inputs.push(...side);
  const scores: tf.SymbolicTensor[] = [];
  const proxies: tf.SymbolicTensor[] = [];
  const heads = specs.filter((s) => s.role === 'head');
  for (let m = 0; m < shape.members; m++) {
    const dense = (x: tf.SymbolicTensor, name: string, units: number, relu: boolean) =>
      tf.layers.dense({ units, activation: relu ? 'relu' : 'linear', name: `m${m}_${name}` }).apply(x) as tf.SymbolicTensor;
    let h = archIn;
    for (const s of specs.filter((x) => x.role === 'encoder')) h = dense(h, s.name, s.units, true);
    const proxy = specs.find((s) => s.role === 'proxy');
    if (proxy) proxies.push(dense(h, proxy.name, proxy.units, false));
    let a = side.length > 0 ? (tf.layers.concatenate({ name: `m${m}_join` }).apply([h, ...side]) as tf.SymbolicTensor) : h;
    heads.forEach((s, i) => (a = dense(a, s.name, s.units, i < heads.length - 1)));
    scores.push(a);
  }
  const join = (xs: tf.SymbolicTensor[], name: string) =>
    (xs.length === 1 ? tf.layers.activation({ activation: 'linear', name }).apply(xs[0] as tf.SymbolicTensor) : tf.layers.concatenate({ name }).apply(xs)) as tf.SymbolicTensor;
  const outputs = [join(scores, 'score'), ...(proxies.length > 0 ? [join(proxies, 'proxy')] : [])];
  return tf.model({ inputs, outputs, name: 'jars_predictor' });
}

import * as tf from '@tensorflow/tfjs';

/** Sizes of the ensemble network; saved in meta.json so a loaded model can be rebuilt. */
export interface NetworkShape {
  readonly archFeatures: number;
  readonly recipeFeatures: number;
  readonly statFeatures: number;
  /** Also feed the standardised free statistics to the accuracy head (they cost nothing). */
  readonly statsToHead: boolean;
  readonly objectives: number;
  readonly members: number;
  readonly encoderUnits: readonly number[];
  readonly headUnits: readonly number[];
}

/**
 * x·W + b with a backward pass that transposes explicitly: the wasm backend's matmul with a
 * transpose flag (what tfjs's own gradient uses) runs 3–4× slower than transpose-then-matmul.
 */
const denseOp = tf.customGrad((x, w, b, save) => {
  (save as tf.GradSaveFunc)([x as tf.Tensor2D, w as tf.Tensor2D]);
  return {
    value: tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b as tf.Tensor1D),
    gradFunc: (dy, saved) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return [tf.matMul(g, tf.transpose(ws)), tf.matMul(tf.transpose(xs), g), tf.sum(g, 0)];
    },
  };
}) as (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/** The same for a layer fed by data: the input's gradient is never used, so it is not computed. */
const inputDenseOp = tf.customGrad((x, w, b, save) => {
  (save as tf.GradSaveFunc)([x as tf.Tensor2D]);
  return {
    value: tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b as tf.Tensor1D),
    gradFunc: (dy, saved) => {
      const [xs] = saved as [tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return [tf.zerosLike(xs), tf.matMul(tf.transpose(xs), g), tf.sum(g, 0)];
    },
  };
}) as (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/** A variable holding `init`'s values; `init` itself is disposed (tf.variable keeps its own copy). */
function variableFrom(init: tf.Tensor): tf.Variable {
  const v = tf.variable(init);
  init.dispose();
  return v;
}

export type LayerRole = 'encoder' | 'proxy' | 'head';

interface LayerSpec {
  readonly name: string;
  readonly role: LayerRole;
  readonly inputs: number;
  readonly units: number;
}

/** Dense layers of one member, in order: enc1…encK, proxy (if statistics), head1…headJ, out. */
export function layerSpecs(shape: NetworkShape): LayerSpec[] {
  const specs: LayerSpec[] = [];
  let width = shape.archFeatures;
  shape.encoderUnits.forEach((u, i) => {
    specs.push({ name: `enc${i + 1}`, role: 'encoder', inputs: width, units: u });
    width = u;
  });
  const embedding = width;
  if (shape.statFeatures > 0) specs.push({ name: 'proxy', role: 'proxy', inputs: embedding, units: shape.statFeatures });
  width = embedding + shape.recipeFeatures + (shape.statsToHead ? shape.statFeatures : 0);
  shape.headUnits.forEach((u, i) => {
    specs.push({ name: `head${i + 1}`, role: 'head', inputs: width, units: u });
    width = u;
  });
  specs.push({ name: 'out', role: 'head', inputs: width, units: shape.objectives });
  return specs;
}

interface MemberDense {
  readonly spec: LayerSpec;
  /** [members, inputs, units]: one variable per layer keeps the optimiser's op count low. */
  readonly kernel: tf.Variable;
  /** [members, units] */
  readonly bias: tf.Variable;
}

/**
 * Every ensemble member as its own small MLP, run with raw ops in one training step (the layers
 * API's per-call overhead and the wasm backend's slow batched matmul both cost more than the
 * arithmetic at these sizes). Member m: encoder MLP over the architecture encoding → embedding;
 * proxy head embedding → statistics (FBNetV3's pretraining target, Dai et al. 2021); accuracy head
 * over [embedding ⊕ recipe (⊕ statistics)].
 */
export class EnsembleNetwork {
  readonly shape: NetworkShape;
  private readonly layers: MemberDense[];

  constructor(shape: NetworkShape, seed: number) {
    this.shape = shape;
    let s = seed;
    this.layers = layerSpecs(shape).map((spec) => {
      const limit = Math.sqrt(6 / (spec.inputs + spec.units)); // Glorot uniform
      return {
        spec,
        kernel: variableFrom(tf.randomUniform([shape.members, spec.inputs, spec.units], -limit, limit, 'float32', s++)),
        bias: variableFrom(tf.zeros([shape.members, spec.units])),
      };
    });
  }

  variables(roles: readonly LayerRole[]): tf.Variable[] {
    return this.layers.filter((l) => roles.includes(l.spec.role)).flatMap((l) => [l.kernel, l.bias]);
  }

  /** `score` [members, batch, objectives]; `proxy` [members, batch, statistics] (absent without statistics). */
  apply(arch: tf.Tensor2D, recipe: tf.Tensor2D, stats: tf.Tensor2D, roles: readonly ('score' | 'proxy')[] = ['score', 'proxy']): { score?: tf.Tensor3D; proxy?: tf.Tensor3D } {
    const byRole = (role: LayerRole) => this.layers.filter((l) => l.spec.role === role);
    const encoder = byRole('encoder');
    const proxyLayer = byRole('proxy')[0];
    const head = byRole('head');
    const side: tf.Tensor2D[] = [];
    if (this.shape.recipeFeatures > 0) side.push(recipe);
    if (this.shape.statsToHead && this.shape.statFeatures > 0) side.push(stats);
    const scores: tf.Tensor2D[] = [];
    const proxies: tf.Tensor2D[] = [];
    // Per-member 2-D matmuls: the wasm backend's batched matmul is ~10× slower than 2-D ones here.
    const split = new Map(this.layers.map((l) => [l, { k: tf.unstack(l.kernel), b: tf.unstack(l.bias) }]));
    for (let m = 0; m < this.shape.members; m++) {
      const dense = (x: tf.Tensor2D, l: MemberDense, relu: boolean, op = denseOp) => {
        const parts = split.get(l) as { k: tf.Tensor[]; b: tf.Tensor[] };
        const y = op(x, parts.k[m] as tf.Tensor2D, parts.b[m] as tf.Tensor1D) as tf.Tensor2D;
        return relu ? tf.relu(y) : y;
      };
      let h = arch;
      encoder.forEach((l, i) => (h = dense(h, l, true, i === 0 ? inputDenseOp : denseOp)));
      if (proxyLayer && roles.includes('proxy')) proxies.push(dense(h, proxyLayer, false));
      if (!roles.includes('score')) continue;
      let a = side.length > 0 ? tf.concat([h, ...side], 1) : h;
      head.forEach((l, i) => (a = dense(a, l, i < head.length - 1)));
      scores.push(a);
    }
    return {
      ...(scores.length > 0 ? { score: tf.stack(scores) as tf.Tensor3D } : {}),
      ...(proxies.length > 0 ? { proxy: tf.stack(proxies) as tf.Tensor3D } : {}),
    };
  }

  /** Copies the weights of the layers with these roles from another network of compatible shape (members cycled). */
  copyFrom(other: EnsembleNetwork, roles: readonly LayerRole[]): void {
    for (const l of this.layers) {
      if (!roles.includes(l.spec.role)) continue;
      const src = other.layers.find((o) => o.spec.name === l.spec.name);
      if (!src || src.spec.inputs !== l.spec.inputs || src.spec.units !== l.spec.units) continue;
      const idx = Array.from({ length: this.shape.members }, (_, m) => m % other.shape.members);
      tf.tidy(() => {
        l.kernel.assign(tf.gather(src.kernel, idx));
        l.bias.assign(tf.gather(src.bias, idx));
      });
    }
  }

  /** Per-member weights named `m{member}_{layer}/kernel|bias`, as the exported tfjs LayersModel names them (caller disposes). */
  namedWeights(): { name: string; tensor: tf.Tensor }[] {
    return this.layers.flatMap((l) => {
      const ks = tf.unstack(l.kernel);
      const bs = tf.unstack(l.bias);
      return ks.flatMap((k, m) => [
        { name: `m${m}_${l.spec.name}/kernel`, tensor: k },
        { name: `m${m}_${l.spec.name}/bias`, tensor: bs[m] as tf.Tensor },
      ]);
    });
  }

  /** Inverse of `namedWeights`: a missing or mis-shaped weight is an error naming it. */
  loadNamedWeights(weights: ReadonlyMap<string, tf.Tensor>): void {
    for (const l of this.layers) {
      const get = (m: number, part: 'kernel' | 'bias', shape: number[]) => {
        const name = `m${m}_${l.spec.name}/${part}`;
        const t = weights.get(name);
        if (!t || t.shape.join() !== shape.join()) {
          throw new Error(`weight ${name} is missing or has shape [${t?.shape.join(', ') ?? ''}] instead of [${shape.join(', ')}]`);
        }
        return t;
      };
      const members = Array.from({ length: this.shape.members }, (_, m) => m);
      tf.tidy(() => {
        l.kernel.assign(tf.stack(members.map((m) => get(m, 'kernel', [l.spec.inputs, l.spec.units]))));
        l.bias.assign(tf.stack(members.map((m) => get(m, 'bias', [l.spec.units]))));
      });
    }
  }

  dispose(): void {
    for (const l of this.layers) {
      l.kernel.dispose();
      l.bias.dispose();
    }
  }
}

import * as tf from '@tensorflow/tfjs';
import { nativeTrainKernel, OPTIMIZER_KINDS, OPTIMIZER_STEP_KERNEL } from '../native/index.js';
import type { OptimizerStepAttrs } from '../native/index.js';
import type { Recipe } from '../space/index.js';

/**
 * The recipe's optimizer and weight decay as one native kernel call per variable
 * (`JarsOptimizerStep`), used when the native kernels are loaded. tfjs's optimizers spend ~10
 * small ops per variable per step, plus the loop's weight-decay ops; for the small networks a
 * search trains, that op dispatch outweighed the arithmetic. Same hyper-parameters and the same
 * float32 formulas as `makeOptimizer` (tfjs 4.22's SGD, momentum, Adam, RMSProp) followed by the
 * loop's L2 (`g + wd·v`) or decoupled AdamW decay (`v·(1 − lr·wd)`).
 */
export class NativeOptimizer {
  private readonly slots: tf.Tensor[][];
  private readonly base: Omit<OptimizerStepAttrs, 'lr' | 'l2' | 'decayFactor'>;
  private accBeta1: number;
  private accBeta2: number;

  private constructor(private readonly recipe: Recipe, private readonly vars: readonly tf.Variable[]) {
    const { kind, slots, beta1, beta2 } = describe(recipe);
    this.slots = vars.map((v) => Array.from({ length: slots }, () => tf.keep(tf.zerosLike(v))));
    this.accBeta1 = Math.fround(beta1);
    this.accBeta2 = Math.fround(beta2);
    this.base = { kind, beta1, beta2, epsilon: 1e-7, accBeta1: 0, accBeta2: 0, nesterov: recipe.optimizer === 'sgd' && recipe.nesterov };
  }

  /** A native optimizer for the recipe, or undefined when the native kernel is not available. */
  static create(recipe: Recipe, vars: readonly tf.Variable[]): NativeOptimizer | undefined {
    if (!nativeTrainKernel(OPTIMIZER_STEP_KERNEL) || vars.some((v) => v.dtype !== 'float32')) return undefined;
    return new NativeOptimizer(recipe, vars);
  }

  /** One update of every variable that has a gradient; `decayed` holds the ids of decayed variables. */
  step(grads: tf.NamedTensorMap, lr: number, decayed: ReadonlySet<number>): void {
    const { recipe } = this;
    const wd = recipe.weightDecay;
    const decoupled = recipe.optimizer === 'adamw';
    const attrsOf = (decay: boolean): OptimizerStepAttrs => ({
      ...this.base,
      lr,
      accBeta1: this.accBeta1,
      accBeta2: this.accBeta2,
      l2: decay && !decoupled ? wd : 0,
      decayFactor: decay && decoupled ? 1 - lr * wd : 1,
    });
    const plain = attrsOf(false);
    const withDecay = wd > 0 ? attrsOf(true) : plain;
    tf.tidy(() => {
      this.vars.forEach((v, i) => {
        const g = grads[v.name];
        if (g === undefined) return;
        const slots = this.slots[i] as tf.Tensor[];
        const inputs: tf.NamedTensorMap = { x: v, g };
        if (slots[0]) inputs.s1 = slots[0];
        if (slots[1]) inputs.s2 = slots[1];
        const attrs = decayed.has(v.id) ? withDecay : plain;
        const outs = tf.engine().runKernel(OPTIMIZER_STEP_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        v.assign(outs[0] as tf.Tensor);
        for (let s = 0; s < slots.length; s++) {
          (slots[s] as tf.Tensor).dispose();
          slots[s] = tf.keep(outs[s + 1] as tf.Tensor);
        }
      });
    });
    if (this.base.kind === OPTIMIZER_KINDS.adam) {
      // tfjs keeps β^t in float32 variables, multiplied once per step.
      this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.base.beta1));
      this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.base.beta2));
    }
  }

  dispose(): void {
    for (const slots of this.slots) tf.dispose(slots);
  }
}

function describe(recipe: Recipe): { kind: number; slots: number; beta1: number; beta2: number } {
  switch (recipe.optimizer) {
    case 'sgd':
      return recipe.momentum > 0 ? { kind: OPTIMIZER_KINDS.momentum, slots: 1, beta1: recipe.momentum, beta2: 0 } : { kind: OPTIMIZER_KINDS.sgd, slots: 0, beta1: 0, beta2: 0 };
    case 'adam':
    case 'adamw':
      return { kind: OPTIMIZER_KINDS.adam, slots: 2, beta1: 0.9, beta2: 0.999 };
    case 'rmsprop':
      // s1 = moments (momentum recipe.momentum), s2 = mean squares (decay 0.9), as makeOptimizer.
      return { kind: OPTIMIZER_KINDS.rmsprop, slots: 2, beta1: recipe.momentum, beta2: 0.9 };
  }
}

/** Weight EMA update s ← s·d + v·(1 − d) for every pair, one native call each. */
export function nativeAverage(shadows: readonly tf.Variable[], vars: readonly tf.Variable[], d: number): boolean {
  if (!nativeTrainKernel(OPTIMIZER_STEP_KERNEL)) return false;
  const attrs: OptimizerStepAttrs = { kind: OPTIMIZER_KINDS.average, lr: 0, beta1: d, beta2: 0, epsilon: 0, accBeta1: 0, accBeta2: 0, l2: 0, decayFactor: 1, nesterov: false };
  tf.tidy(() => {
    shadows.forEach((s, i) => {
      const [next] = tf.engine().runKernel(OPTIMIZER_STEP_KERNEL, { x: vars[i] as tf.Variable, s1: s }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      s.assign(next as tf.Tensor);
    });
  });
  return true;
}

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import { BATCH_NORM_TRAIN_KERNEL, loadNativeKernels, nativeStatus, nativeTrainKernel, OPTIMIZER_STEP_KERNEL, unloadNativeKernels } from '../../src/native/index.js';
import { parseRecipe } from '../../src/space/index.js';
import { buildModel, makeOptimizer, parseArchSpec, trainModel } from '../../src/train/index.js';
import { FusedBatchNormalization } from '../../src/train/lazy-grad-layers.js';
import { NativeOptimizer } from '../../src/train/native-optimizer.js';
import { projectRoot } from '../support/cli.js';
import { expectSame, randomArray, relativeError, runKernel, setupWasm, stockAndNative } from './helpers.js';

let loaded = false;
beforeAll(async () => {
  loaded = await setupWasm();
  if (!loaded) console.warn(`native training-kernel tests skipped: ${nativeStatus().reason ?? ''}`);
});

const rand = (shape: number[], seed: number) => tf.tensor(randomArray(new Rng(seed), shape.reduce((a, b) => a * b, 1)), shape);

describe('native BatchMatMul matches the stock kernel', () => {
  const cases: [number[], number[], boolean, boolean][] = [
    [[1, 5, 7], [1, 7, 3], false, false],
    [[1, 7, 5], [1, 7, 3], true, false],
    [[1, 5, 7], [1, 3, 7], false, true],
    [[1, 7, 5], [1, 3, 7], true, true],
    [[3, 4, 6], [3, 6, 2], false, false],
    [[3, 6, 4], [1, 6, 2], true, false],
    [[1, 4, 6], [3, 2, 6], false, true],
    [[1, 128, 300], [1, 300, 33], false, false],
    [[1, 300, 64], [1, 300, 10], true, false],
  ];
  for (const [aShape, bShape, transposeA, transposeB] of cases) {
    it(`${aShape.join('x')}${transposeA ? 'ᵀ' : ''} · ${bShape.join('x')}${transposeB ? 'ᵀ' : ''}`, ({ skip }) => {
      if (!loaded) skip();
      const a = rand(aShape, 1);
      const b = rand(bShape, 2);
      expectSame(stockAndNative(() => runKernel('BatchMatMul', { a, b }, { transposeA, transposeB })));
      tf.dispose([a, b]);
    });
  }

  it('hands int32 to the stock kernel (which rejects it in tfjs-backend-wasm 4.22)', ({ skip }) => {
    if (!loaded) skip();
    const a = tf.tensor3d([1, 2, 3, 4], [1, 2, 2], 'int32');
    const b = tf.tensor3d([5, 6, 7, 8], [1, 2, 2], 'int32');
    expect(() => runKernel('BatchMatMul', { a, b }, { transposeA: false, transposeB: false })).toThrow(/non-float32/);
    tf.dispose([a, b]);
  });
});

describe('native BatchMatMul under the CPU profiler', () => {
  // The sgemm version died with "corrupted size vs. prev_size" within ~1 s of this fixture in 5 of
  // 5 runs; the matmul primitive ran 4.8 M profiled products without a fault.
  it('survives SIGPROF landing inside transposed products (node --cpu-prof)', ({ skip }) => {
    if (!loaded) skip();
    const profiles = mkdtempSync(path.join(tmpdir(), 'jars-prof-'));
    const r = spawnSync(
      process.execPath,
      ['--cpu-prof', '--cpu-prof-interval', '37', '--cpu-prof-dir', profiles, path.join(projectRoot, 'test', 'fixtures', 'profiled-matmul.mjs'), '3'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    rmSync(profiles, { recursive: true, force: true });
    expect(r.stderr).not.toMatch(/corrupted|double free|Segmentation/);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ok \d+/);
  }, 90_000);
});

describe('native batch norm in training matches moments + batchNorm', () => {
  for (const shape of [[8, 5, 5, 3], [64, 7, 7, 16], [10, 6], [2, 3, 1, 33]]) {
    it(`values and gradients, ${shape.join('x')}`, ({ skip }) => {
      if (!loaded) skip();
      const c = shape[shape.length - 1] as number;
      const x = tf.add(tf.mul(rand(shape, 3), 2), 0.5);
      const gamma = tf.add(rand([c], 4), 1);
      const beta = rand([c], 5);
      const dy = rand(shape, 6);
      const eps = 1e-5;
      const axes = shape.slice(0, -1).map((_, i) => i);
      const stockF = (xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        const { mean, variance } = tf.moments(xx, axes);
        return tf.batchNorm(xx, mean, variance, b, g, eps);
      };
      const nativeF = (xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
        (tf.engine().runKernel(BATCH_NORM_TRAIN_KERNEL, { x: xx, scale: g, offset: b }, { epsilon: eps }) as tf.Tensor[])[0] as tf.Tensor;
      const run = (f: typeof stockF) =>
        tf.tidy(() => {
          const y = f(x, gamma, beta);
          const grads = tf.grads((xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => f(xx, g, b))([x, gamma, beta], dy);
          return [y, ...grads].map((t) => ({ shape: t.shape.slice(), values: t.dataSync() as Float32Array }));
        });
      const stock = run(stockF);
      const native = run(nativeF);
      const { mean, variance } = tf.moments(x, axes);
      const [, nMean, nVar] = tf.engine().runKernel(BATCH_NORM_TRAIN_KERNEL, { x, scale: gamma, offset: beta }, { epsilon: eps }) as tf.Tensor[];
      expect(relativeError((nMean as tf.Tensor).dataSync(), mean.dataSync())).toBeLessThanOrEqual(1e-5);
      expect(relativeError((nVar as tf.Tensor).dataSync(), variance.dataSync())).toBeLessThanOrEqual(1e-5);
      stock.forEach((s, i) => expectSame([s, native[i] as (typeof native)[number]]));
      tf.dispose([x, gamma, beta, dy, mean, variance, nMean as tf.Tensor, nVar as tf.Tensor]);
    });
  }

  it('the layer matches the stock layer (output and moving statistics) and is stock when native is off', ({ skip }) => {
    if (!loaded) skip();
    const run = () =>
      tf.tidy(() => {
        const layer = new FusedBatchNormalization({ momentum: 0.9, epsilon: 1e-5 });
        const x = tf.add(tf.mul(rand([6, 4, 4, 5], 8), 3), 1);
        const y = layer.apply(x, { training: true }) as tf.Tensor;
        const weights = layer.getWeights().map((w) => Array.from(w.dataSync()));
        const out = { y: Array.from(y.dataSync()), weights };
        layer.dispose();
        return out;
      });
    const [stock, native] = stockAndNative(() => {
      expect(nativeTrainKernel(BATCH_NORM_TRAIN_KERNEL)).toBe(nativeStatus().loaded);
      return run();
    });
    expect(relativeError(native.y, stock.y)).toBeLessThanOrEqual(1e-5);
    native.weights.forEach((w, i) => expect(relativeError(w, stock.weights[i] as number[])).toBeLessThanOrEqual(1e-5));
    expect(new FusedBatchNormalization({}).getClassName()).toBe('BatchNormalization');
  });
});

/** Three steps of the loop's update (tfjs optimizer + the loop's weight decay) on fixed gradients. */
function stockSteps(recipeFields: Record<string, unknown>, vars: tf.Variable[], grads: tf.Tensor[][], lrs: number[]): void {
  const recipe = parseRecipe(recipeFields);
  const optimizer = makeOptimizer(recipe);
  grads.forEach((gs, step) => {
    (optimizer as unknown as { learningRate: number }).learningRate = lrs[step] as number;
    (optimizer as unknown as { setLearningRate?: (lr: number) => void }).setLearningRate?.(lrs[step] as number);
    tf.tidy(() => {
      const map: tf.NamedTensorMap = {};
      vars.forEach((v, i) => {
        map[v.name] = recipe.weightDecay > 0 && recipe.optimizer !== 'adamw' && i === 0 ? tf.add(gs[i] as tf.Tensor, tf.mul(v, recipe.weightDecay)) : (gs[i] as tf.Tensor);
      });
      optimizer.applyGradients(map);
      if (recipe.weightDecay > 0 && recipe.optimizer === 'adamw') (vars[0] as tf.Variable).assign(tf.mul(vars[0] as tf.Variable, 1 - (lrs[step] as number) * recipe.weightDecay));
    });
  });
  optimizer.dispose();
}

function nativeSteps(recipeFields: Record<string, unknown>, vars: tf.Variable[], grads: tf.Tensor[][], lrs: number[]): void {
  const optimizer = NativeOptimizer.create(parseRecipe(recipeFields), vars);
  if (!optimizer) throw new Error('native optimizer unavailable');
  grads.forEach((gs, step) => {
    const map: tf.NamedTensorMap = {};
    vars.forEach((v, i) => (map[v.name] = gs[i] as tf.Tensor));
    optimizer.step(map, lrs[step] as number, new Set([(vars[0] as tf.Variable).id]));
  });
  optimizer.dispose();
}

describe('the native optimizer step matches tfjs optimizers and the loop weight decay', () => {
  const recipes: Record<string, unknown>[] = [
    { optimizer: 'sgd', momentum: 0 },
    { optimizer: 'sgd', momentum: 0.9, weightDecay: 1e-3 },
    { optimizer: 'sgd', momentum: 0.9, nesterov: true },
    { optimizer: 'adam' },
    { optimizer: 'adam', weightDecay: 5e-4 },
    { optimizer: 'adamw', weightDecay: 5e-2 },
    { optimizer: 'rmsprop', momentum: 0 },
    { optimizer: 'rmsprop', momentum: 0.9, weightDecay: 1e-4 },
  ];
  for (const fields of recipes) {
    it(JSON.stringify(fields), ({ skip }) => {
      if (!loaded) skip();
      const shapes = [[3, 3, 2, 4], [4], [7, 5]];
      const grads = [0, 1, 2].map((step) => shapes.map((s, i) => rand(s, 100 + 10 * step + i)));
      const lrs = [0.01, 0.02, 0.005];
      const run = (f: typeof stockSteps) => {
        const vars = shapes.map((s, i) => tf.variable(rand(s, 50 + i)));
        f(fields, vars, grads, lrs);
        const out = vars.map((v) => Array.from(v.dataSync()));
        tf.dispose(vars);
        return out;
      };
      const stock = run(stockSteps);
      const native = run(nativeSteps);
      native.forEach((w, i) => expect(relativeError(w, stock[i] as number[])).toBeLessThanOrEqual(1e-5));
      tf.dispose(grads.flat());
    });
  }

  it('is not created when native kernels are off', ({ skip }) => {
    if (!loaded) skip();
    unloadNativeKernels();
    try {
      expect(nativeTrainKernel(OPTIMIZER_STEP_KERNEL)).toBe(false);
      const v = tf.variable(tf.zeros([2]));
      expect(NativeOptimizer.create(parseRecipe({ optimizer: 'adam' }), [v])).toBeUndefined();
      v.dispose();
    } finally {
      loadNativeKernels();
    }
  });
});

describe('jars training loop: native and plain runs agree', () => {
  const recipes: Record<string, unknown>[] = [
    { optimizer: 'sgd', momentum: 0.9, lr: 0.05, weightDecay: 1e-4, emaDecay: 0.99 },
    { optimizer: 'adamw', lr: 0.003, weightDecay: 5e-4 },
    { optimizer: 'rmsprop', lr: 0.001, momentum: 0.9 },
  ];
  for (const fields of recipes) {
    it(JSON.stringify(fields), ({ skip }) => {
      if (!loaded) skip();
      const recipe = parseRecipe({ ...fields, batchSize: 16, epochs: 1, schedule: 'constant', dropout: 0 });
      const rng = new Rng(3);
      const n = 48;
      const data = { name: 't', x: randomArray(rng, n * 12 * 12), y: Int32Array.from({ length: n }, (_, i) => i % 4), sampleShape: [12, 12, 1], numClasses: 4, maxValue: 1 };
      const run = () => {
        const model = buildModel(parseArchSpec({ kind: 'cnn', filters: [4, 8], dense: 8 }), { sampleShape: [12, 12, 1], numClasses: 4 }, new Rng(5));
        const result = trainModel(model, data, recipe, new Rng(9));
        const weights = model.getWeights(true).flatMap((w) => Array.from(w.dataSync()));
        const ema = result.ema ? result.ema.withAveraged(() => model.getWeights(true).flatMap((w) => Array.from(w.dataSync()))) : [];
        result.ema?.dispose();
        model.dispose();
        return { loss: result.history.map((h) => h.loss), weights, ema };
      };
      const [stock, native] = stockAndNative(run);
      expect(relativeError(native.loss, stock.loss)).toBeLessThanOrEqual(1e-4);
      expect(relativeError(native.weights, stock.weights)).toBeLessThanOrEqual(1e-4);
      expect(relativeError(native.ema, stock.ema)).toBeLessThanOrEqual(1e-4);
    });
  }
});

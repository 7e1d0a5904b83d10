import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { FusedBatchNormalization, LazyGradConv2D, LazyGradDense } from '../../src/train/index.js';

/** Trains-mode output and weight gradients of a layer against the stock layer with the same weights. */
function compare(ours: tf.layers.Layer, stock: tf.layers.Layer, x: tf.Tensor): void {
  ours.build(x.shape);
  stock.build(x.shape);
  stock.setWeights(ours.getWeights());
  const run = (layer: tf.layers.Layer) =>
    tf.tidy(() => {
      const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(layer.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, vars);
      return [value.dataSync()[0] as number, ...vars.map((v) => Array.from((grads[v.name] as tf.Tensor).dataSync()))];
    });
  const [a, b] = [run(ours), run(stock)];
  expect(a[0] as number).toBeCloseTo(b[0] as number, 3);
  for (let i = 1; i < a.length; i++) {
    const ga = a[i] as number[];
    const gb = b[i] as number[];
    const scale = Math.max(...gb.map(Math.abs), 1e-12);
    expect(Math.max(...ga.map((v, j) => Math.abs(v - (gb[j] as number)))) / scale).toBeLessThan(1e-5);
  }
}

describe('training layers match the stock layers (cpu backend, no native kernels)', () => {
  it('LazyGradConv2D with bias, stride 2, same padding', async () => {
    await tf.setBackend('cpu');
    const x = tf.randomNormal([2, 7, 7, 3], 0, 1, 'float32', 1);
    const args = { filters: 4, kernelSize: 3, strides: 2, padding: 'same' as const, useBias: true, biasInitializer: 'randomNormal' as const };
    compare(new LazyGradConv2D(args), tf.layers.conv2d(args), x);
    x.dispose();
  });

  it('LazyGradDense with relu', async () => {
    await tf.setBackend('cpu');
    const x = tf.randomNormal([5, 6], 0, 1, 'float32', 2);
    const args = { units: 3, activation: 'relu' as const, biasInitializer: 'randomNormal' as const };
    compare(new LazyGradDense(args), tf.layers.dense(args), x);
    x.dispose();
  });

  it('FusedBatchNormalization falls back to the stock layer without native kernels', async () => {
    await tf.setBackend('cpu');
    const x = tf.randomNormal([4, 3, 3, 2], 1, 2, 'float32', 3);
    compare(new FusedBatchNormalization({ epsilon: 1e-5 }), tf.layers.batchNormalization({ epsilon: 1e-5 }), x);
    x.dispose();
  });

  it('save as the stock classes, so exported models load without jars', () => {
    expect(new LazyGradConv2D({ filters: 1, kernelSize: 1 }).getClassName()).toBe('Conv2D');
    expect(new LazyGradDense({ units: 1 }).getClassName()).toBe('Dense');
    expect(new FusedBatchNormalization({}).getClassName()).toBe('BatchNormalization');
  });
});

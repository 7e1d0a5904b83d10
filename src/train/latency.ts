import * as tf from '@tensorflow/tfjs';

export interface LatencyResult {
  /** Median milliseconds per batch. */
  readonly medianMs: number;
  /** Interquartile range of the per-batch times (ms). */
  readonly iqrMs: number;
  readonly batchSize: number;
  readonly repeats: number;
}

export interface LatencyOptions {
  readonly batchSize?: number;
  readonly warmup?: number;
  readonly repeats?: number;
}

/** Inference time over repeated batches after warm-up (the first calls pay for kernel setup). */
export function measureLatency(model: tf.LayersModel, sampleShape: readonly number[], options: LatencyOptions = {}): LatencyResult {
  const batchSize = options.batchSize ?? 1;
  const warmup = options.warmup ?? 3;
  const repeats = options.repeats ?? 10;
  const xs = tf.randomNormal([batchSize, ...sampleShape], 0, 1, 'float32', 7);
  const times: number[] = [];
  try {
    for (let i = 0; i < warmup + repeats; i++) {
      const start = performance.now();
      tf.tidy(() => (model.apply(xs, { training: false }) as tf.Tensor).dataSync());
      if (i >= warmup) times.push(performance.now() - start);
    }
  } finally {
    xs.dispose();
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * (times.length - 1) + 0.5))] as number;
  return { medianMs: q(0.5), iqrMs: q(0.75) - q(0.25), batchSize, repeats };
}

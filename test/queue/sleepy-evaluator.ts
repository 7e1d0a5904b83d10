import type { Candidate, Evaluation, Evaluator } from '../../src/core/index.js';

/**
 * Wraps an evaluator to take `ms` of wall time (a stand-in for training) and to report one draw
 * from the evaluation's random stream, so a wrong seed on a worker shows up as a different metric.
 * test/fixtures/queue-worker.mjs holds the same wrapper for worker processes.
 */
export function sleepyEvaluator<C extends Candidate>(inner: Evaluator<C>, ms: number): Evaluator<C> {
  return {
    name: `sleepy-${inner.name}`,
    metricNames: [...inner.metricNames, 'draw'],
    async evaluate(candidate, context): Promise<Evaluation> {
      await sleep(ms, context.signal);
      const evaluation = await inner.evaluate(candidate, context);
      return { ...evaluation, metrics: { ...evaluation.metrics, draw: context.rng.next() } };
    },
  };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Polls `condition` every 20 ms until it holds or `timeoutMs` passes. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

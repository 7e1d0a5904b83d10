import { describe, expect, it } from 'vitest';
import { runQueueWorker } from '../../src/queue/index.js';

describe('runQueueWorker options', () => {
  // Refused before any connection is made (port 1 has no Redis).
  const base = { url: 'redis://127.0.0.1:1', queueName: 'options', buildEvaluator: () => Promise.reject(new Error('never built')) };

  it.each([0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses lockDurationMs %s, naming the option and the rule', async (value) => {
    await expect(runQueueWorker({ ...base, lockDurationMs: value })).rejects.toThrow(
      `worker.lockDurationMs must be a whole number of milliseconds ≥ 1, but got ${String(value)}`,
    );
  });

  // Shorter than the lock, it would cut the locks BullMQ keeps renewed; Redis refuses fractions.
  it.each([0, 999, 1500.5, Number.NaN])('refuses preparingLockMs %s with a 1000 ms lock', async (value) => {
    await expect(runQueueWorker({ ...base, lockDurationMs: 1000, preparingLockMs: value })).rejects.toThrow(
      `worker.preparingLockMs must be a whole number of milliseconds ≥ lockDurationMs (1000), but got ${String(value)}`,
    );
  });
});

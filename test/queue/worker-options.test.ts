import { describe, expect, it } from 'vitest';
import { runQueueWorker } from '../../src/queue/index.js';

describe('runQueueWorker options', () => {
  // Refused before any connection is made (port 1 has no Redis).
  const base = { url: 'redis://127.0.0.1:1', queueName: 'options', buildEvaluator: () => Promise.reject(new Error('never built')) };

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])('refuses preparingLockMs %s, naming the option and the rule', async (value) => {
    await expect(runQueueWorker({ ...base, preparingLockMs: value })).rejects.toThrow(
      `worker.preparingLockMs must be a positive number of milliseconds, but got ${String(value)}`,
    );
  });

  it.each([0, Number.NaN])('refuses lockDurationMs %s, before the preparing lock derived from it', async (value) => {
    await expect(runQueueWorker({ ...base, lockDurationMs: value })).rejects.toThrow(
      `worker.lockDurationMs must be a positive number of milliseconds, but got ${String(value)}`,
    );
  });
});

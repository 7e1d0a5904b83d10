import { describe, expect, it } from 'vitest';
import { createQueueEvaluator } from '../../src/queue/index.js';
import { readQueueStatus } from '../../src/setup/index.js';
import type { RunConfig } from '../../src/setup/index.js';

// Port 1 on loopback: nothing listens, so the clients never connect (no redis-server needed).
const url = 'redis://127.0.0.1:1';

describe('a queue whose Redis was never reachable', () => {
  it('closes promptly (BullMQ hands out a client only once it is ready; close must not wait for it)', async () => {
    const queue = createQueueEvaluator({
      url,
      runId: 'never',
      payload: () => {
        throw new Error('nothing is enqueued');
      },
      metricNames: [],
      onNotice: () => {},
    });
    queue.status().catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await queue.close();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reads as no status after the timeout, for `jars status` to say so', async () => {
    const config = { queue: { url } } as unknown as RunConfig;
    await expect(readQueueStatus(config, 'never', 300)).resolves.toBeUndefined();
  });
});

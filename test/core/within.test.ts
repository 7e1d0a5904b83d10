import { describe, expect, it, vi } from 'vitest';
import { answerWithin } from '../../src/core/index.js';

describe('answerWithin', () => {
  it('passes an answer or a rejection through, and clears its timer', async () => {
    vi.useFakeTimers();
    try {
      await expect(answerWithin(Promise.resolve(7), 1000, 'late')).resolves.toBe(7);
      await expect(answerWithin(Promise.reject(new Error('refused')), 1000, 'late')).rejects.toThrow('refused');
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects with the message once the time is up', async () => {
    vi.useFakeTimers();
    try {
      const never = new Promise<number>(() => {});
      const answer = answerWithin(never, 3000, 'no answer from Redis in 3 s');
      const settled = expect(answer).rejects.toThrow('no answer from Redis in 3 s');
      await vi.advanceTimersByTimeAsync(3000);
      await settled;
    } finally {
      vi.useRealTimers();
    }
  });
});

import type { Candidate } from '../core/index.js';
import type { ProposalSet } from './proposals.js';

/**
 * Hands out a batch chosen at once, one slot at a time, and knows when every handed-out
 * candidate has been measured (so the next batch can be chosen with all results in).
 */
export class BatchQueue<C extends Candidate> {
  private queue: C[] = [];
  private outstanding = 0;

  /** True when nothing is queued and no result is awaited: time to choose the next batch. */
  get idle(): boolean {
    return this.queue.length === 0 && this.outstanding === 0;
  }

  get waiting(): boolean {
    return this.queue.length === 0 && this.outstanding > 0;
  }

  push(candidates: readonly C[]): void {
    this.queue.push(...candidates);
  }

  take(n: number): C[] {
    const out = this.queue.splice(0, Math.max(0, n));
    this.outstanding += out.length;
    return out;
  }

  /**
   * A batch strategy's `ask`: when idle, choose the next batch (keeping only candidates never
   * proposed, or one `fallback` candidate if none is left), then hand out up to `n`.
   */
  async next(n: number, choose: () => Promise<C[]>, seen: ProposalSet<C>, fallback: () => C | undefined): Promise<C[]> {
    if (this.idle) {
      const chosen = (await choose()).filter((c) => seen.add(c));
      if (chosen.length === 0) {
        const extra = fallback();
        if (extra) chosen.push(extra);
      }
      this.push(chosen);
    }
    return this.take(n);
  }

  received(count: number): void {
    this.outstanding = Math.max(0, this.outstanding - count);
  }
}

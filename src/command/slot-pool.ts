/** Worker slots 0…size−1: a trial holds one while it runs; the lowest free slot goes first. */
export class SlotPool {
  private readonly free: number[];
  private readonly waiting: ((slot: number) => void)[] = [];

  constructor(readonly size: number) {
    this.free = Array.from({ length: size }, (_, i) => i);
  }

  /** A free slot, waiting for one if needed; undefined when `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<number | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    const slot = this.free.shift();
    if (slot !== undefined) return Promise.resolve(slot);
    return new Promise((resolve) => {
      const take = (s: number) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(s);
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(take);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve(undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(take);
    });
  }

  release(slot: number): void {
    const next = this.waiting.shift();
    if (next) return next(slot);
    this.free.push(slot);
    this.free.sort((a, b) => a - b);
  }
}

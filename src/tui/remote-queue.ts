/**
 * What the TUI shows of a run's distributed queue: its depth and each remote worker. The CLI reads
 * it from Redis (the queue layer) and maps it to this shape, so the TUI knows nothing of BullMQ.
 */
export interface RemoteWorkerView {
  readonly host: string;
  readonly pid: number;
  readonly busy: boolean;
  /** Jobs it runs at once. */
  readonly concurrency: number;
  readonly gpus: readonly string[];
  /** Candidates of this run it is evaluating, as of its last heartbeat. */
  readonly candidateIds: readonly number[];
  /** Jobs of other runs sharing the queue. */
  readonly otherJobs: number;
  readonly lastHeartbeatMs: number;
}

export interface RemoteQueueView {
  readonly queueName: string;
  readonly waiting: number;
  readonly active: number;
  readonly workers: readonly RemoteWorkerView[];
}

/** The latest reading: the queue, or why it could not be read (Redis away); undefined before the first. */
export type RemoteQueueReading = { readonly view: RemoteQueueView; readonly atMs: number } | { readonly error: string; readonly atMs: number };

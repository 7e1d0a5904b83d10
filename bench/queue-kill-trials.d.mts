// Types of bench/queue-kill-trials.mjs for the test that runs two of its trials.
export declare const TRIAL_RUN: readonly string[];
export declare function evaluations(journalFile: string): Map<number, string>;
export declare function referenceRun(runsDir: string, seed: number): Map<number, string>;
export interface KillTrialResult {
  killed: string[];
  /** Evaluations whose job was delivered more than once (a dead worker's, or a lock that expired). */
  redelivered: number;
  /** "candidate <id> failed: <reason>" for each failed evaluation in the journal. */
  failed: string[];
  evaluated: number;
  lost: number;
  differ: number;
  extra: number;
  seconds: number;
  stderr: string;
}
export declare function killTrial(options: {
  redisUrl: string;
  runsDir: string;
  seed: number;
  queueName: string;
  reference: Map<number, string>;
  killWorkerAtMs?: number;
  killCoordinatorAtMs?: number;
}): Promise<KillTrialResult>;

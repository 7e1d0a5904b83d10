/** jars → trial supervisor, over the fork IPC channel. */
export type ToSupervisor =
  | {
      readonly type: 'start';
      /** Run as `/bin/sh -c <command>` in a new process group. */
      readonly command: string;
      readonly cwd: string;
      readonly env: Readonly<Record<string, string>>;
      /** SIGTERM → SIGKILL delay when the trial's group is stopped. */
      readonly graceMs: number;
    }
  /** End the trial's process group (prune, timeout, abort): SIGTERM, then SIGKILL after the grace. */
  | { readonly type: 'stop' };

/** Trial supervisor → jars. */
export type FromSupervisor =
  /** The trainer runs; its pid is its process group's id. */
  | { readonly type: 'started'; readonly pid: number }
  /** The trainer's main process ended (the supervisor then ends what is left of its group). */
  | { readonly type: 'exited'; readonly code: number | null; readonly signal: string | null }
  | { readonly type: 'spawn-failed'; readonly message: string };

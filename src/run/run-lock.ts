import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { JarsError } from '../core/index.js';
import { OPEN, RunIoError, describeIoError, isIoFailure, isSymlink, nodeFileSystem, openRunFile, readRunFile, symlinkRefusal, writeFully } from './run-fs.js';
import type { RunFileSystem } from './run-fs.js';

/** Who holds a run's `lock`: enough to tell, on this host, whether that process still lives. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** When the lock was taken (ISO time); absent in locks older jars versions wrote. */
  readonly startedAt?: string;
  /** The kernel's boot id: a lock from another boot is not this machine's process to judge. */
  readonly bootId?: string;
  /** The holder's start time in clock ticks since boot (Linux), to tell a reused pid. */
  readonly processStart?: string;
  /** Unique per acquisition, so a holder can tell its own lock from a successor's. */
  readonly token?: string;
}

/** Another process holds the run (or may): the command refuses, changing nothing. */
export class RunConflictError extends JarsError {
  constructor(message: string) {
    super('E_RUN_CONFLICT', message);
    this.name = 'RunConflictError';
  }
}

export interface LockOptions {
  readonly fs?: RunFileSystem;
  /** Tests: pose as another process. */
  readonly self?: LockHolder;
}

/**
 * The run's single-writer lock: `lock` created exclusively (O_EXCL, never through a link) holding
 * JSON of host, pid, start time and boot. A lock whose holder is provably dead on this host is taken
 * over; one from another host (or boot) is never taken silently.
 */
export class RunLock {
  private released = false;

  private constructor(
    readonly file: string,
    readonly holder: LockHolder,
    private readonly fsys: RunFileSystem,
  ) {}

  static acquire(file: string, options: LockOptions = {}): RunLock {
    const fsys = options.fs ?? nodeFileSystem;
    const self = options.self ?? currentProcess();
    // A stale lock is removed, then created afresh; a competitor may win that race: look again.
    for (let attempt = 0; attempt < 3; attempt++) {
      if (tryCreate(fsys, file, self)) return new RunLock(file, self, fsys);
      const seen = readLockFile(file, fsys);
      if (seen === undefined) continue; // released in between
      if (seen === 'unreadable') {
        throw new RunConflictError(`${file} exists but names no process (an interrupted start?); if no jars process works on this run, remove that file and retry`);
      }
      const state = holderState(seen);
      if (state !== 'dead') throw new RunConflictError(conflictMessage(file, seen, state));
      takeOver(fsys, file, seen, self);
    }
    throw new RunConflictError(`${file}: other processes keep taking this run's lock; try again once they have finished`);
  }

  /** Whether `lock` still names this acquisition (not removed by hand, not taken by another process). */
  holds(): boolean {
    if (this.released) return false;
    const now = readLockFile(this.file, this.fsys);
    return typeof now === 'object' && now.token === this.holder.token && now.pid === this.holder.pid;
  }

  /** Removes the lock, but only while it is still ours (never a successor's). */
  release(): void {
    if (this.released) return;
    if (this.holds()) {
      try {
        this.fsys.unlinkSync(this.file);
      } catch {
        // already gone
      }
    }
    this.released = true;
  }
}

/** This process as a lock holder. */
export function currentProcess(): LockHolder {
  const bootId = readBootId();
  const processStart = readProcessStart(process.pid);
  return {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    ...(bootId ? { bootId } : {}),
    ...(processStart ? { processStart } : {}),
    token: randomUUID(),
  };
}

/**
 * The lock file's holder; `'unreadable'` when it holds neither the JSON this module writes nor the
 * bare pid older versions wrote; undefined when there is no lock.
 */
export function readLockFile(file: string, fsys: RunFileSystem = nodeFileSystem): LockHolder | 'unreadable' | undefined {
  let text: string;
  try {
    text = readRunFile(fsys, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseLock(text);
}

export function parseLock(text: string): LockHolder | 'unreadable' {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), host: hostname() };
  try {
    const value = JSON.parse(trimmed) as Partial<LockHolder>;
    if (Number.isInteger(value.pid) && (value.pid as number) > 0 && typeof value.host === 'string') return value as LockHolder;
  } catch {
    // fall through
  }
  return 'unreadable';
}

/**
 * `alive`/`dead` for a holder on this host and boot; `elsewhere` for one this machine cannot
 * judge (another host name or boot id).
 */
export function holderState(holder: LockHolder): 'alive' | 'dead' | 'elsewhere' {
  if (holder.host !== hostname()) return 'elsewhere';
  const bootId = readBootId();
  if (holder.bootId !== undefined && bootId !== undefined && holder.bootId !== bootId) return 'elsewhere';
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? 'alive' : 'dead';
  }
  // The pid lives, but it may be a new process that reuses the number.
  if (holder.processStart !== undefined) {
    const now = readProcessStart(holder.pid);
    if (now !== undefined && now !== holder.processStart) return 'dead';
  }
  return 'alive';
}

/** The holder of a run's lock unless it is provably dead (for `status` and `ls`). */
export function activeLockHolder(file: string, fsys: RunFileSystem = nodeFileSystem): LockHolder | undefined {
  let holder: ReturnType<typeof readLockFile>;
  try {
    holder = readLockFile(file, fsys);
  } catch {
    return undefined;
  }
  if (holder === undefined || holder === 'unreadable') return undefined;
  return holderState(holder) === 'dead' ? undefined : holder;
}

function conflictMessage(file: string, holder: LockHolder, state: 'alive' | 'elsewhere'): string {
  const since = holder.startedAt ? ` since ${holder.startedAt}` : '';
  if (state === 'alive') return `this run is already running in process ${holder.pid}${since} (${file}); wait for it, or stop that process first`;
  const where = holder.host === hostname() ? `host ${holder.host} in an earlier boot or another machine of that name` : `host ${holder.host}`;
  return `this run is locked by process ${holder.pid} on ${where}${since}; jars cannot tell from here whether it still runs: if it does not, remove ${file} and retry`;
}

/** Creates `file` with the holder's JSON, or returns false if it exists. */
function tryCreate(fsys: RunFileSystem, file: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openRunFile(fsys, file, OPEN.createNew);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw lockIoError(file, error);
    if (isSymlink(fsys, file)) throw symlinkRefusal(file);
    return false;
  }
  try {
    writeFully(fsys, fd, Buffer.from(JSON.stringify(holder) + '\n', 'utf8'), 0);
    fsys.fsyncSync(fd);
  } catch (error) {
    fsys.closeSync(fd);
    fsys.unlinkSync(file);
    throw lockIoError(file, error);
  }
  fsys.closeSync(fd);
  return true;
}

/**
 * Removes a dead holder's lock. A guard file (itself an exclusive create) makes the check and the
 * removal one step, so of two processes finding the same stale lock only one removes it.
 */
function takeOver(fsys: RunFileSystem, file: string, stale: LockHolder, self: LockHolder): void {
  const guard = `${file}.takeover`;
  if (!tryCreate(fsys, guard, self)) {
    const other = readLockFile(guard, fsys);
    if (typeof other === 'object' && holderState(other) === 'dead') {
      fsys.unlinkSync(guard); // a takeover that died half-way
      return;
    }
    throw new RunConflictError(`another process is taking over this run's stale lock (${guard}); if none is, remove that file and retry`);
  }
  try {
    const again = readLockFile(file, fsys);
    if (typeof again === 'object' && JSON.stringify(again) === JSON.stringify(stale)) fsys.unlinkSync(file);
  } finally {
    fsys.unlinkSync(guard);
  }
}

function lockIoError(file: string, error: unknown): Error {
  if (error instanceof JarsError) return error;
  if (isIoFailure(error)) return new RunIoError(`cannot write ${file}: ${describeIoError(error)}`, { cause: error });
  return error as Error;
}

function readBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat, read after the command name (which may hold spaces). */
function readProcessStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

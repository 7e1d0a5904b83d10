import { readdirSync, readFileSync } from 'node:fs';

/**
 * Whether any process of group `pgid` still runs. On Linux this reads /proc and ignores zombies:
 * where PID 1 does not reap orphans (many containers), a dead trainer's children stay zombies
 * for good, and `kill(-pgid, 0)` would report the group alive forever.
 */
export function groupAlive(pgid: number): boolean {
  if (process.platform === 'linux') {
    try {
      return liveMembers(pgid).length > 0;
    } catch {
      // /proc not readable: fall back to the signal probe.
    }
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Pids of group `pgid` that are not zombies (Linux /proc). */
export function liveMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') pids.push(Number(entry));
  }
  return pids;
}

/** Sends `signal` to every process of group `pgid`; a group already gone is no error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: nothing left to signal.
  }
}

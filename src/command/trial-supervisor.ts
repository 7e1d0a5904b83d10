/**
 * Entry point of a trial supervisor: a small process jars forks per trial (see trial-process.ts).
 * It starts the trainer in a process group of its own and ends that whole group when the trainer
 * exits, when jars asks, when it gets SIGINT/SIGTERM/SIGHUP, and when the IPC channel to jars
 * closes: so a trainer never outlives jars, even a jars killed with SIGKILL. It imports only
 * node builtins, so it starts fast.
 */
import { spawn } from 'node:child_process';
import { groupAlive, signalGroup } from './process-group.js';
import type { FromSupervisor, ToSupervisor } from './supervisor-protocol.js';

const POLL_MS = 50;
/** After SIGKILL, how long to wait for the group to vanish before giving up on it. */
const AFTER_KILL_MS = 2000;

let graceMs = 5000;
let pgid: number | undefined;
let trainerRunning = false;
let stopping = false;
let pendingSends = 0;
let finishing = false;

function send(message: FromSupervisor): void {
  if (!process.connected) return;
  pendingSends++;
  process.send?.(message, undefined, {}, () => {
    pendingSends--;
    if (finishing) finish();
  });
}

/** Exits once every message to jars has been written. */
function finish(): void {
  finishing = true;
  if (pendingSends === 0 || !process.connected) process.exit(0);
}

function start(message: Extract<ToSupervisor, { type: 'start' }>): void {
  if (pgid !== undefined || stopping) return;
  graceMs = message.graceMs;
  const child = spawn('/bin/sh', ['-c', message.command], {
    cwd: message.cwd,
    env: message.env,
    detached: true,
    // stdout is this supervisor's stdout: a pipe jars reads; stderr is trainer.log, opened by jars.
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.once('error', (error) => {
    if (trainerRunning) return;
    send({ type: 'spawn-failed', message: error.message });
    finish();
  });
  if (child.pid === undefined) return; // 'error' follows
  pgid = child.pid;
  trainerRunning = true;
  send({ type: 'started', pid: child.pid });
  child.once('exit', (code, signal) => {
    trainerRunning = false;
    send({ type: 'exited', code, signal });
    // Whatever the trainer left running in its group (data loaders, a backgrounded command) ends with it.
    if (stopping) return;
    if (groupAlive(child.pid as number)) stop();
    else finish();
  });
}

function stop(): void {
  if (stopping) return;
  stopping = true;
  if (pgid === undefined) return finish();
  const group = pgid;
  signalGroup(group, 'SIGTERM');
  const started = Date.now();
  let killed = false;
  const poll = setInterval(() => {
    const waited = Date.now() - started;
    if (!trainerRunning && !groupAlive(group)) {
      clearInterval(poll);
      return finish();
    }
    if (!killed && waited >= graceMs) {
      killed = true;
      signalGroup(group, 'SIGKILL');
    }
    if (killed && waited >= graceMs + AFTER_KILL_MS) {
      clearInterval(poll);
      finish();
    }
  }, POLL_MS);
}

process.on('message', (message: ToSupervisor) => {
  if (message.type === 'start') start(message);
  else stop();
});
process.on('disconnect', stop);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);

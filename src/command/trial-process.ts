import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JarsError } from '../core/index.js';
import { signalGroup } from './process-group.js';
import type { FromSupervisor, ToSupervisor } from './supervisor-protocol.js';

export interface TrialProcessOptions {
  readonly command: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Receives the trainer's stderr directly (appended). */
  readonly logFile: string;
  readonly graceMs: number;
  /** The compiled trial-supervisor.js. */
  readonly supervisorScript: string;
  /** Called for each stdout line, in order, without its line break. */
  readonly onLine: (line: string) => void;
}

/** How a trial's process ended. */
export interface TrialExit {
  readonly code: number | null;
  readonly signal: string | null;
  /** The trainer's pid (= its process group id), when it started. */
  readonly pid?: number;
  /** Set when the trainer could not be started or the supervisor ended without reporting its exit. */
  readonly error?: string;
}

/** Longest stdout line kept whole; a longer one is passed on in pieces (and is then no JSON). */
const MAX_LINE_CHARS = 1 << 20;
/** How long stdout may stay open after the supervisor exited. */
const STDOUT_DRAIN_MS = 2000;
/** After a stop, how long past the grace period before jars kills supervisor and group itself. */
const BACKSTOP_MS = 5000;

/**
 * One run of the trainer command under a trial supervisor (trial-supervisor.ts): the supervisor
 * owns the trainer's process group and ends it if this process dies; this side reads stdout
 * lines and asks for a stop (prune, timeout, abort).
 */
export class TrialProcess {
  readonly done: Promise<TrialExit>;
  private readonly child: ChildProcess;
  private pid: number | undefined;
  private exit: { code: number | null; signal: string | null } | undefined;
  private error: string | undefined;
  private closed = false;
  private stopRequested = false;

  constructor(private readonly options: TrialProcessOptions) {
    const logFd = openSync(options.logFile, 'a');
    try {
      this.child = fork(options.supervisorScript, [], { stdio: ['ignore', 'pipe', logFd, 'ipc'], execArgv: [] });
    } finally {
      closeSync(logFd);
    }
    this.done = new Promise<TrialExit>((resolve) => {
      this.child.once('error', (error) => {
        this.error ??= `could not start the trial supervisor: ${error.message}`;
      });
      this.child.once('close', (code, signal) => {
        this.closed = true;
        if (this.exit === undefined && this.error === undefined) {
          this.error = `the trial supervisor ended (${signal ? `signal ${signal}` : `code ${String(code)}`}) without reporting how the trainer exited`;
        }
        resolve({
          code: this.exit?.code ?? null,
          signal: this.exit?.signal ?? null,
          ...(this.pid === undefined ? {} : { pid: this.pid }),
          ...(this.error === undefined ? {} : { error: this.error }),
        });
      });
    });
    this.child.on('message', (message: FromSupervisor) => {
      if (message.type === 'started') this.pid = message.pid;
      else if (message.type === 'exited') this.exit = { code: message.code, signal: message.signal };
      else this.error = `could not start /bin/sh -c ${JSON.stringify(options.command)} in ${options.cwd}: ${message.message}`;
    });
    this.readLines();
    // A process that left the trainer's group may still hold stdout open: stop waiting for it.
    this.child.once('exit', () => setTimeout(() => this.child.stdout?.destroy(), STDOUT_DRAIN_MS).unref());
    this.send({ type: 'start', command: options.command, cwd: options.cwd, env: options.env, graceMs: options.graceMs });
  }

  /** The trainer's pid and process group id, once it runs. */
  get groupId(): number | undefined {
    return this.pid;
  }

  /** Ends the trial's process group: SIGTERM, SIGKILL after the grace period. */
  stop(): void {
    if (this.stopRequested || this.closed) return;
    this.stopRequested = true;
    this.send({ type: 'stop' });
    // Should the supervisor hang, end it and the group from here.
    const backstop = setTimeout(() => {
      if (this.closed) return;
      if (this.pid !== undefined) signalGroup(this.pid, 'SIGKILL');
      this.child.kill('SIGKILL');
    }, this.options.graceMs + BACKSTOP_MS);
    void this.done.then(() => clearTimeout(backstop));
  }

  private send(message: ToSupervisor): void {
    if (!this.child.connected) return;
    // With a callback a failed send (the supervisor just died) is not thrown; 'close' reports it.
    this.child.send(message, () => undefined);
  }

  private readLines(): void {
    const stdout = this.child.stdout;
    if (!stdout) throw new JarsError('E_COMMAND', 'the trial supervisor has no stdout pipe');
    stdout.setEncoding('utf8');
    let partial = '';
    const emit = (line: string) => this.options.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    stdout.on('data', (chunk: string) => {
      partial += chunk;
      let newline = partial.indexOf('\n');
      while (newline >= 0) {
        emit(partial.slice(0, newline));
        partial = partial.slice(newline + 1);
        newline = partial.indexOf('\n');
      }
      if (partial.length > MAX_LINE_CHARS) {
        emit(partial);
        partial = '';
      }
    });
    stdout.on('end', () => {
      if (partial.length > 0) emit(partial);
      partial = '';
    });
  }
}

/** dist/command/trial-supervisor.js: beside this module when compiled, else under dist/ (tests run src/). */
export function defaultSupervisorScript(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const sibling = path.join(here, 'trial-supervisor.js');
  if (existsSync(sibling)) return sibling;
  return path.resolve(here, '..', '..', 'dist', 'command', 'trial-supervisor.js');
}

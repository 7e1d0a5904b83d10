import { dirname } from 'node:path';
import { JarsError, RunError } from '../core/index.js';
import { OPEN, RunIoError, describeIoError, isIoFailure, nodeFileSystem, openRunFile, writeFully } from './run-fs.js';
import type { RunFileSystem } from './run-fs.js';
import { RunConflictError } from './run-lock.js';
import { runEventSchema } from './events.js';
import type { NewRunEvent, RunEvent } from './events.js';

/** Append-only store of run events. */
export interface RunJournal {
  append(events: readonly NewRunEvent[]): Promise<RunEvent[]>;
  replay(): RunEvent[];
  close(): Promise<void>;
}

/** What a journal writer checks before each append: that the run is still its own. */
export interface WriterLock {
  holds(): boolean;
  readonly file: string;
}

export interface JsonlJournalOptions {
  readonly fs?: RunFileSystem;
  /** The run's lock: the writer stops once the lock no longer names it. */
  readonly lock?: WriterLock;
  /** A run's journal: every evaluation must follow its candidate's proposal (see `JournalOrder`). */
  readonly run?: boolean;
}

/**
 * `journal.jsonl`: one JSON event per line, each batch written whole and fsync'd before `append`
 * resolves, so a crash loses at most the batch being written. On replay a torn last line (a crash
 * mid-write) is ignored and cut off before the next append; a bad line anywhere else is
 * corruption and an error naming the line.
 *
 * One writer at a time: the writer knows the size the journal must have and refuses to go on
 * (without writing) if it grew under it or the run's lock is no longer its own. A write that fails
 * (disk full, I/O error) is cut back to the last whole line and ends the run with a one-line error.
 */
export class JsonlRunJournal implements RunJournal {
  private fd: number | undefined;
  private nextSeq: number;
  private readonly events: RunEvent[];
  private readonly fsys: RunFileSystem;
  /** The journal's size as this writer left it: where the next line goes. */
  private position: number;
  /** Set once a write failed or another writer appeared: nothing more is written. */
  private stopped: Error | undefined;

  constructor(
    readonly path: string,
    private readonly options: JsonlJournalOptions = {},
  ) {
    this.fsys = options.fs ?? nodeFileSystem;
    const fd = openRunFile(this.fsys, path, OPEN.readWrite);
    this.fd = fd;
    try {
      const raw = this.fsys.readFileSync(fd);
      const { events, validBytes } = parseJournal(raw, path, options.run === true);
      this.events = events;
      this.nextSeq = events.length === 0 ? 0 : (events[events.length - 1] as RunEvent).seq + 1;
      this.position = validBytes;
      if (validBytes < raw.length) {
        // Drop the torn tail so the next line starts clean.
        this.fsys.ftruncateSync(fd, validBytes);
        this.fsys.fsyncSync(fd);
      } else if (raw.length > 0 && raw[raw.length - 1] !== 0x0a) {
        writeFully(this.fsys, fd, Buffer.from('\n'), this.position);
        this.position += 1;
      }
    } catch (error) {
      this.fsys.closeSync(fd);
      this.fd = undefined;
      if (isIoFailure(error)) throw new RunIoError(`cannot write to journal ${path}: ${describeIoError(error)}; free space or fix the device, then try again`, { cause: error });
      throw error;
    }
  }

  replay(): RunEvent[] {
    return this.events.slice();
  }

  async append(newEvents: readonly NewRunEvent[]): Promise<RunEvent[]> {
    if (this.stopped) throw this.stopped;
    if (this.fd === undefined) throw new RunError(`journal ${this.path} is closed`);
    const fd = this.fd;
    this.checkStillOurs(fd);
    let seq = this.nextSeq;
    const stamped = newEvents.map((e) => ({ ...e, seq: seq++, time: e.time ?? new Date().toISOString() }) as RunEvent);
    const bytes = Buffer.from(stamped.map((e) => JSON.stringify(e)).join('\n') + '\n', 'utf8');
    try {
      writeFully(this.fsys, fd, bytes, this.position);
      this.fsys.fsyncSync(fd);
    } catch (error) {
      throw this.stop(this.failedWrite(fd, error));
    }
    const size = this.fsys.fstatSync(fd).size;
    if (size !== this.position + bytes.length) {
      // Another process wrote at the same moment: this batch may be mixed with its lines.
      throw this.stop(new RunConflictError(`journal ${this.path} changed while this process wrote to it (${size} bytes where ${this.position + bytes.length} were expected): another process is writing this run; stopped`));
    }
    this.position += bytes.length;
    this.nextSeq = seq;
    this.events.push(...stamped);
    return stamped;
  }

  async close(): Promise<void> {
    if (this.fd !== undefined) {
      this.fsys.closeSync(this.fd);
      this.fd = undefined;
    }
  }

  private checkStillOurs(fd: number): void {
    const lock = this.options.lock;
    if (lock && !lock.holds()) {
      throw this.stop(
        new RunConflictError(`the run's lock ${lock.file} was removed or taken by another process while this one ran; stopped without writing more (the journal is intact): let the other process finish, then \`jars resume\``),
      );
    }
    const size = this.fsys.fstatSync(fd).size;
    if (size !== this.position) {
      throw this.stop(
        new RunConflictError(`journal ${this.path} grew from ${this.position} to ${size} bytes under this process: another process is writing this run; stopped without writing (the journal is intact)`),
      );
    }
  }

  /** Cuts a half-written batch back to the last whole line, and says what to do. */
  private failedWrite(fd: number, error: unknown): Error {
    let cut = true;
    try {
      this.fsys.ftruncateSync(fd, this.position);
      this.fsys.fsyncSync(fd);
    } catch {
      cut = false; // replay still ignores a torn last line
    }
    const kept = `${this.events.length} events kept${cut ? '' : ', a torn last line is ignored on replay'}`;
    const dir = dirname(this.path);
    return new RunIoError(`cannot write to journal ${this.path}: ${describeIoError(error)}; the run stopped with ${kept}: free space or fix the device, then \`jars resume ${dir}\``, { cause: error });
  }

  private stop(error: Error): Error {
    this.stopped = error;
    return error;
  }
}

/** Reads and validates a journal without opening it for writing (status, reports, the TUI). */
export function readJournal(path: string, fsys: RunFileSystem = nodeFileSystem, options: { run?: boolean } = {}): { events: RunEvent[]; validBytes: number; totalBytes: number } {
  let fd: number;
  try {
    fd = openRunFile(fsys, path, OPEN.read);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { events: [], validBytes: 0, totalBytes: 0 };
    throw error;
  }
  let raw: Buffer;
  try {
    raw = fsys.readFileSync(fd);
  } finally {
    fsys.closeSync(fd);
  }
  return { ...parseJournal(raw, path, options.run === true), totalBytes: raw.length };
}

/**
 * A journal that cannot be a run's record: a line that is not an event, or events out of order,
 * repeated, or about candidates never proposed (a hand edit, a bad copy). Bad input, like a bad
 * config file: the CLI exits 2, and nothing is written to the run.
 */
export class CorruptJournalError extends JarsError {
  constructor(message: string) {
    super('E_RUN_CORRUPT', message);
    this.name = 'CorruptJournalError';
  }
}

/** The events of a journal's bytes, and how many bytes hold whole lines (a torn last line is left out). */
function parseJournal(raw: Buffer, path: string, run: boolean): { events: RunEvent[]; validBytes: number } {
  const events: RunEvent[] = [];
  const order = new JournalOrder(path, run);
  let offset = 0;
  let lineNo = 0;
  while (offset < raw.length) {
    lineNo++;
    const end = raw.indexOf(0x0a, offset);
    const isLast = end < 0;
    const line = raw.subarray(offset, isLast ? raw.length : end).toString('utf8');
    const parsed = parseLine(line);
    if (!parsed.ok) {
      // A final line with no newline was being written when the process died: ignore it.
      if (isLast) return { events, validBytes: offset };
      throw new CorruptJournalError(`journal ${path} line ${lineNo} is corrupt (${parsed.error}); fix or remove that line to resume`);
    }
    if (parsed.event) {
      order.check(parsed.event, lineNo);
      events.push(parsed.event);
    }
    offset = isLast ? raw.length : end + 1;
  }
  return { events, validBytes: raw.length };
}

/**
 * The rules a journal's events keep, as its one writer appends them: sequence numbers rise line by
 * line, and each candidate id is proposed once and evaluated at most once, in a run's journal
 * (`run`) after its proposal. A line moved or copied breaks them; replaying it would count an
 * evaluation twice or tell the strategy things in another order than they happened.
 */
class JournalOrder {
  private last: { seq: number; line: number } | undefined;
  private readonly proposedAt = new Map<number, number>();
  private readonly evaluatedAt = new Map<number, number>();

  constructor(
    private readonly path: string,
    private readonly run: boolean,
  ) {}

  check(event: RunEvent, line: number): void {
    const where = `journal ${this.path} line ${line}`;
    const last = this.last;
    if (last && event.seq <= last.seq) {
      throw new CorruptJournalError(
        event.seq === last.seq
          ? `${where} repeats seq ${event.seq} of line ${last.line}: each event is journalled once (a copied line?); remove the copy to resume`
          : `${where} is out of order: seq ${event.seq} comes after seq ${last.seq} (line ${last.line}), and seqs must rise line by line (moved lines?); put the lines back in seq order to resume`,
      );
    }
    this.last = { seq: event.seq, line };
    if (event.type === 'candidates-proposed') {
      for (const id of event.ids) {
        const before = this.proposedAt.get(id);
        if (before !== undefined) throw new CorruptJournalError(`${where} proposes candidate ${id} again (line ${before} proposed it): each candidate id is proposed once; remove the repeat to resume`);
        this.proposedAt.set(id, line);
      }
    } else if (event.type === 'candidate-evaluated') {
      if (this.run && !this.proposedAt.has(event.id)) {
        throw new CorruptJournalError(`${where} evaluates candidate ${event.id}, which no earlier line proposed: an evaluation follows its proposal; remove the line to resume`);
      }
      const before = this.evaluatedAt.get(event.id);
      if (before !== undefined) throw new CorruptJournalError(`${where} evaluates candidate ${event.id} a second time (line ${before} did already): each candidate is evaluated once; remove the repeat to resume`);
      this.evaluatedAt.set(event.id, line);
    }
  }
}

function parseLine(line: string): { ok: true; event?: RunEvent } | { ok: false; error: string } {
  if (line.trim() === '') return { ok: true };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const result = runEventSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { ok: false, error: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid event'}` };
  }
  return { ok: true, event: result.data as RunEvent };
}

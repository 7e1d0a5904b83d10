import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { RunError } from '../core/index.js';
import { runEventSchema } from './events.js';
import type { NewRunEvent, RunEvent } from './events.js';

/** Append-only store of run events. */
export interface RunJournal {
  append(events: readonly NewRunEvent[]): Promise<RunEvent[]>;
  replay(): RunEvent[];
  close(): Promise<void>;
}

/**
 * `journal.jsonl`: one JSON event per line, each batch written with one write and fsync'd before
 * `append` resolves, so a crash loses at most the batch being written. On replay a torn last line
 * (a crash mid-write) is ignored and cut off before the next append; a bad line anywhere else is
 * corruption and an error naming the line.
 */
export class JsonlRunJournal implements RunJournal {
  private fd: number | undefined;
  private nextSeq: number;
  private readonly events: RunEvent[];

  constructor(readonly path: string) {
    const { events, validBytes, totalBytes } = readJournal(path);
    this.events = events;
    this.nextSeq = events.length === 0 ? 0 : (events[events.length - 1] as RunEvent).seq + 1;
    this.fd = openSync(path, existsSync(path) ? 'r+' : 'w');
    this.position = validBytes;
    if (validBytes < totalBytes) {
      // Drop the torn tail so the next line starts clean.
      ftruncateSync(this.fd, validBytes);
      fsyncSync(this.fd);
    } else if (totalBytes > 0 && readFileSync(path).at(-1) !== 0x0a) {
      writeSync(this.fd, '\n', this.position);
      this.position += 1;
    }
  }

  private position: number;

  replay(): RunEvent[] {
    return this.events.slice();
  }

  async append(newEvents: readonly NewRunEvent[]): Promise<RunEvent[]> {
    if (this.fd === undefined) throw new RunError(`journal ${this.path} is closed`);
    const stamped = newEvents.map((e) => ({ ...e, seq: this.nextSeq++, time: e.time ?? new Date().toISOString() }) as RunEvent);
    const text = stamped.map((e) => JSON.stringify(e)).join('\n') + '\n';
    const bytes = Buffer.from(text, 'utf8');
    writeSync(this.fd, bytes, 0, bytes.length, this.position);
    fsyncSync(this.fd);
    this.position += bytes.length;
    this.events.push(...stamped);
    return stamped;
  }

  async close(): Promise<void> {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }
}

/** Reads and validates a journal without opening it for writing (status, reports, the TUI). */
export function readJournal(path: string): { events: RunEvent[]; validBytes: number; totalBytes: number } {
  if (!existsSync(path)) return { events: [], validBytes: 0, totalBytes: 0 };
  const raw = readFileSync(path);
  const text = raw.toString('utf8');
  const events: RunEvent[] = [];
  let offset = 0;
  let lineNo = 0;
  while (offset < text.length) {
    lineNo++;
    const end = text.indexOf('\n', offset);
    const isLast = end < 0;
    const line = isLast ? text.slice(offset) : text.slice(offset, end);
    const parsed = parseLine(line);
    if (!parsed.ok) {
      if (isLast) {
        // A final line with no newline was being written when the process died: ignore it.
        return { events, validBytes: Buffer.byteLength(text.slice(0, offset), 'utf8'), totalBytes: raw.length };
      }
      throw new RunError(`journal ${path} line ${lineNo} is corrupt (${parsed.error}); fix or remove that line to resume`);
    }
    if (parsed.event) events.push(parsed.event);
    offset = isLast ? text.length : end + 1;
  }
  return { events, validBytes: raw.length, totalBytes: raw.length };
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

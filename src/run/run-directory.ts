import { existsSync, lstatSync, readdirSync } from 'node:fs';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../core/index.js';
import { JsonlRunJournal, readJournal } from './journal.js';
import type { WriterLock } from './journal.js';
import { makeDirectories, nodeFileSystem, readRunFile, writeFileAtomic } from './run-fs.js';
import type { RunFileSystem } from './run-fs.js';
import { RunLock, activeLockHolder } from './run-lock.js';
import type { LockHolder } from './run-lock.js';
import type { RunEvent } from './events.js';

export const CONFIG_FILE = 'config.json';
export const JOURNAL_FILE = 'journal.jsonl';

export const LOCK_FILE = 'lock';

export interface RunDirectoryOptions {
  /** Tests: a file system that fails on cue. */
  readonly fs?: RunFileSystem;
}

/**
 * A run folder `runs/<id>/`: the frozen `config.json` (written once, never changed) and the
 * append-only `journal.jsonl`, written by one process at a time (the one holding `lock`); reports,
 * plots and predictor checkpoints go beside them. Run files are never opened through a link.
 */
export class RunDirectory {
  private constructor(
    readonly dir: string,
    readonly config: unknown,
    private readonly fsys: RunFileSystem,
  ) {}

  get id(): string {
    return path.basename(this.dir);
  }

  /**
   * Creates a new run folder; refuses to overwrite an existing run. `config.json` appears whole
   * or not at all (a failed start leaves the name free).
   */
  static create(dir: string, config: unknown, options: RunDirectoryOptions = {}): RunDirectory {
    const fsys = options.fs ?? nodeFileSystem;
    const file = path.join(dir, CONFIG_FILE);
    const taken = () => new InvalidInputError(`run folder ${dir} already holds a run; use \`jars resume ${dir}\` or choose another --runs-dir/--name`);
    makeDirectories(fsys, dir);
    const existing = fsys.lstatSync(file, { throwIfNoEntry: false });
    if (existing) {
      // An empty config.json and no journal: a start that failed before this version; reuse the name.
      const failedStart = existing.isFile() && existing.size === 0 && !fsys.lstatSync(path.join(dir, JOURNAL_FILE), { throwIfNoEntry: false });
      if (!failedStart) throw taken();
      fsys.unlinkSync(file);
    }
    try {
      writeFileAtomic(file, JSON.stringify(config, null, 2) + '\n', { fs: fsys, exclusive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw taken();
      throw error;
    }
    return new RunDirectory(dir, config, fsys);
  }

  /** Opens an existing run folder (its config still to be validated by the caller). */
  static open(dir: string, options: RunDirectoryOptions = {}): RunDirectory {
    const fsys = options.fs ?? nodeFileSystem;
    const file = path.join(dir, CONFIG_FILE);
    let text: string;
    try {
      text = readRunFile(fsys, file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const there = fsys.lstatSync(dir, { throwIfNoEntry: false });
      throw new InvalidInputError(`${dir} is not a run folder (${there ? `no ${CONFIG_FILE} in it` : 'it does not exist'})`);
    }
    let config: unknown;
    try {
      config = JSON.parse(stripBom(text));
    } catch (error) {
      throw new InvalidInputError(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    return new RunDirectory(dir, config, fsys);
  }

  /** Takes the run's single-writer lock (see RunLock); `release()` it when done. */
  lock(): RunLock {
    return RunLock.acquire(this.file(LOCK_FILE), { fs: this.fsys });
  }

  /** The journal for writing; with the run's lock, the writer stops if it loses that lock. */
  openJournal(lock?: WriterLock): JsonlRunJournal {
    return new JsonlRunJournal(this.file(JOURNAL_FILE), { fs: this.fsys, run: true, ...(lock ? { lock } : {}) });
  }

  /** Events so far, read-only (safe while another process appends). */
  events(): RunEvent[] {
    return readJournal(this.file(JOURNAL_FILE), this.fsys, { run: true }).events;
  }

  /** The process working on this run now, if any (unless provably dead; another host's counts). */
  activeHolder(): LockHolder | undefined {
    return activeLockHolder(this.file(LOCK_FILE), this.fsys);
  }

  file(name: string): string {
    return path.join(this.dir, name);
  }
}

/** A UTF-8 byte-order mark some editors put first: not part of the JSON. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Run folders under `runsDir`, newest first (including ones that may not open: `ls` shows them as broken). */
export function listRuns(runsDir: string): { id: string; dir: string; modified: Date }[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir)
    .map((id) => ({ id, dir: path.join(runsDir, id), config: lstatSync(path.join(runsDir, id, CONFIG_FILE), { throwIfNoEntry: false }) }))
    .filter((r) => r.config !== undefined)
    .map((r) => ({ id: r.id, dir: r.dir, modified: (r.config as Stats).mtime }))
    .sort((a, b) => b.modified.getTime() - a.modified.getTime());
}

/** A fresh, sortable run id: `20261124-131500-<strategy>-s<seed>`. */
export function newRunId(label: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${label}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

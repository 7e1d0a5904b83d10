import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../core/index.js';
import { JsonlRunJournal, readJournal } from './journal.js';
import type { RunEvent } from './events.js';

export const CONFIG_FILE = 'config.json';
export const JOURNAL_FILE = 'journal.jsonl';

/**
 * A run folder `runs/<id>/`: the frozen `config.json` (written once, never changed) and the
 * append-only `journal.jsonl`; reports, plots and predictor checkpoints go beside them.
 */
export class RunDirectory {
  private constructor(
    readonly dir: string,
    readonly config: unknown,
  ) {}

  get id(): string {
    return path.basename(this.dir);
  }

  /** Creates a new run folder; refuses to overwrite an existing run. */
  static create(dir: string, config: unknown): RunDirectory {
    if (existsSync(path.join(dir, CONFIG_FILE))) {
      throw new InvalidInputError(`run folder ${dir} already holds a run; use \`jars resume ${dir}\` or choose another --runs-dir/--name`);
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, CONFIG_FILE), JSON.stringify(config, null, 2) + '\n', { flag: 'wx' });
    return new RunDirectory(dir, config);
  }

  /** Opens an existing run folder (its config still to be validated by the caller). */
  static open(dir: string): RunDirectory {
    const file = path.join(dir, CONFIG_FILE);
    if (!existsSync(file)) throw new InvalidInputError(`${dir} is not a run folder (${existsSync(dir) ? `no ${CONFIG_FILE} in it` : 'it does not exist'})`);
    let config: unknown;
    try {
      config = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new InvalidInputError(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    return new RunDirectory(dir, config);
  }

  openJournal(): JsonlRunJournal {
    return new JsonlRunJournal(path.join(this.dir, JOURNAL_FILE));
  }

  /** Events so far, read-only (safe while another process appends). */
  events(): RunEvent[] {
    return readJournal(path.join(this.dir, JOURNAL_FILE)).events;
  }

  file(name: string): string {
    return path.join(this.dir, name);
  }
}

/** Run folders under `runsDir`, newest first. */
export function listRuns(runsDir: string): { id: string; dir: string; modified: Date }[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir)
    .map((id) => ({ id, dir: path.join(runsDir, id) }))
    .filter((r) => existsSync(path.join(r.dir, CONFIG_FILE)))
    .map((r) => ({ ...r, modified: statSync(path.join(r.dir, CONFIG_FILE)).mtime }))
    .sort((a, b) => b.modified.getTime() - a.modified.getTime());
}

/** A fresh, sortable run id: `20261124-131500-<strategy>-s<seed>`. */
export function newRunId(label: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${label}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';

export interface TrialFolder {
  readonly dir: string;
  /** 1 for a first attempt; k + 1 when attempts 1…k were left by earlier, interrupted sessions. */
  readonly attempt: number;
}

const ATTEMPT = /^attempt-(\d+)$/;

/**
 * Creates `<trialsDir>/<name>/` for a new attempt. Whatever an earlier attempt left there (an
 * interrupted session's checkpoints and log) moves into `attempt-<k>/` beside earlier ones, so
 * the new attempt starts clean and nothing is lost. Nothing of the old attempt is run or killed.
 */
export function prepareTrialFolder(trialsDir: string, name: string): TrialFolder {
  const dir = path.join(trialsDir, name);
  mkdirSync(dir, { recursive: true });
  const entries = readdirSync(dir);
  const earlier = entries.map((e) => ATTEMPT.exec(e)).filter((m) => m !== null).map((m) => Number(m[1]));
  const left = entries.filter((e) => !ATTEMPT.test(e));
  let last = Math.max(0, ...earlier);
  if (left.length > 0) {
    last += 1;
    const archive = path.join(dir, `attempt-${last}`);
    mkdirSync(archive);
    for (const entry of left) renameSync(path.join(dir, entry), path.join(archive, entry));
  }
  return { dir, attempt: last + 1 };
}

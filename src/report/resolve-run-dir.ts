import { existsSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE } from '../run/index.js';

/**
 * A run argument as users type it: a run folder, or a bare run id found under `runsDir`. Anything
 * else is returned unchanged, so the caller's "not a run folder" error names what was typed.
 */
export function resolveRunDir(arg: string, runsDir = 'runs'): string {
  if (existsSync(path.join(arg, CONFIG_FILE))) return arg;
  const underRuns = path.join(runsDir, arg);
  if (!arg.includes('/') && !arg.includes(path.sep) && existsSync(path.join(underRuns, CONFIG_FILE))) return underRuns;
  return arg;
}

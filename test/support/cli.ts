import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const jarsBin = path.join(projectRoot, 'bin', 'jars.js');

/** Runs the real `jars` binary (built into dist/ by `npm test`'s build step). */
export function jars(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}) {
  const r = spawnSync(process.execPath, [jarsBin, ...args], {
    cwd: options.cwd ?? projectRoot,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Writes `<dir>/config.json` for a quick trainer search: sklearn-digits, the mlp space, one epoch,
 * validAcc; `evaluator` fields are laid over the evaluator, the rest over the config. Returns its path.
 */
export function digitsRunConfig(dir: string, { evaluator = {}, ...rest }: { readonly evaluator?: Record<string, unknown>; readonly [field: string]: unknown }): string {
  const file = path.join(dir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      evaluator: { kind: 'trainer', dataset: 'sklearn-digits', space: 'mlp', epochs: [1], ...evaluator },
      strategy: 'random',
      objectives: [{ metric: 'validAcc', direction: 'max' }],
      seed: 0,
      ...rest,
    }),
  );
  return file;
}


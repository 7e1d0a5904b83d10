import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError } from '../core/index.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The folder holding the benchmark tables and datasets: `$JARS_DATA_DIR`, else `../shared/data`
 * beside the project root (where the team's checkouts and CI keep it).
 */
export function resolveDataDir(): string {
  const fromEnv = process.env.JARS_DATA_DIR;
  if (fromEnv !== undefined && fromEnv !== '') return path.resolve(fromEnv);
  return path.resolve(projectRoot, '..', 'shared', 'data');
}

/**
 * Absolute path of a data file under the data folder; a missing file is an error that says where
 * it was looked for and where to get it.
 */
export function dataFile(relative: string, whereToGet: string): string {
  const full = path.join(resolveDataDir(), relative);
  if (!existsSync(full)) {
    throw new DataError(
      `data file ${full} not found (data folder from JARS_DATA_DIR, default ../shared/data). ${whereToGet}`,
    );
  }
  return full;
}

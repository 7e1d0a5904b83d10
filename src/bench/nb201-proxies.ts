import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError } from '../core/index.js';
import { DATA_FREE_PROXIES, NB201_CELLS } from '../space/index.js';
import type { Nb201CellStatistics } from '../space/index.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The zero-cost proxies of every NB201 cell that ship with jars (made by scripts/nb201-proxies.mjs). */
export const NB201_PROXIES_FILE = path.join(projectRoot, 'predictors', 'nb201-proxies.json');
/** The table holds the data-free proxies: NB201's cells are scored without data. */
export const NB201_PROXY_NAMES = DATA_FREE_PROXIES;

const cache = new Map<string, Nb201CellStatistics>();

/**
 * Reads a proxy table (the shipped one by default) as extra NB201 cell statistics. A cell whose
 * network output does not depend on its input has no finite score (null in the file); it gets
 * the proxy's lowest finite value minus 1, below every connected cell, so the features stay
 * finite (the `connected` statistic marks those cells as well). Read once per file per process.
 */
export function loadNb201Proxies(file: string = NB201_PROXIES_FILE): Nb201CellStatistics {
  const known = cache.get(file);
  if (known) return known;
  const regenerate = 'Regenerate it with `npx tsc -p tsconfig.build.json && node scripts/nb201-proxies.mjs` (about 45 min on 2 cores), or run without them (--without-proxies, or "proxies": false in the evaluator config).';
  if (!existsSync(file)) throw new DataError(`NB201 zero-cost proxy table ${file} is missing. ${regenerate}`);
  let parsed: { format?: unknown; proxies?: Record<string, unknown> };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
  } catch (e) {
    throw new DataError(`NB201 zero-cost proxy table ${file} is not valid JSON (${(e as Error).message}). ${regenerate}`);
  }
  if (parsed.format !== 1) throw new DataError(`NB201 zero-cost proxy table ${file}: format must be 1, but got ${JSON.stringify(parsed.format)}. ${regenerate}`);
  const columns = NB201_PROXY_NAMES.map((name) => {
    const raw = parsed.proxies?.[name];
    if (!Array.isArray(raw) || raw.length !== NB201_CELLS) {
      throw new DataError(`NB201 zero-cost proxy table ${file}: proxies.${name} must be an array of ${NB201_CELLS} values, but got ${Array.isArray(raw) ? `${raw.length} values` : typeof raw}. ${regenerate}`);
    }
    const bad = raw.findIndex((v) => v !== null && !(typeof v === 'number' && Number.isFinite(v)));
    if (bad >= 0) throw new DataError(`NB201 zero-cost proxy table ${file}: proxies.${name}[${bad}] must be a finite number or null, but got ${JSON.stringify(raw[bad])}`);
    const finite = (raw as (number | null)[]).filter((v): v is number => v !== null);
    if (finite.length === 0) throw new DataError(`NB201 zero-cost proxy table ${file}: proxies.${name} has no finite value. ${regenerate}`);
    const floor = finite.reduce((a, b) => Math.min(a, b)) - 1;
    return Float64Array.from(raw as (number | null)[], (v) => v ?? floor);
  });
  const table: Nb201CellStatistics = {
    names: NB201_PROXY_NAMES,
    valuesAt: (index) => columns.map((c) => c[index] as number),
  };
  cache.set(file, table);
  return table;
}

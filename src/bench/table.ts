import { existsSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { DataError } from '../core/index.js';

/** A CSV table held column-wise for fast lookups. */
export interface Table {
  readonly path: string;
  readonly columns: readonly string[];
  readonly rowCount: number;
  /** Raw string cells of one column. */
  text(column: string): readonly string[];
  /** Cells of one column as numbers (empty cells → NaN). */
  numbers(column: string): Float64Array;
}

/**
 * Reads a CSV (gzipped when the name ends in .gz) with a header row. A missing file or column is
 * a DataError that names the file and says where to get it.
 */
export function readTable(path: string, whereToGet: string): Table {
  if (!existsSync(path)) throw new DataError(`benchmark table ${path} not found. ${whereToGet}`);
  if (!statSync(path).isFile()) throw new DataError(`benchmark table ${path} is not a file (a CSV, or .csv.gz). ${whereToGet}`);
  let raw = readFileSync(path);
  if (path.endsWith('.gz') || (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b)) {
    try {
      raw = gunzipSync(raw);
    } catch (error) {
      throw new DataError(`benchmark table ${path} cannot be decompressed (${(error as Error).message}): it is truncated or not gzip; get the file again. ${whereToGet}`);
    }
  }
  let records: string[][];
  try {
    records = parse(raw, { columns: false, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    throw new DataError(`benchmark table ${path} is not valid CSV: ${(error as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0) throw new DataError(`benchmark table ${path} has no rows`);
  const columns = header;
  const cache = new Map<string, Float64Array>();
  const indexOf = (column: string): number => {
    const i = columns.indexOf(column);
    if (i < 0) {
      const shown = columns.length > 30 ? `${columns.slice(0, 30).join(', ')}, … (${columns.length} in all)` : columns.join(', ');
      throw new DataError(`benchmark table ${path} has no column "${column}" (columns: ${shown})`);
    }
    return i;
  };
  return {
    path,
    columns,
    rowCount: rows.length,
    text(column) {
      const i = indexOf(column);
      return rows.map((r) => r[i] ?? '');
    },
    numbers(column) {
      let out = cache.get(column);
      if (!out) {
        const i = indexOf(column);
        out = Float64Array.from(rows, (r) => (r[i] === undefined || r[i] === '' ? Number.NaN : Number(r[i])));
        cache.set(column, out);
      }
      return out;
    },
  };
}

/**
 * The numbers of `columns` (one or more, e.g. the repetitions of one metric), refused when not one
 * cell of them is a finite number: a metric column all NaN (or empty, or text) would run a search
 * on nothing and end it as if it had worked. `role` says what the column is for.
 */
export function metricColumns(table: Table, columns: readonly string[], role: string): Float64Array[] {
  const values = columns.map((c) => table.numbers(c));
  if (!values.some((col) => col.some((v) => Number.isFinite(v)))) {
    const named = columns.length === 1 ? `column "${columns[0] as string}" has` : `columns ${columns.map((c) => `"${c}"`).join(', ')} have`;
    throw new DataError(
      `benchmark table ${table.path}: ${named} no finite number in ${table.rowCount} rows (all empty, NaN or text), but ${role} must be numbers`,
    );
  }
  return values;
}

import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DataError, InvalidInputError, show } from '../core/index.js';
import type { Dataset } from './dataset.js';
import { readMaybeGzip } from './read-bytes.js';

export interface CsvOptions {
  /** Column holding the class: a header name or a 0-based index (negative counts from the end). Default: last. */
  readonly labelColumn?: string | number | undefined;
  /** Whether the first row names the columns; default: detected (a first row with a non-numeric feature). */
  readonly header?: boolean;
  /** Sample shape when rows are images (e.g. [8, 8, 1] for sklearn digits); default `[features]`. */
  readonly sampleShape?: readonly number[];
  /** Largest raw feature value, when the format fixes it (16 for sklearn digits). */
  readonly maxValue?: number;
  readonly name?: string;
}

/**
 * A CSV of numeric features and one label column. Labels may be numbers or strings; distinct
 * labels are numbered in sorted order (numerically when all are numbers), so 0–9 stay 0–9.
 */
export function loadCsvDataset(file: string, options: CsvOptions = {}): Dataset {
  const text = readMaybeGzip(file, 'pass a path to an existing CSV file (gzipped or not).').toString('utf8');
  checkColumnCount(text, file);
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw new DataError(`${file} is not valid CSV: ${(error as Error).message}`);
  }
  if (rows.length === 0) throw new DataError(`${file} has no rows`);
  const first = rows[0] as string[];
  const width = first.length;
  if (width < 2) throw new DataError(`${file}: a dataset CSV needs at least one feature column and a label column, but row 1 has ${width} column`);
  const header = options.header ?? first.some((cell) => cell !== '' && !Number.isFinite(Number(cell)));
  const names = header ? first : first.map((_, i) => String(i));
  const labelAt = labelIndex(options.labelColumn, names, header, file);
  const body = header ? rows.slice(1) : rows;
  const features = width - 1;
  const sampleShape = options.sampleShape ?? [features];
  if (sampleShape.reduce((a, b) => a * b, 1) !== features) {
    throw new InvalidInputError(`${file}: sampleShape ${show(sampleShape)} holds ${sampleShape.reduce((a, b) => a * b, 1)} values, but rows have ${features} features`);
  }
  const x = new Float32Array(body.length * features);
  const rawLabels: string[] = [];
  body.forEach((row, r) => {
    const line = r + (header ? 2 : 1);
    if (row.length !== width) throw new DataError(`${file} line ${line}: expected ${width} columns like the first row, but got ${row.length}`);
    let k = r * features;
    row.forEach((cell, c) => {
      if (c === labelAt) {
        if (cell === '') throw new DataError(`${file} line ${line}: the label (column ${names[c] ?? c}) is empty`);
        rawLabels.push(cell);
        return;
      }
      const v = Number(cell);
      if (cell === '' || !Number.isFinite(v)) {
        throw new DataError(`${file} line ${line}: feature column ${names[c] ?? c} must be a finite number, but got ${show(cell)}`);
      }
      x[k++] = v;
    });
  });
  if (body.length === 0) throw new DataError(`${file} has a header but no data rows`);
  // A numeric label that is not a whole number is a regression target: every value would become its
  // own class (a continuous column turned into hundreds of classes and validAcc 0, silently).
  const fractional = rawLabels.find((l) => /^\s*-?\d*\.\d+(e-?\d+)?\s*$/i.test(l) && !Number.isInteger(Number(l)));
  if (fractional !== undefined) {
    throw new DataError(
      `${file}: the label column ${names[labelAt] ?? labelAt} holds fractional numbers (e.g. ${show(fractional)}); jars trains classifiers, so it needs class labels (whole numbers or names), or another labelColumn`,
    );
  }
  const { y, classNames } = numberLabels(rawLabels);
  const base = { name: options.name ?? path.basename(file).replace(/\.csv(\.gz)?$/, ''), x, y, sampleShape, numClasses: classNames.length, classNames };
  return options.maxValue === undefined ? base : { ...base, maxValue: options.maxValue };
}

/**
 * Columns a dataset CSV may have: 65,536 (a 128×128×3 image is 49,152 values). A wider first row
 * is refused before it is parsed whole or reaches a training backend, where a first layer over a
 * million inputs exhausts the wasm heap and kills the worker.
 */
export const MAX_CSV_COLUMNS = 65_536;

function checkColumnCount(text: string, file: string): void {
  const end = text.indexOf('\n');
  const firstLine = end < 0 ? text : text.slice(0, end);
  // Without quotes the commas count the columns; with them a quoted comma may not, so parse that row.
  let commas = 0;
  for (let i = firstLine.indexOf(','); i >= 0; i = firstLine.indexOf(',', i + 1)) commas++;
  if (commas < MAX_CSV_COLUMNS) return;
  let columns = commas + 1;
  if (firstLine.includes('"')) {
    try {
      columns = ((parse(firstLine, { to_line: 1, relax_column_count: true }) as string[][])[0] ?? []).length;
    } catch {
      // not valid CSV: the full parse says so
      return;
    }
  }
  if (columns > MAX_CSV_COLUMNS) {
    throw new DataError(`${file}: a dataset CSV may have at most ${MAX_CSV_COLUMNS.toLocaleString('en-US')} columns (features and label), but its first row has ${columns.toLocaleString('en-US')}`);
  }
}

function labelIndex(label: string | number | undefined, names: readonly string[], header: boolean, file: string): number {
  const width = names.length;
  if (label === undefined) return width - 1;
  if (typeof label === 'number' || /^-?\d+$/.test(label)) {
    const i = Number(label);
    const at = i < 0 ? width + i : i;
    if (!Number.isInteger(i) || at < 0 || at >= width) {
      throw new InvalidInputError(`labelColumn must be a column index in [${-width}, ${width - 1}] for ${file}, but got ${show(label)}`);
    }
    return at;
  }
  const at = names.indexOf(label);
  if (!header || at < 0) {
    throw new InvalidInputError(
      header
        ? `labelColumn must be one of ${names.join(', ')}, but got ${show(label)}`
        : `labelColumn ${show(label)} is a name, but ${file} has no header row; pass a column index`,
    );
  }
  return at;
}

function numberLabels(raw: readonly string[]): { y: Int32Array; classNames: string[] } {
  const distinct = [...new Set(raw)];
  const numeric = distinct.every((v) => Number.isFinite(Number(v)));
  distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  const index = new Map(distinct.map((v, i) => [v, i]));
  return { y: Int32Array.from(raw, (v) => index.get(v) as number), classNames: distinct };
}

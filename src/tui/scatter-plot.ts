/** What a cell of the character scatter shows; later kinds win when points share a cell. */
export const CELL_KINDS = ['empty', 'predicted', 'infeasible', 'dominated', 'front', 'selected'] as const;
export type CellKind = (typeof CELL_KINDS)[number];

export interface ScatterPoint {
  readonly x: number;
  readonly y: number;
  readonly kind: Exclude<CellKind, 'empty'>;
}

export interface AxisScale {
  readonly min: number;
  readonly max: number;
  /** Logarithmic when all values are positive and span at least two decades (params, FLOPs). */
  readonly log: boolean;
}

export interface ScatterGrid {
  /** `height` rows of `width` cells, top row first (largest y). */
  readonly rows: readonly (readonly CellKind[])[];
  readonly x: AxisScale | undefined;
  readonly y: AxisScale | undefined;
}

/** Places points on a `width`×`height` character grid; non-finite coordinates are left out. */
export function plotScatter(points: readonly ScatterPoint[], width: number, height: number): ScatterGrid {
  const shown = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const rows: CellKind[][] = Array.from({ length: Math.max(0, height) }, () => Array<CellKind>(Math.max(0, width)).fill('empty'));
  if (shown.length === 0 || width <= 0 || height <= 0) return { rows, x: undefined, y: undefined };
  const x = axisScale(shown.map((p) => p.x));
  const y = axisScale(shown.map((p) => p.y));
  for (const p of shown) {
    const col = cellOf(p.x, x, width);
    const row = height - 1 - cellOf(p.y, y, height);
    const line = rows[row] as CellKind[];
    if (CELL_KINDS.indexOf(p.kind) > CELL_KINDS.indexOf(line[col] as CellKind)) line[col] = p.kind;
  }
  return { rows, x, y };
}

export function axisScale(values: readonly number[]): AxisScale {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max, log: min > 0 && max / min >= 100 };
}

/** The cell (0…cells-1) of `value` on a scale; a degenerate range puts everything in the middle. */
export function cellOf(value: number, scale: AxisScale, cells: number): number {
  const t = scale.log
    ? (Math.log(value) - Math.log(scale.min)) / (Math.log(scale.max) - Math.log(scale.min))
    : (value - scale.min) / (scale.max - scale.min);
  if (!Number.isFinite(t)) return Math.floor((cells - 1) / 2);
  return Math.min(cells - 1, Math.max(0, Math.round(t * (cells - 1))));
}

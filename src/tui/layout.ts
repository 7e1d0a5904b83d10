/** Sizes of the TUI's parts for a terminal of `width`×`height` characters. */
export interface TuiLayout {
  readonly width: number;
  /** Side column (predictor, workers); 0 when the terminal is too narrow for it. */
  readonly sideWidth: number;
  readonly scatterWidth: number;
  /** Rows of the scatter's plot area (its block is 3 rows taller). */
  readonly plotHeight: number;
  /** Height of the scatter block, which the side column shares. */
  readonly middleHeight: number;
  /** Body rows of the front table (its block is 2 rows taller). */
  readonly tableRows: number;
}

/** Header, progress, stage and key lines. */
const FIXED_LINES = 4;

/**
 * Splits the screen. The frame stays one line shorter than the terminal: Ink clears the whole
 * screen on every frame that fills it, which flickers. Tuned for 100×30, still complete at 80×24.
 */
export function computeLayout(width: number, height: number): TuiLayout {
  const rest = Math.max(0, height - 1 - FIXED_LINES);
  const middleHeight = clamp(Math.round(rest * 0.5), 7, 17);
  const sideWidth = width >= 60 ? clamp(Math.floor(width * 0.36), 26, 44) : 0;
  return {
    width,
    sideWidth,
    scatterWidth: width - sideWidth - (sideWidth > 0 ? 2 : 0),
    plotHeight: middleHeight - 3,
    middleHeight,
    tableRows: Math.max(1, rest - middleHeight - 2),
  };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Small text formatters shared by the TUI, the batch progress line and status output. */

/** `45s`, `2m10s`, `1h02m`; `–` for an unknown or non-finite duration. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${pad2(whole % 60)}s`;
  return `${Math.floor(whole / 3600)}h${pad2(Math.floor((whole % 3600) / 60))}m`;
}

/**
 * A metric value at a precision that suits its magnitude (accuracy `93.1`, params `0.372`,
 * seconds `5231`): about three or four significant digits, never exponent notation.
 */
export function formatMetric(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  if (abs >= 0.001) return value.toFixed(3);
  return value.toPrecision(2);
}

/** Cuts `text` to `width` characters, marking the cut with `…`. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

export function padLeft(text: string, width: number): string {
  return truncate(text, width).padStart(width);
}

export function padRight(text: string, width: number): string {
  return truncate(text, width).padEnd(width);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

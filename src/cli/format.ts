import type { Budget } from '../core/index.js';
/** Plain-text table with right-aligned numeric columns. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

/** Significant-digit formatting for values of any magnitude (MSE ~1e-5, accuracies ~94). */
export function sig(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e6)) return value.toExponential(digits - 1);
  return Number(value.toPrecision(digits)).toString();
}

/** A budget for people: `40 evaluations / 270 s`. */
export function budgetText(budget: Budget): string {
  return [
    budget.queries !== undefined && `${budget.queries} evaluations`,
    budget.cost !== undefined && `${budget.cost} full trainings`,
    budget.seconds !== undefined && `${budget.seconds} s`,
  ]
    .filter(Boolean)
    .join(' / ');
}

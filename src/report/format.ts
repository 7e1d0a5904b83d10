import type { Candidate, Json, Objective } from '../core/index.js';
import { describeCandidate } from './run-analysis.js';
import type { RunAnalysis } from './run-analysis.js';

/** Significant digits for values of any magnitude (MSE ~1e-5, accuracies ~94, FLOPs ~1e8). */
export function formatNumber(value: number | undefined, digits = 4): string {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e7)) return value.toExponential(digits - 1);
  return String(Number(value.toPrecision(digits)));
}

/** A Markdown table cell: pipes escaped (NB201 cell strings are full of them), newlines flattened. */
export function cell(textValue: string): string {
  return textValue.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function code(textValue: string): string {
  return textValue === '' ? '' : `\`${cell(textValue).replace(/`/g, "'")}\``;
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function objectiveLabel(o: Objective): string {
  return `${o.metric} ${o.direction === 'max' ? '↑' : '↓'}`;
}

/** `k=v k=v` of a candidate's recipe part (what the search chose, not the defaults). */
export function recipeSummary(candidate: Candidate): string {
  const recipe = candidate.recipe;
  if (recipe === null || typeof recipe !== 'object' || Array.isArray(recipe)) return JSON.stringify(recipe);
  return Object.entries(recipe as Record<string, Json>)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

/**
 * The architecture half of the space's one-line summary: `describe` covers the whole candidate,
 * so the recipe's `k=v` tokens (shown in their own column) are taken out of it.
 */
export function architectureSummary(analysis: RunAnalysis, candidate: Candidate): string {
  let text = describeCandidate(analysis, candidate);
  const recipeTokens = recipeSummary(candidate).split(' ').filter(Boolean);
  for (const token of recipeTokens) text = text.replace(new RegExp(`(^|\\s)${escapeRegExp(token)}(?=\\s|$)`), '$1');
  // Drop the product spaces' ` | ` separator left dangling; an NB201 string's own closing `|` has no space before it.
  return text.replace(/\s+/g, ' ').trim().replace(/\s+\|$/, '');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

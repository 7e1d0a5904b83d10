import { Box, Text } from 'ink';
import { formatMetric, padLeft, padRight, truncate } from './format.js';
import type { MeasuredPoint, RunState } from '../run/index.js';
import { describeSafely } from './view-model.js';

export interface FrontTableProps {
  readonly state: RunState;
  /** Front points in display order (see `orderedFront`). */
  readonly front: readonly MeasuredPoint[];
  readonly selectedId: number | undefined;
  /** One-line architecture + recipe summary; only the search space knows how. */
  readonly describe: (candidate: unknown) => string;
  readonly width: number;
  /** Body rows available; the table scrolls to keep the selection visible. */
  readonly rows: number;
}

/** The Pareto front: id, one column per objective (real units), then the candidate summary. */
export function FrontTable({ state, front, selectedId, describe, width, rows }: FrontTableProps) {
  const widths = state.objectives.map((o) => Math.max(7, o.metric.length + 2));
  const idWidth = 7;
  const rest = Math.max(0, width - idWidth - widths.reduce((a, b) => a + b, 0) - 2);
  const selected = Math.max(0, front.findIndex((p) => p.id === selectedId));
  const first = Math.min(Math.max(0, selected - rows + 1), Math.max(0, front.length - rows));
  const shown = front.slice(first, first + Math.max(0, rows));
  const title = `Pareto front · ${front.length} of ${state.points.length - state.failed} measured`;
  const more = front.length > shown.length ? ` · rows ${first + 1}–${first + shown.length}` : '';
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate">
        {truncate(title + more, width)}
      </Text>
      <Text dimColor wrap="truncate">
        {padRight('  id', idWidth)}
        {state.objectives.map((o, j) => padLeft(`${o.metric}${o.direction === 'max' ? '↑' : '↓'}`, widths[j] as number)).join('')}
        {'  '}
        {padRight('candidate', rest)}
      </Text>
      {front.length === 0 ? <Text dimColor>{state.points.length === 0 ? '  waiting for the first evaluation…' : '  no eligible evaluation yet (all failed or outside the constraints)'}</Text> : null}
      {shown.map((p) => {
        const isSelected = p.id === selectedId;
        const line =
          padRight(`${isSelected ? '›' : ' '} #${p.id}`, idWidth) +
          p.values.map((v, j) => padLeft(formatMetric(v), widths[j] as number)).join('') +
          '  ' +
          padRight(describeSafely(describe, p.candidate, p.key), rest);
        return (
          <Text key={p.id} wrap="truncate" {...(isSelected ? { color: 'yellow', bold: true } : {})}>
            {line}
          </Text>
        );
      })}
    </Box>
  );
}

import { Box, Text } from 'ink';
import type { TextProps } from 'ink';
import { useMemo } from 'react';
import { formatMetric, padLeft, truncate } from './format.js';
import type { RunState } from '../run/index.js';
import { plotScatter } from './scatter-plot.js';
import type { AxisScale, CellKind } from './scatter-plot.js';
import { axisTitle, scatterPoints } from './view-model.js';
import type { ScatterAxes } from './view-model.js';

const GLYPH: Record<CellKind, string> = {
  empty: ' ',
  predicted: '○',
  infeasible: '×',
  dominated: '·',
  front: '●',
  selected: '◆',
};

const STYLE: Record<CellKind, TextProps> = {
  empty: {},
  predicted: { color: 'cyan', dimColor: true },
  infeasible: { color: 'red', dimColor: true },
  dominated: { dimColor: true },
  front: { color: 'green', bold: true },
  selected: { color: 'yellow', bold: true },
};

const LABEL_WIDTH = 7;

export interface ParetoScatterProps {
  readonly state: RunState;
  readonly axes: ScatterAxes;
  readonly selectedId: number | undefined;
  /** Total width in columns, labels included. */
  readonly width: number;
  /** Rows of the plot area; the component takes three more (title, axis, labels). */
  readonly plotHeight: number;
}

/** Measured candidates on two objectives: front bold green, dominated dim, the selected point ◆, predictions faint ○. */
export function ParetoScatter({ state, axes, selectedId, width, plotHeight }: ParetoScatterProps) {
  const plotWidth = Math.max(4, width - LABEL_WIDTH - 1);
  // O(evaluations): recomputed when the state changes (≤ 10/s), not on clock ticks.
  const grid = useMemo(() => plotScatter(scatterPoints(state, axes, selectedId), plotWidth, plotHeight), [state, axes, selectedId, plotWidth, plotHeight]);
  const xTitle = axisTitle(state, axes.x) + (grid.x?.log ? ' (log)' : '');
  const yTitle = axisTitle(state, axes.y) + (grid.y?.log ? ' (log)' : '');
  const title = truncate(yTitle, width - 12);
  const predicted = state.pending.some((p) => p.predicted) ? ` ${GLYPH.predicted} predicted` : '';
  const legend = `   ${GLYPH.front} front ${GLYPH.dominated} other ${GLYPH.selected} selected${predicted}`;
  return (
    <Box flexDirection="column" width={width}>
      <Text>
        <Text bold>{title}</Text>
        <Text dimColor>{truncate(legend, width - title.length)}</Text>
      </Text>
      {grid.rows.map((cells, r) => (
        <Text key={r}>
          <Text dimColor>
            {padLeft(r === 0 ? axisLabel(grid.y, 'max') : r === plotHeight - 1 ? axisLabel(grid.y, 'min') : '', LABEL_WIDTH - 1)}{' '}
            {r === 0 || r === plotHeight - 1 ? '┤' : '│'}
          </Text>
          {segments(cells).map((s, i) => (
            <Text key={i} {...STYLE[s.kind]}>
              {GLYPH[s.kind].repeat(s.length)}
            </Text>
          ))}
        </Text>
      ))}
      <Text dimColor>{' '.repeat(LABEL_WIDTH) + '└' + '─'.repeat(plotWidth)}</Text>
      <Text dimColor>{' '.repeat(LABEL_WIDTH + 1) + xLabels(grid.x, xTitle, plotWidth)}</Text>
    </Box>
  );
}

function axisLabel(scale: AxisScale | undefined, end: 'min' | 'max'): string {
  return scale ? formatMetric(scale[end]) : '';
}

/** `min   title   max` spread over the plot width. */
function xLabels(scale: AxisScale | undefined, title: string, width: number): string {
  const left = axisLabel(scale, 'min');
  const right = axisLabel(scale, 'max');
  const room = width - left.length - right.length;
  if (room < 2) return truncate(title, width);
  const middle = truncate(title, room - 2);
  const before = Math.floor((room - middle.length) / 2);
  return left + ' '.repeat(before) + middle + ' '.repeat(room - before - middle.length) + right;
}

/** Runs of equal cells, so a row is a handful of styled spans rather than one per character. */
function segments(cells: readonly CellKind[]): { kind: CellKind; length: number }[] {
  const out: { kind: CellKind; length: number }[] = [];
  for (const kind of cells) {
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.length++;
    else out.push({ kind, length: 1 });
  }
  return out;
}

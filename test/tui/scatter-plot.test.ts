import { describe, expect, it } from 'vitest';
import { computeLayout } from '../../src/tui/layout.js';
import { cellOf, plotScatter } from '../../src/tui/scatter-plot.js';
import type { ScatterGrid } from '../../src/tui/scatter-plot.js';

const draw = (grid: ScatterGrid) =>
  grid.rows.map((row) => row.map((k) => ({ empty: '.', predicted: 'o', infeasible: 'x', dominated: '-', front: '*', selected: '@' })[k]).join(''));

describe('plotScatter', () => {
  it('puts the extremes in the corners, y growing upwards', () => {
    const grid = plotScatter(
      [
        { x: 0, y: 0, kind: 'dominated' },
        { x: 10, y: 5, kind: 'front' },
        { x: 5, y: 2.5, kind: 'selected' },
        { x: Number.NaN, y: 1, kind: 'front' },
      ],
      5,
      3,
    );
    expect(draw(grid)).toEqual(['....*', '..@..', '-....']);
    expect(grid.x).toEqual({ min: 0, max: 10, log: false });
  });

  it('lets the more important kind win a shared cell, whatever the order', () => {
    const kinds = ['front', 'predicted', 'selected', 'dominated', 'infeasible'] as const;
    const grid = plotScatter(kinds.map((kind) => ({ x: 1, y: 1, kind })), 3, 1);
    expect(draw(grid)).toEqual(['.@.']);
  });

  it('switches to a log scale for values spanning two decades', () => {
    const grid = plotScatter(
      [1, 10, 100].map((x) => ({ x, y: 0, kind: 'front' as const })),
      5,
      1,
    );
    expect(grid.x?.log).toBe(true);
    expect(draw(grid)).toEqual(['*.*.*']);
    expect(cellOf(50, { min: 0, max: 100, log: false }, 11)).toBe(5);
  });

  it('draws nothing without points', () => {
    expect(draw(plotScatter([], 3, 2))).toEqual(['...', '...']);
  });
});

describe('computeLayout', () => {
  it('keeps the frame one line shorter than the terminal', () => {
    for (const [w, h] of [
      [100, 30],
      [80, 24],
      [120, 50],
      [70, 16],
    ] as const) {
      const l = computeLayout(w, h);
      // header, progress, stage, scatter block, table title + header + rows, keys
      expect(3 + l.middleHeight + 2 + l.tableRows + 1).toBeLessThanOrEqual(h - 1);
      expect(l.scatterWidth + l.sideWidth + (l.sideWidth > 0 ? 2 : 0)).toBe(w);
    }
    expect(computeLayout(100, 30)).toMatchObject({ plotHeight: 10, tableRows: 10, sideWidth: 36 });
    expect(computeLayout(80, 24)).toMatchObject({ plotHeight: 7, tableRows: 7, sideWidth: 28 });
  });
});

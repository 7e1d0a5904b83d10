import { frontPoints } from '../run/index.js';
import type { MeasuredPoint, RunState } from '../run/index.js';
import type { ScatterPoint } from './scatter-plot.js';

/**
 * Which objectives the scatter shows: `y` is an objective index; `x` another one, or `order`
 * (evaluation number) for single-objective runs, where the plot then shows progress over time.
 */
export interface ScatterAxes {
  readonly y: number;
  readonly x: number | 'order';
}

/** Every pair of objectives (first one up, second across), or `order` across for one objective. */
export function axisPairs(objectives: number): ScatterAxes[] {
  if (objectives < 2) return [{ y: 0, x: 'order' }];
  const pairs: ScatterAxes[] = [];
  for (let y = 0; y < objectives; y++) for (let x = y + 1; x < objectives; x++) pairs.push({ y, x });
  return pairs;
}

/** Front points in the order of the scatter's x axis (left to right), ties by id: the order arrows step through. */
export function orderedFront(state: RunState, axes: ScatterAxes): MeasuredPoint[] {
  const sortBy = axes.x === 'order' ? axes.y : axes.x;
  const points = frontPoints(state);
  return points.sort((a, b) => (a.values[sortBy] as number) - (b.values[sortBy] as number) || a.id - b.id);
}

/** The scatter's points: measured ones by front membership, pending ones with predictions faint. */
export function scatterPoints(state: RunState, axes: ScatterAxes, selectedId: number | undefined): ScatterPoint[] {
  const onFront = new Set(state.front);
  const out: ScatterPoint[] = [];
  let i = -1;
  for (const p of state.points) {
    i++;
    if (p.failed) continue;
    const kind = p.id === selectedId ? 'selected' : onFront.has(i) ? 'front' : p.feasible ? 'dominated' : 'infeasible';
    out.push({ x: axes.x === 'order' ? i + 1 : (p.values[axes.x] as number), y: p.values[axes.y] as number, kind });
  }
  state.pending.forEach((p, i) => {
    if (!p.predicted) return;
    const x = axes.x === 'order' ? state.points.length + i + 1 : (p.predicted[axes.x] as number);
    out.push({ x, y: p.predicted[axes.y] as number, kind: 'predicted' });
  });
  return out;
}

/** `validAcc ↑` / `paramsM ↓`: the metric and which way is better. */
export function axisTitle(state: RunState, axis: number | 'order'): string {
  if (axis === 'order') return 'evaluation #';
  const objective = state.objectives[axis];
  return objective ? `${objective.metric} ${objective.direction === 'max' ? '↑' : '↓'}` : '';
}

/** The space's one-line summary, or the fallback (the key) when `describe` throws: a display must not crash the run. */
export function describeSafely(describe: (candidate: unknown) => string, candidate: unknown, fallback: string): string {
  if (candidate === undefined) return fallback;
  try {
    return describe(candidate);
  } catch {
    return fallback;
  }
}

import type { Objective } from '../core/index.js';
import { comparable } from './run-analysis.js';
import type { RunAnalysis } from './run-analysis.js';
import { DEFAULT_FRAME, autoScale, axes, el, legend, linearScale, pathData, plotArea, svgDocument, text } from './svg.js';
import type { Scale } from './svg.js';
import type { Trace } from './traces.js';

const FRONT_COLOUR = '#d62728';
const OTHER_COLOUR = '#7f9fbf';
const LINE_COLOUR = '#1f77b4';

function axisLabel(o: Objective, scale?: Scale): string {
  return `${o.metric} (${o.direction === 'max' ? 'higher' : 'lower'} is better${scale?.log ? ', log scale' : ''})`;
}

/** Real value of objective j for a loss vector (a "max" objective back to its sign). */
function real(losses: readonly number[], j: number, o: Objective): number {
  const v = losses[j] as number;
  return o.direction === 'max' ? -v : v;
}

/**
 * Two objectives (`pair`, default the first two) of every measured full-fidelity evaluation, the
 * Pareto front highlighted and labelled with ids. With two objectives the front is joined by its
 * staircase (the boundary of the region it dominates); with more, the plot is a projection of a
 * front over all of them, where some front points look dominated, and the title says so. For a
 * single-objective run: the objective against the evaluation number.
 */
export function frontPlotSvg(analysis: RunAnalysis, pair: readonly [number, number] = [0, 1]): string {
  const frame = DEFAULT_FRAME;
  const area = plotArea(frame);
  const pool = comparable(analysis.evaluated);
  const frontIds = new Set(analysis.front.map((e) => e.id));
  const o0 = analysis.objectives[pair[0]] as Objective;
  const o1 = analysis.objectives[pair[1]];
  const projected = analysis.objectives.length > 2;
  const failed = analysis.evaluated.filter((e) => e.failed).length;
  const lowFidelity = analysis.evaluated.filter((e) => !e.full && !e.failed).length;
  const notes = [failed ? `${failed} failed` : '', lowFidelity ? `${lowFidelity} low-fidelity` : ''].filter(Boolean).join(', ');
  const suffix = notes ? ` (not shown: ${notes})` : '';

  if (!o1) {
    const xs = pool.map((e) => e.order + 1);
    const ys = pool.map((e) => real(e.losses, 0, o0));
    const x = linearScale([1, ...xs], area.x);
    const y = autoScale(ys, area.y);
    const dots = pool.map((e) =>
      el('circle', { cx: x(e.order + 1), cy: y(real(e.losses, 0, o0)), r: frontIds.has(e.id) ? 5 : 3, fill: frontIds.has(e.id) ? FRONT_COLOUR : OTHER_COLOUR }),
    );
    return svgDocument(
      frame,
      axes(frame, x, y, { x: 'evaluation', y: axisLabel(o0, y), title: `${analysis.runId}: ${pool.length} evaluations${suffix}` }),
      el('g', { 'fill-opacity': 0.8 }, ...dots),
      legend(frame, [
        { swatch: (sx, sy) => el('circle', { cx: sx, cy: sy, r: 3, fill: OTHER_COLOUR }), label: 'evaluated' },
        { swatch: (sx, sy) => el('circle', { cx: sx, cy: sy, r: 5, fill: FRONT_COLOUR }), label: 'best' },
      ]),
    );
  }

  const xv = (l: readonly number[]) => real(l, pair[0], o0);
  const yv = (l: readonly number[]) => real(l, pair[1], o1);
  const x = autoScale(pool.map((e) => xv(e.losses)), area.x);
  const y = autoScale(pool.map((e) => yv(e.losses)), area.y);
  const others = pool.filter((e) => !frontIds.has(e.id));
  // The front sorted along this plot's x axis (a projection's order differs from the first objective's).
  const front = [...analysis.front].sort((a, b) => xv(a.losses) - xv(b.losses) || yv(a.losses) - yv(b.losses));
  // Staircase through the front in order of the first loss: each step keeps the previous point's
  // second value until the next point's first value is reached.
  const stairs: [number, number][] = [];
  if (!projected) {
    front.forEach((e, i) => {
      const prev = front[i - 1];
      if (prev) stairs.push([x(xv(e.losses)), y(yv(prev.losses))]);
      stairs.push([x(xv(e.losses)), y(yv(e.losses))]);
    });
  }
  const projection = projected ? `; front over all ${analysis.objectives.length} objectives, projected` : '';
  return svgDocument(
    frame,
    axes(frame, x, y, {
      x: axisLabel(o0, x),
      y: axisLabel(o1, y),
      title: `${analysis.runId}: ${pool.length} evaluations, ${front.length} on the front${projection}${suffix}`,
    }),
    el('g', { fill: OTHER_COLOUR, 'fill-opacity': 0.6 }, ...others.map((e) => el('circle', { cx: x(xv(e.losses)), cy: y(yv(e.losses)), r: 3 }))),
    stairs.length > 1 ? el('path', { d: pathData(stairs), fill: 'none', stroke: FRONT_COLOUR, 'stroke-width': 1.5 }) : '',
    el(
      'g',
      { fill: FRONT_COLOUR },
      ...front.map((e) => el('circle', { cx: x(xv(e.losses)), cy: y(yv(e.losses)), r: 4.5 }, el('title', {}, text(`#${e.id}`)))),
    ),
    el(
      'g',
      { fill: FRONT_COLOUR, 'font-size': 10 },
      ...front.map((e) => el('text', { x: x(xv(e.losses)) + 6, y: y(yv(e.losses)) - 6 }, text(`#${e.id}`))),
    ),
    legend(frame, [
      { swatch: (sx, sy) => el('circle', { cx: sx, cy: sy, r: 3, fill: OTHER_COLOUR }), label: 'evaluated' },
      { swatch: (sx, sy) => el('circle', { cx: sx, cy: sy, r: 4.5, fill: FRONT_COLOUR }), label: 'Pareto front' },
    ]),
  );
}

export interface LinePlotOptions {
  readonly title: string;
  readonly yLabel: string;
  /** Horizontal reference line (e.g. the benchmark's optimum, or ratio 1). */
  readonly reference?: { readonly value: number; readonly label: string };
}

/** A step line of a trace against the evaluation number. */
export function tracePlotSvg(trace: Trace, options: LinePlotOptions): string {
  const frame = DEFAULT_FRAME;
  const area = plotArea(frame);
  const points = trace.map((v, i) => [i + 1, v] as const).filter(([, v]) => Number.isFinite(v));
  const ref = options.reference;
  const x = linearScale([1, Math.max(1, trace.length)], area.x);
  const y = autoScale([...points.map(([, v]) => v), ...(ref ? [ref.value] : [])], area.y);
  const stairs: [number, number][] = [];
  points.forEach(([i, v], k) => {
    const prev = points[k - 1];
    if (prev) stairs.push([x(i), y(prev[1])]);
    stairs.push([x(i), y(v)]);
  });
  return svgDocument(
    frame,
    axes(frame, x, y, { x: 'evaluation', y: `${options.yLabel}${y.log ? ' (log scale)' : ''}`, title: options.title }),
    ref
      ? el(
          'g',
          {},
          el('line', { x1: area.x[0], y1: y(ref.value), x2: area.x[1], y2: y(ref.value), stroke: '#2ca02c', 'stroke-dasharray': '6 4' }),
          el('text', { x: area.x[0] + 6, y: y(ref.value) - 5, fill: '#2ca02c' }, text(ref.label)),
        )
      : '',
    stairs.length > 0 ? el('path', { d: pathData(stairs.length === 1 ? [stairs[0] as [number, number], stairs[0] as [number, number]] : stairs), fill: 'none', stroke: LINE_COLOUR, 'stroke-width': 2 }) : '',
  );
}

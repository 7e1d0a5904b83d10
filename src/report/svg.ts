/**
 * Just enough SVG to draw the report's plots without a plotting dependency: escaped elements,
 * linear scales with "nice" ticks, and axes with labels.
 */

export type Attrs = Readonly<Record<string, string | number | undefined>>;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** One element; children are already-rendered markup (use `text()` for character data). */
export function el(name: string, attrs: Attrs = {}, ...children: readonly string[]): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(typeof v === 'number' ? round(v) : (v as string))}"`)
    .join('');
  return children.length === 0 ? `<${name}${a}/>` : `<${name}${a}>${children.join('')}</${name}>`;
}

export function text(content: string): string {
  return escapeXml(content);
}

/** Coordinates rounded to 0.01 px keep files small and diffs stable. */
function round(v: number): string {
  return String(Math.round(v * 100) / 100);
}

export interface Scale {
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
  readonly log?: boolean;
  (value: number): number;
}

/**
 * A linear scale over the data extent, widened to round tick values (1, 2, 5 × 10^k steps). A
 * flat extent is padded so single values still get an axis.
 */
export function linearScale(values: readonly number[], range: readonly [number, number], tickCount = 5): Scale {
  const finite = values.filter((v) => Number.isFinite(v));
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.05 : 1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep((hi - lo) / tickCount);
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let i = 0; start + i * step <= end + step * 1e-9; i++) ticks.push(cleanFloat(start + i * step));
  const [r0, r1] = range;
  const f = ((v: number) => r0 + ((v - start) / (end - start)) * (r1 - r0)) as Scale;
  return Object.assign(f, { domain: [start, end] as const, ticks });
}

/**
 * Log-10 scale with ticks at 1, 2, 5 × 10^k (only powers of ten past four decades), widened to
 * whole ticks. Values must be positive.
 */
export function logScale(values: readonly number[], range: readonly [number, number]): Scale {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  const lo = Math.floor(Math.log10(Math.min(...positive)));
  const hi = Math.ceil(Math.log10(Math.max(...positive)));
  const decades = Math.max(1, hi - lo);
  const mantissas = decades > 4 ? [1] : [1, 2, 5];
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k++) for (const m of mantissas) if (k < hi || m === 1) ticks.push(cleanFloat(m * 10 ** k));
  const [r0, r1] = range;
  const f = ((v: number) => r0 + ((Math.log10(v) - lo) / (hi === lo ? 1 : hi - lo)) * (r1 - r0)) as Scale;
  return Object.assign(f, { domain: [10 ** lo, 10 ** hi] as const, ticks, log: true });
}

/** Log scale when all values are positive and span at least two decades (MSEs, parameter counts), else linear. */
export function autoScale(values: readonly number[], range: readonly [number, number]): Scale {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length > 1 && finite.every((v) => v > 0) && Math.max(...finite) / Math.min(...finite) >= 100) return logScale(finite, range);
  return linearScale(finite, range);
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

function cleanFloat(v: number): number {
  return Number(v.toPrecision(12));
}

/** Tick label: short, without float noise (0.30000000000000004 → 0.3, 1e-5 stays readable). */
export function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-3) return Number(v.toPrecision(3)).toExponential().replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export const DEFAULT_FRAME: Frame = { width: 640, height: 420, left: 72, right: 20, top: 56, bottom: 56 };

/** Plot area edges in pixels: [x0, x1] and [y0 (bottom), y1 (top)]. */
export function plotArea(frame: Frame): { x: [number, number]; y: [number, number] } {
  return { x: [frame.left, frame.width - frame.right], y: [frame.height - frame.bottom, frame.top] };
}

/** Both axes with ticks, grid lines, tick labels, axis labels and a title. */
export function axes(frame: Frame, x: Scale, y: Scale, labels: { x: string; y: string; title: string }): string {
  const area = plotArea(frame);
  const [x0, x1] = area.x;
  const [y0, y1] = area.y;
  const parts: string[] = [];
  for (const t of x.ticks) {
    const px = x(t);
    parts.push(el('line', { x1: px, y1: y0, x2: px, y2: y1, class: 'grid' }));
    parts.push(el('line', { x1: px, y1: y0, x2: px, y2: y0 + 5, class: 'axis' }));
    parts.push(el('text', { x: px, y: y0 + 18, 'text-anchor': 'middle' }, text(tickLabel(t))));
  }
  for (const t of y.ticks) {
    const py = y(t);
    parts.push(el('line', { x1: x0, y1: py, x2: x1, y2: py, class: 'grid' }));
    parts.push(el('line', { x1: x0 - 5, y1: py, x2: x0, y2: py, class: 'axis' }));
    parts.push(el('text', { x: x0 - 8, y: py + 4, 'text-anchor': 'end' }, text(tickLabel(t))));
  }
  parts.push(el('line', { x1: x0, y1: y0, x2: x1, y2: y0, class: 'axis' }));
  parts.push(el('line', { x1: x0, y1: y0, x2: x0, y2: y1, class: 'axis' }));
  parts.push(el('text', { x: (x0 + x1) / 2, y: frame.height - 14, 'text-anchor': 'middle', class: 'label' }, text(labels.x)));
  const cy = (y0 + y1) / 2;
  parts.push(el('text', { x: 16, y: cy, 'text-anchor': 'middle', transform: `rotate(-90 16 ${round(cy)})`, class: 'label' }, text(labels.y)));
  parts.push(el('text', { x: frame.width / 2, y: 22, 'text-anchor': 'middle', class: 'title' }, text(labels.title)));
  return el('g', {}, ...parts);
}

const STYLE =
  'text{font:11px sans-serif;fill:#333}.label{font-size:12px}.title{font-size:14px;font-weight:bold}' +
  '.axis{stroke:#333;stroke-width:1}.grid{stroke:#e4e4e4;stroke-width:1}';

/** The whole document: standalone SVG with its own small stylesheet. */
export function svgDocument(frame: Frame, ...body: readonly string[]): string {
  return (
    el(
      'svg',
      { xmlns: 'http://www.w3.org/2000/svg', width: frame.width, height: frame.height, viewBox: `0 0 ${frame.width} ${frame.height}` },
      el('style', {}, text(STYLE)),
      el('rect', { x: 0, y: 0, width: frame.width, height: frame.height, fill: 'white' }),
      ...body,
    ) + '\n'
  );
}

/** A one-row legend under the title, outside the plot area: (swatch markup at x,y, label) pairs. */
export function legend(frame: Frame, rows: readonly { swatch: (x: number, y: number) => string; label: string }[]): string {
  const y = frame.top - 12;
  let x = frame.left;
  const parts: string[] = [];
  for (const r of rows) {
    parts.push(r.swatch(x + 6, y - 4), el('text', { x: x + 16, y }, text(r.label)));
    x += 28 + r.label.length * 6.5;
  }
  return el('g', {}, ...parts);
}

/** `M x y L x y …` through the points. */
export function pathData(points: readonly (readonly [number, number])[]): string {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${round(x)} ${round(y)}`).join(' ');
}

import path from 'node:path';
import type { Objective } from '../core/index.js';
import { writeFileAtomic } from '../run/index.js';
import type { ProductCandidate } from '../space/index.js';
import { formatNumber } from './format.js';
import { frontPlotSvg, tracePlotSvg } from './plots.js';
import { reportMarkdown } from './report-markdown.js';
import type { ReportFigures } from './report-markdown.js';
import { analyseRun } from './run-analysis.js';
import type { RunAnalysis } from './run-analysis.js';
import { bestSoFar, hypervolumeTrace } from './traces.js';
import type { HypervolumeTrace } from './traces.js';
import type { RunParts } from '../setup/index.js';

export const REPORT_FILE = 'report.md';
export const FRONT_PLOT = 'front.svg';
export const HYPERVOLUME_PLOT = 'hypervolume.svg';
export const BEST_SO_FAR_PLOT = 'best-so-far.svg';

export interface WrittenReport {
  readonly reportPath: string;
  /** Absolute-or-relative paths (as `runDir` was given) of every file written, report first. */
  readonly files: readonly string[];
  readonly analysis: RunAnalysis;
  readonly hypervolume?: HypervolumeTrace;
}

/**
 * Writes `report.md` and its SVG plots into the run folder. Safe on a live run (it only reads the
 * journal) and idempotent; each file is written to a temporary name and renamed, so a reader never
 * sees half a report.
 */
export function writeReport(runDir: string, options: { now?: Date; parts?: RunParts } = {}): WrittenReport {
  const analysis = analyseRun(runDir, options.parts ? { parts: options.parts } : {});
  const files: string[] = [];
  const write = (name: string, content: string) => {
    const target = path.join(runDir, name);
    writeFileAtomic(target, content);
    files.push(target);
  };
  const figures: { -readonly [K in keyof ReportFigures]: ReportFigures[K] } = {};
  const hv = hypervolumeTrace(analysis);
  const svgs: [string, string][] = [];
  if (analysis.evaluated.length > 0) {
    svgs.push([FRONT_PLOT, frontPlotSvg(analysis)]);
    figures.front = FRONT_PLOT;
    // Three or more objectives: every pair gets its own projection (front.svg is the first pair).
    const m = analysis.objectives.length;
    if (m > 2) {
      const pairs: string[] = [FRONT_PLOT];
      for (let i = 0; i < m; i++) {
        for (let j = i + 1; j < m; j++) {
          if (i === 0 && j === 1) continue;
          const name = `front-${safeName(analysis.objectives[i]?.metric)}-${safeName(analysis.objectives[j]?.metric)}.svg`;
          svgs.push([name, frontPlotSvg(analysis, [i, j])]);
          pairs.push(name);
        }
      }
      figures.frontPairs = pairs;
    }
    if (hv) {
      svgs.push([
        HYPERVOLUME_PLOT,
        tracePlotSvg(hv.values, {
          title: hv.basis === 'true-front' ? 'Hypervolume ratio to the true front' : 'Normalised hypervolume (run extremes)',
          yLabel: hv.basis === 'true-front' ? 'HV / HV(true front)' : 'hypervolume',
          ...(hv.basis === 'true-front' ? { reference: { value: 1, label: 'true front' } } : {}),
        }),
      ]);
      figures.hypervolume = HYPERVOLUME_PLOT;
    }
    if (analysis.objectives.length === 1) {
      const o = analysis.objectives[0] as Objective;
      const optimum = benchmarkBest(analysis, o);
      svgs.push([
        BEST_SO_FAR_PLOT,
        tracePlotSvg(bestSoFar(analysis, 0), {
          title: `Best ${o.metric} so far`,
          yLabel: `${o.metric} (${o.direction === 'max' ? 'higher' : 'lower'} is better)`,
          ...(optimum !== undefined ? { reference: { value: optimum, label: `benchmark best ${formatNumber(optimum)}` } } : {}),
        }),
      ]);
      figures.bestSoFar = BEST_SO_FAR_PLOT;
    }
  }
  const markdown = reportMarkdown({ analysis, figures, ...(hv ? { hypervolume: hv } : {}), generatedAt: options.now ?? new Date() });
  write(REPORT_FILE, markdown);
  for (const [name, svg] of svgs) write(name, svg);
  return { reportPath: files[0] as string, files, analysis, ...(hv ? { hypervolume: hv } : {}) };
}

/** The best value of a visible objective over a tabular benchmark's full-fidelity table. */
function benchmarkBest(analysis: RunAnalysis, o: Objective): number | undefined {
  const b = analysis.parts?.benchmark;
  if (!b) return undefined;
  let best: number | undefined;
  for (let row = 0; row < b.rowCount; row++) {
    const v = b.truth(b.candidateAt(row) as ProductCandidate)[o.metric];
    if (v === undefined || !Number.isFinite(v)) continue;
    if (best === undefined || (o.direction === 'max' ? v > best : v < best)) best = v;
  }
  return best;
}

const safeName = (metric: string | undefined) => (metric ?? '').replace(/[^A-Za-z0-9._-]/g, '_');

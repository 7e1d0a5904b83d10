/**
 * Run reports: reading a run folder into its measured candidates, front and history
 * (`analyseRun`, shared with recipe export and status displays), and `jars report`'s
 * `report.md` with SVG plots.
 */
export { analyseRun, analyseEvents, bestFor, comparable, frontOf, describeCandidate } from './run-analysis.js';
export type { RunAnalysis, AnalyseInput, AnalyseRunOptions } from './run-analysis.js';
export { bestSoFar, hypervolumeTrace } from './traces.js';
export type { Trace, HypervolumeTrace } from './traces.js';
export { frontPlotSvg, tracePlotSvg } from './plots.js';
export { reportMarkdown } from './report-markdown.js';
export { writeReport, REPORT_FILE, FRONT_PLOT, HYPERVOLUME_PLOT, BEST_SO_FAR_PLOT } from './write-report.js';
export type { WrittenReport } from './write-report.js';
export { architectureSummary, recipeSummary, formatNumber } from './format.js';
export { jarsVersion } from '../setup/jars-version.js';
export { resolveRunDir } from './resolve-run-dir.js';

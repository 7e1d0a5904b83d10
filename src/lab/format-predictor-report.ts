import type { PredictorEvalReport, Summary } from './predictor-evaluation.js';

const fmt = (s: Summary | undefined) => (s && Number.isFinite(s.mean) ? `${s.mean.toFixed(3)} ± ${s.std.toFixed(3)}` : '—');

/** The tables `jars predictor eval` prints: Kendall τ, Spearman ρ and top-k precision per method and train size. */
export function formatPredictorEvalReport(report: PredictorEvalReport): string {
  const methods = [...new Set(report.rows.map((r) => r.method))];
  const width = Math.max(8, ...methods.map((m) => m.length));
  const cell = 15;
  const header = `${'method'.padEnd(width)}  ${report.trainSizes.map((n) => `N=${n}`.padStart(cell)).join(' ')}`;
  const table = (title: string, pick: (r: PredictorEvalReport['rows'][number]) => Summary) => {
    const lines = [title, header];
    for (const m of methods) {
      const cells = report.trainSizes.map((n) => fmt(pickRow(report, m, n, pick)).padStart(cell));
      lines.push(`${m.padEnd(width)}  ${cells.join(' ')}`);
    }
    return lines.join('\n');
  };
  const pre = Object.entries(report.pretrainSeconds)
    .map(([m, s]) => `${m} pretraining ${s.mean.toFixed(1)} s/seed`)
    .join('; ');
  return [
    `${report.benchmark}: target ${report.target}, ${report.heldOut} held-out candidates, mean ± std over ${report.seeds} seeds, backend ${report.backend}`,
    table('Kendall τ-b', (r) => r.kendall),
    ...(report.rows.some((r) => Number.isFinite(r.kendallWithinFlops.mean)) ? [table('Kendall τ-b within a FLOPs level (pair-weighted mean over levels)', (r) => r.kendallWithinFlops)] : []),
    table('Spearman ρ', (r) => r.spearman),
    table(`top-${report.topK} precision`, (r) => r.topK),
    table('fit seconds', (r) => r.fitSeconds),
    `${pre ? `${pre}; ` : ''}total ${report.totalSeconds.toFixed(0)} s`,
  ].join('\n\n');
}

function pickRow(report: PredictorEvalReport, method: string, n: number, pick: (r: PredictorEvalReport['rows'][number]) => Summary): Summary | undefined {
  const row = report.rows.find((r) => r.method === method && r.trainSize === n);
  return row ? pick(row) : undefined;
}

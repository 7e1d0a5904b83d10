import { DataError } from '../core/index.js';
import type { EvaluateContext, Metrics, Objective } from '../core/index.js';
import type { ProductCandidate, ProductSpace } from '../space/index.js';
import { metricColumns, readTable } from './table.js';
import { TableBenchmarkBase, mean, pickRepetition } from './tabular-benchmark.js';

/** How a joint architecture+recipe grid table (FCNet, HPOBench-MLP layout) is read. */
export interface GridLayout {
  /** Metric name a query reports (one random repetition). */
  readonly metric: string;
  readonly direction: 'max' | 'min';
  /** Columns holding the repetitions start with this prefix, e.g. `valid_mse_seed`. */
  readonly repetitionPrefix: string;
  readonly whereToGet: string;
}

export interface GridBenchmarkOptions {
  readonly name: string;
  readonly table: string;
  readonly space: ProductSpace;
  readonly layout: GridLayout;
}

/**
 * A tabular benchmark over a full grid of a product space: rows are keyed by their dimension
 * values (read from the columns named after the dimensions), each query returns one random
 * repetition, and the hidden report metric is the mean over repetitions.
 */
export class GridBenchmark extends TableBenchmarkBase {
  readonly name: string;
  readonly space: ProductSpace;
  readonly objective: Objective;
  readonly reportMetric: Objective;
  readonly metricNames: readonly string[];
  readonly rowCount: number;

  private readonly rowOfKey = new Map<string, number>();
  private readonly candidates: ProductCandidate[] = [];
  private readonly repetitions: readonly Float64Array[];

  constructor(options: GridBenchmarkOptions) {
    super();
    const { layout, space } = options;
    this.name = options.name;
    this.space = space;
    this.objective = { metric: layout.metric, direction: layout.direction };
    this.reportMetric = { metric: `${layout.metric}Mean`, direction: layout.direction };
    const table = readTable(options.table, layout.whereToGet);
    this.rowCount = table.rowCount;
    const repColumns = table.columns.filter((c) => c.startsWith(layout.repetitionPrefix));
    if (repColumns.length === 0) {
      throw new DataError(`benchmark table ${options.table} has no ${layout.repetitionPrefix}* columns. ${layout.whereToGet}`);
    }
    this.repetitions = metricColumns(table, repColumns, `the repetitions of ${layout.metric} (the objective)`);
    // Each dimension's cells hold a handful of distinct texts: match each text to its value once.
    const dimColumns = space.dimensions.map((d) => ({ dim: d, cells: table.text(d.name), seen: new Map<string, string | number>() }));
    for (let row = 0; row < table.rowCount; row++) {
      const record: Record<string, string | number> = {};
      for (const { dim, cells, seen } of dimColumns) {
        const cell = cells[row] as string;
        let value = seen.get(cell);
        if (value === undefined) {
          value = dim.values.find((v) => String(v) === cell || (typeof v === 'number' && Number(cell) === v));
          if (value !== undefined) seen.set(cell, value);
        }
        if (value === undefined) {
          throw new DataError(
            `benchmark table ${options.table} row ${row + 2}: ${dim.name} must be one of ${dim.values.join(', ')}, but got "${cell}"`,
          );
        }
        record[dim.name] = value;
      }
      const candidate = space.fromRecord(record);
      this.candidates.push(candidate);
      this.rowOfKey.set(space.key(candidate), row);
    }
    this.metricNames = [layout.metric, ...space.statisticNames];
  }

  candidateAt(row: number): ProductCandidate {
    const c = this.candidates[row];
    if (!c) throw new RangeError(`row ${row} out of range`);
    return c;
  }

  private rowOf(candidate: ProductCandidate): number {
    const row = this.rowOfKey.get(this.space.key(candidate));
    if (row === undefined) throw new DataError(`${this.name}: the table has no row for ${this.space.describe(candidate)}`);
    return row;
  }

  private valuesAt(row: number): number[] {
    return this.repetitions.map((col) => col[row] as number);
  }

  truth(candidate: ProductCandidate): Metrics {
    const values = this.valuesAt(this.rowOf(candidate));
    const m = mean(values);
    return { ...this.space.statistics(candidate), [this.objective.metric]: m, [this.reportMetric.metric]: m };
  }

  protected measure(candidate: ProductCandidate, context: EvaluateContext): { metrics: Metrics; hidden: Metrics } {
    const values = this.valuesAt(this.rowOf(candidate));
    return {
      metrics: { [this.objective.metric]: pickRepetition(values, context) },
      hidden: { [this.reportMetric.metric]: mean(values) },
    };
  }
}

export const FCNET_LAYOUT: GridLayout = {
  metric: 'validMse',
  direction: 'min',
  repetitionPrefix: 'valid_mse_seed',
  whereToGet:
    'FCNet tables: see shared/data/fcnet/README.md (fcnet_tabular_benchmarks from automl/nas_benchmarks, Klein & Hutter 2019, converted to CSV); pass another in the same layout with --table PATH.',
};

export const HPOBENCH_MLP_LAYOUT: GridLayout = {
  metric: 'balancedAcc',
  direction: 'max',
  repetitionPrefix: 'val_bal_acc_seed',
  whereToGet:
    'HPOBench-MLP tables: see shared/data/hpobench-mlp/README.md (HPOBench nn tabular data, Eggensperger et al. 2021, converted to CSV); pass another in the same layout with --table PATH.',
};

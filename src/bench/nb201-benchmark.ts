import path from 'node:path';
import { DataError } from '../core/index.js';
import type { EvaluateContext, Metrics, Objective } from '../core/index.js';
import { Nb201Space } from '../space/index.js';
import type { Nb201CellStatistics, ProductCandidate } from '../space/index.js';
import { metricColumns, readTable } from './table.js';
import { TableBenchmarkBase, pickRepetition } from './tabular-benchmark.js';

/** Which columns of an NB201-layout table hold what (defaults: the CIFAR-10 table in shared/data). */
export interface Nb201Columns {
  readonly arch: string;
  readonly valid200: string;
  readonly valid12: string;
  readonly test200: string;
  readonly test12: string;
}

export const NB201_CIFAR10_COLUMNS: Nb201Columns = {
  arch: 'arch_str',
  valid200: 'c10valid_valid_acc_200',
  valid12: 'c10valid_valid_acc_12',
  test200: 'c10_test_acc_200',
  test12: 'c10_test_acc_12',
};

export interface Nb201BenchmarkOptions {
  readonly name?: string;
  readonly table: string;
  readonly columns?: Partial<Nb201Columns>;
  /** Per-seed 200-epoch validation table: when given, each query sees one random training run. */
  readonly perSeedTable?: string;
  /** HELP latency table and the device column to report as `latencyMs`. */
  readonly latencyTable?: string;
  readonly latencyDevice?: string;
  /** Extra free statistics per cell for the space (the zero-cost proxy table). */
  readonly cellStatistics?: Nb201CellStatistics;
}

export const NB201_WHERE_TO_GET =
  'NAS-Bench-201 tables: see shared/data/nb201/README.md for the files and their sources (NATS-Bench tss / NAS-Bench-201 v1_1); pass another table in the same layout with --table PATH.';

/**
 * NAS-Bench-201 as an evaluator: validation accuracy at the queried schedule (12 or 200 epochs),
 * FLOPs/params from the space, optional latency; the test accuracy is recorded but hidden.
 * A 12-epoch query costs 12/200 of a full one.
 */
export class Nb201Benchmark extends TableBenchmarkBase {
  readonly name: string;
  readonly space: Nb201Space;
  readonly objective: Objective = { metric: 'validAcc', direction: 'max' };
  readonly reportMetric: Objective = { metric: 'testAcc', direction: 'max' };
  readonly metricNames: readonly string[];
  readonly rowCount: number;

  private readonly rowOfArch = new Map<string, number>();
  private readonly archs: readonly string[];
  private readonly valid200: Float64Array;
  private readonly test200: Float64Array;
  /** The 12-epoch columns, read on the first cheap query: a table without them serves full-fidelity runs. */
  private readonly twelveEpochs: () => { readonly valid12: Float64Array; readonly test12: Float64Array };
  private readonly perSeed: readonly (readonly number[])[] | undefined;
  private readonly latency: Float64Array | undefined;

  constructor(options: Nb201BenchmarkOptions) {
    super();
    this.space = new Nb201Space(options.cellStatistics ? { cellStatistics: options.cellStatistics } : {});
    this.name = options.name ?? 'nb201-cifar10';
    const columns = { ...NB201_CIFAR10_COLUMNS, ...options.columns };
    const table = readTable(options.table, NB201_WHERE_TO_GET);
    this.archs = table.text(columns.arch);
    this.rowCount = table.rowCount;
    this.archs.forEach((arch, row) => {
      const key = this.space.archString(this.space.fromArchString(arch));
      this.rowOfArch.set(key, row);
    });
    [this.valid200] = metricColumns(table, [columns.valid200], 'the 200-epoch validation accuracies (the objective)') as [Float64Array];
    [this.test200] = metricColumns(table, [columns.test200], 'the 200-epoch test accuracies (what search quality is reported on)') as [Float64Array];
    let twelve: { valid12: Float64Array; test12: Float64Array } | undefined;
    this.twelveEpochs = () => {
      if (!twelve) {
        const missing = [columns.valid12, columns.test12].filter((c) => !table.columns.includes(c));
        if (missing.length) {
          throw new DataError(
            `benchmark table ${table.path} has no 12-epoch column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}, which --fidelity multi queries; add them or run with --fidelity full`,
          );
        }
        const [valid12] = metricColumns(table, [columns.valid12], 'the 12-epoch validation accuracies') as [Float64Array];
        const [test12] = metricColumns(table, [columns.test12], 'the 12-epoch test accuracies') as [Float64Array];
        twelve = { valid12, test12 };
      }
      return twelve;
    };
    this.perSeed = options.perSeedTable ? readPerSeed(options.perSeedTable, table.rowCount) : undefined;
    if (options.latencyTable) {
      const lat = readTable(options.latencyTable, NB201_WHERE_TO_GET);
      const device = options.latencyDevice ?? 'gold_6226_ms';
      if (lat.rowCount !== table.rowCount) {
        throw new DataError(`latency table ${options.latencyTable} has ${lat.rowCount} rows, expected ${table.rowCount}`);
      }
      [this.latency] = metricColumns(lat, [device], 'the latencies reported as latencyMs') as [Float64Array];
    }
    this.metricNames = ['validAcc', ...this.space.statisticNames, ...(this.latency ? ['latencyMs'] : [])];
  }

  candidateAt(row: number): ProductCandidate {
    return this.space.fromArchString(this.archs[row] as string, 200);
  }

  rowOf(candidate: ProductCandidate): number {
    const row = this.rowOfArch.get(this.space.archString(candidate));
    if (row === undefined) throw new DataError(`${this.name}: no table row for ${this.space.archString(candidate)}`);
    return row;
  }

  truth(candidate: ProductCandidate): Metrics {
    const row = this.rowOf(candidate);
    const full = Number(candidate.recipe.epochs) === 200;
    return {
      ...this.space.statistics(candidate),
      validAcc: (full ? this.valid200 : this.twelveEpochs().valid12)[row] as number,
      testAcc: (full ? this.test200 : this.twelveEpochs().test12)[row] as number,
      ...(this.latency ? { latencyMs: this.latency[row] as number } : {}),
    };
  }

  protected measure(candidate: ProductCandidate, context: EvaluateContext): { metrics: Metrics; hidden: Metrics } {
    const row = this.rowOf(candidate);
    const full = Number(candidate.recipe.epochs) === 200;
    let validAcc = (full ? this.valid200 : this.twelveEpochs().valid12)[row] as number;
    if (full && this.perSeed) validAcc = pickRepetition(this.perSeed[row] as number[], context);
    return {
      metrics: { validAcc, ...(this.latency ? { latencyMs: this.latency[row] as number } : {}) },
      hidden: { testAcc: (full ? this.test200 : this.twelveEpochs().test12)[row] as number },
    };
  }
}

function readPerSeed(file: string, rows: number): number[][] {
  const table = readTable(file, NB201_WHERE_TO_GET);
  if (table.rowCount !== rows) throw new DataError(`per-seed table ${file} has ${table.rowCount} rows, expected ${rows}`);
  const runColumns = table.columns.filter((c) => c.startsWith('valid_acc_run'));
  const cols = runColumns.map((c) => table.numbers(c));
  const index = table.numbers('index');
  const out: number[][] = new Array<number[]>(rows);
  for (let r = 0; r < rows; r++) {
    out[index[r] as number] = cols.map((c) => c[r] as number).filter((v) => Number.isFinite(v));
  }
  return out;
}

export function defaultNb201Paths(dataDir: string): { table: string; perSeedTable: string; latencyTable: string } {
  return {
    table: path.join(dataDir, 'nb201', 'nb201_cifar10.csv'),
    perSeedTable: path.join(dataDir, 'nb201', 'nb201_cifar10valid_valid_acc_200_per_seed.csv'),
    latencyTable: path.join(dataDir, 'nb201', 'nb201_latency_help.csv'),
  };
}

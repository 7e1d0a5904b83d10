import path from 'node:path';
import { InvalidInputError, oneOfMessage } from '../core/index.js';
import type { Objective } from '../core/index.js';
import { FcnetSpace, HpobenchMlpSpace } from '../space/index.js';
import { FCNET_LAYOUT, GridBenchmark, HPOBENCH_MLP_LAYOUT } from './grid-benchmark.js';
import { Nb201Benchmark, defaultNb201Paths } from './nb201-benchmark.js';
import type { Nb201Columns } from './nb201-benchmark.js';
import type { TabularBenchmark } from './tabular-benchmark.js';
import { resolveDataDir } from '../data/index.js';
import { loadNb201Proxies } from './nb201-proxies.js';

export interface BenchmarkOptions {
  /** A table in the same layout to use instead of the built-in file. */
  readonly table?: string;
  /** NB201 only: column names when the table is not the CIFAR-10 one. */
  readonly columns?: Partial<Nb201Columns>;
  /** NB201 only: each query sees one random training run (per-seed table) instead of the mean. */
  readonly noise?: boolean;
  /** NB201 only: HELP latency device column (e.g. gold_6226_ms) reported as `latencyMs`. */
  readonly latencyDevice?: string;
  /**
   * NB201 only: the zero-cost proxies (synflow, zen, naswot) as free statistics of every cell,
   * read from predictors/nb201-proxies.json (default true); a path reads another table.
   */
  readonly proxies?: boolean | string;
  readonly dataDir?: string;
}

const FCNET_FILES = { naval: 'fcnet_naval_propulsion', parkinsons: 'fcnet_parkinsons_telemonitoring' } as const;
const HPOBENCH_TASKS = ['australian', 'blood-transfusion', 'car', 'kc1'] as const;

/** Built-in benchmark names. With `table`, any `<layout>-<dataset>` name (layout nb201, fcnet or hpobench-mlp) works. */
export const BENCHMARKS = [
  'nb201-cifar10',
  ...Object.keys(FCNET_FILES).map((k) => `fcnet-${k}`),
  ...HPOBENCH_TASKS.map((t) => `hpobench-mlp-${t}`),
] as const;

/** The objective a benchmark layout optimises, known from its name without loading the table. */
export function benchmarkObjective(name: string): Objective {
  if (name.startsWith('fcnet-')) return { metric: FCNET_LAYOUT.metric, direction: FCNET_LAYOUT.direction };
  if (name.startsWith('hpobench-mlp-')) return { metric: HPOBENCH_MLP_LAYOUT.metric, direction: HPOBENCH_MLP_LAYOUT.direction };
  if (name.startsWith('nb201-')) return { metric: 'validAcc', direction: 'max' };
  throw unknown(name);
}

export function createBenchmark(name: string, options: BenchmarkOptions = {}): TabularBenchmark {
  const dataDir = options.dataDir ?? resolveDataDir();
  if (name.startsWith('nb201-')) {
    const defaults = defaultNb201Paths(dataDir);
    const custom = options.table !== undefined;
    if (!custom && name !== 'nb201-cifar10') throw unknown(name);
    return new Nb201Benchmark({
      name,
      table: options.table ?? defaults.table,
      ...(options.columns ? { columns: options.columns } : {}),
      ...(options.noise && !custom ? { perSeedTable: defaults.perSeedTable } : {}),
      ...(options.latencyDevice ? { latencyTable: defaults.latencyTable, latencyDevice: options.latencyDevice } : {}),
      ...(options.proxies !== false ? { cellStatistics: typeof options.proxies === 'string' ? loadNb201Proxies(options.proxies) : loadNb201Proxies() } : {}),
    });
  }
  if (name.startsWith('hpobench-mlp-')) {
    const task = name.slice('hpobench-mlp-'.length);
    if (!options.table && !(HPOBENCH_TASKS as readonly string[]).includes(task)) throw unknown(name);
    const table = options.table ?? path.join(dataDir, 'hpobench-mlp', `hpobench_mlp_${task.replaceAll('-', '_')}.csv.gz`);
    return new GridBenchmark({ name, table, space: new HpobenchMlpSpace(), layout: HPOBENCH_MLP_LAYOUT });
  }
  if (name.startsWith('fcnet-')) {
    const dataset = name.slice('fcnet-'.length);
    const file = (FCNET_FILES as Record<string, string>)[dataset];
    if (!options.table && !file) throw unknown(name);
    const table = options.table ?? path.join(dataDir, 'fcnet', `${file ?? ''}.csv.gz`);
    return new GridBenchmark({ name, table, space: new FcnetSpace(), layout: FCNET_LAYOUT });
  }
  throw unknown(name);
}

function unknown(name: string): InvalidInputError {
  return new InvalidInputError(
    `${oneOfMessage('benchmark', BENCHMARKS, name)} (with --table PATH, any nb201-*, fcnet-* or hpobench-mlp-* name)`,
  );
}

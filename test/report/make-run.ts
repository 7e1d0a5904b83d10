import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Objective } from '../../src/core/index.js';
import { RunDirectory } from '../../src/run/index.js';
import { buildEngine, buildRunParts, parseRunConfig } from '../../src/setup/index.js';
import type { RunConfigInput } from '../../src/setup/index.js';

export const tmp = (prefix = 'jars-report-') => mkdtempSync(path.join(tmpdir(), prefix));

export interface MakeRunOptions {
  readonly benchmark?: string;
  readonly strategy?: string;
  readonly queries?: number;
  readonly seed?: number;
  readonly objectives?: readonly Objective[];
  readonly constraints?: RunConfigInput['constraints'];
  readonly fidelity?: 'full' | 'multi';
  readonly id?: string;
}

/** A real run folder (config.json + journal.jsonl) made the way `jars search --benchmark` makes one. */
export async function makeBenchmarkRun(options: MakeRunOptions = {}): Promise<string> {
  const dir = path.join(tmp(), options.id ?? 'run-1');
  const config = parseRunConfig({
    version: 1,
    evaluator: { kind: 'benchmark', benchmark: options.benchmark ?? 'nb201-cifar10' },
    strategy: options.strategy ?? 'rea',
    objectives: options.objectives ?? [
      { metric: 'validAcc', direction: 'max' },
      { metric: 'flopsM', direction: 'min' },
    ],
    ...(options.constraints ? { constraints: options.constraints } : {}),
    budget: { queries: options.queries ?? 40 },
    fidelity: options.fidelity ?? 'full',
    seed: options.seed ?? 7,
  });
  const run = RunDirectory.create(dir, config);
  const journal = run.openJournal();
  try {
    await buildEngine(config, buildRunParts(config), { journal }).run();
  } finally {
    await journal.close();
  }
  return dir;
}

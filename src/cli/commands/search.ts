import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { BENCHMARKS, NB201_CIFAR10_COLUMNS, benchmarkObjective } from '../../bench/index.js';
import { buildRunParts, strategyFor, withDataShape } from '../../engine/index.js';
import { InvalidInputError, checkSafeName, show } from '../../core/index.js';
import type { Objective } from '../../core/index.js';
import { RunDirectory, newRunId, parseRunConfig, stripBom } from '../../run/index.js';
import type { RunConfig, RunConfigInput } from '../../run/index.js';
import { STRATEGY_NAMES } from '../../search/index.js';
import { keyValueList, labelColumn, nonNegativeInt, objectiveList, oneOf, positiveInt, positiveNumber } from '../flags.js';
import { runSession } from '../run-session.js';
import { createOutput, exitCodeFor } from '../session-output.js';
import type { OutputMode } from '../session-output.js';

export interface SearchFlags {
  config?: string;
  benchmark?: string;
  table?: string;
  columns?: Record<string, string>;
  noise?: boolean;
  simulateSeconds?: number;
  dataset?: string;
  labelColumn?: string;
  space?: string;
  strategy?: string;
  objectives?: Objective[];
  constraint?: string[];
  budget?: number;
  costBudget?: number;
  timeBudget?: number;
  workers?: number;
  seed?: number;
  fidelity?: 'full' | 'multi';
  runsDir: string;
  name?: string;
  tui: boolean;
  json?: boolean;
}

export function registerSearchCommand(program: Command): void {
  program
    .command('search')
    .description('run a joint architecture + recipe search; the journal in runs/<id>/ survives crashes (jars resume)')
    .option('--config <file>', 'run config JSON (schema: schemas/run-config.schema.json); flags override it')
    .option('--benchmark <name>', `tabular benchmark as the evaluator: ${BENCHMARKS.join(', ')}`)
    .option('--table <path>', 'a benchmark table in the same layout')
    .option('--columns <map>', 'NB201 tables: column names, e.g. valid200=my_valid,test200=my_test', keyValueList('--columns', Object.keys(NB201_CIFAR10_COLUMNS)))
    .option('--noise', 'NB201: each query sees one random training run')
    .option('--dataset <name|path>', 'trainer dataset: mnist (default, the mnist package), mnist-idx, sklearn-digits, or a CSV/IDX/CIFAR path')
    .option('--label-column <name|index>', 'trainer, CSV datasets: the label column (default: the last)')
    .option('--space <name>', 'trainer search space: cnn (default), mlp, mbconv, pnas')
    .option('--simulate-seconds <s>', 'benchmark: wait this many seconds per full training (real-time replay)', positiveNumber('--simulate-seconds'))
    .option('--strategy <name>', `search strategy: ${STRATEGY_NAMES.join(', ')}`)
    .option('--objectives <list>', 'metric:max|min,… e.g. validAcc:max,flopsM:min', objectiveList('--objectives'))
    .option('--constraint <expr>', 'metric<=limit or metric>=limit, repeatable (e.g. flopsM<=100)', collect, [])
    .option('--budget <n>', 'number of evaluations', positiveInt('--budget'))
    .option('--cost-budget <x>', 'cost in full-training equivalents', positiveNumber('--cost-budget'))
    .option('--time-budget <duration>', 'running time of the run (all its sessions): seconds or 90s, 5m, 2h', duration('--time-budget'))
    .option('--workers <n>', 'evaluations in parallel', positiveInt('--workers'))
    .option('--seed <n>', 'random seed', nonNegativeInt('--seed'))
    .option('--fidelity <mode>', 'full or multi (cheap fidelities allowed)', oneOf('--fidelity', ['full', 'multi'] as const))
    .option('--runs-dir <dir>', 'where run folders go', 'runs')
    .option('--name <id>', 'run folder name (default: time-strategy-seed)')
    .option('--no-tui', 'plain progress lines on stderr even on a terminal')
    .option('--json', 'stream journal events as JSON lines on stdout')
    .action(async (flags: SearchFlags) => {
      const config = withDataShape(buildConfig(flags));
      // Everything is validated before the run folder exists: bad input leaves nothing behind.
      const parts = buildRunParts(config);
      strategyFor(config, parts);
      if (flags.name !== undefined) checkSafeName('--name', flags.name);
      const id = flags.name ?? config.name ?? newRunId(`${config.strategy}-s${config.seed}`);
      if (config.evaluator.kind === 'trainer' && config.workers > cpus().length) {
        process.stderr.write(`jars: warning: ${config.workers} workers on ${cpus().length} cores; trainer processes beyond the core count slow each other down\n`);
      }
      const run = RunDirectory.create(path.join(flags.runsDir, id), config);
      const mode: OutputMode = flags.json ? 'json' : flags.tui && process.stdout.isTTY && process.stdin.isTTY ? 'tui' : 'lines';
      process.stderr.write(`jars: run ${run.dir}\n`);
      const { output, controls } = createOutput(mode, run, config, parts);
      const result = await runSession(run, config, output, controls, parts);
      process.exitCode = exitCodeFor(result);
    });
}

/** The embedded default: a joint CNN + recipe search on the mnist package's 10,000 digits. */
const DEFAULT_TRAINER = { kind: 'trainer' as const, dataset: 'mnist', space: 'cnn', validationFraction: 0.2 };
const DEFAULT_TRAINER_STRATEGY = 'fbnetv3';
/** About five minutes on two cores, whatever the pace. */
const DEFAULT_TRAINER_BUDGET = { queries: 40, seconds: 270 };

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function duration(flag: string): (value: string) => number {
  return (value) => {
    const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(value.trim());
    if (!m) throw new InvalidInputError(`${flag} must be seconds or a duration like 90s, 5m, 2h, but got ${show(value)}`);
    const n = Number(m[1]);
    const seconds = m[2] === 'h' ? n * 3600 : m[2] === 'm' ? n * 60 : n;
    if (!(seconds > 0)) throw new InvalidInputError(`${flag} must be positive, but got ${show(value)}`);
    return seconds;
  };
}

export function parseConstraint(expr: string): { metric: string; max?: number; min?: number } {
  const m = /^\s*([A-Za-z_][\w.]*)\s*(<=|>=)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/i.exec(expr);
  if (!m) throw new InvalidInputError(`--constraint must look like metric<=limit or metric>=limit, but got ${show(expr)}`);
  const limit = Number(m[3]);
  return m[2] === '<=' ? { metric: m[1] as string, max: limit } : { metric: m[1] as string, min: limit };
}

/** Merges a config file (if any) with flags; flags win. Validated once, at the end. */
export function buildConfig(flags: SearchFlags): RunConfig {
  let base: Partial<RunConfigInput> = {};
  if (flags.config) {
    let text: string;
    try {
      text = readFileSync(flags.config, 'utf8');
    } catch {
      throw new InvalidInputError(`--config file ${flags.config} cannot be read`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(stripBom(text));
    } catch (error) {
      throw new InvalidInputError(`--config file ${flags.config} is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new InvalidInputError(`--config file ${flags.config} must hold a JSON object (a run config), but got ${Array.isArray(parsed) ? 'an array' : show(parsed)}`);
    }
    base = parsed as Partial<RunConfigInput>;
  }
  const evaluator = evaluatorOf(flags, base.evaluator);
  const isDefaultRun = flags.benchmark === undefined && base.evaluator === undefined;
  const objectives = flags.objectives ?? base.objectives ?? defaultObjectives(evaluator);
  const input: RunConfigInput = {
    version: 1,
    ...base,
    evaluator,
    strategy: flags.strategy ?? base.strategy ?? (evaluator.kind === 'trainer' ? DEFAULT_TRAINER_STRATEGY : 'rea'),
    objectives,
    constraints: flags.constraint?.length ? flags.constraint.map(parseConstraint) : (base.constraints ?? []),
    budget: {
      ...(flags.budget !== undefined || flags.costBudget !== undefined || flags.timeBudget !== undefined
        ? {}
        : (base.budget ?? (isDefaultRun ? DEFAULT_TRAINER_BUDGET : { queries: 100 }))),
      ...(flags.budget !== undefined ? { queries: flags.budget } : {}),
      ...(flags.costBudget !== undefined ? { cost: flags.costBudget } : {}),
      ...(flags.timeBudget !== undefined ? { seconds: flags.timeBudget } : {}),
    },
    seed: flags.seed ?? base.seed ?? 0,
    ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
    ...(flags.fidelity !== undefined ? { fidelity: flags.fidelity } : {}),
  };
  if (flags.strategy !== undefined && !STRATEGY_NAMES.includes(flags.strategy as (typeof STRATEGY_NAMES)[number])) {
    throw new InvalidInputError(`--strategy must be one of ${STRATEGY_NAMES.join(', ')}, but got ${show(flags.strategy)}`);
  }
  return parseRunConfig(input, flags.config ? `config ${flags.config}` : 'config');
}

/**
 * The evaluator: the config's, with the flags laid over it. Flags of the other kind of evaluator
 * are an error rather than silently dropped (--dataset with --benchmark, --table without one).
 */
function evaluatorOf(flags: SearchFlags, fromConfig: RunConfigInput['evaluator'] | undefined): NonNullable<RunConfigInput['evaluator']> {
  const trainerFlags = [flags.dataset !== undefined && '--dataset', flags.labelColumn !== undefined && '--label-column', flags.space !== undefined && '--space'].filter(
    (f): f is string => f !== false,
  );
  const benchmarkFlags = [
    flags.table !== undefined && '--table',
    flags.columns !== undefined && '--columns',
    flags.noise === true && '--noise',
    flags.simulateSeconds !== undefined && '--simulate-seconds',
  ].filter((f): f is string => f !== false);
  if (flags.benchmark !== undefined && trainerFlags.length > 0) {
    const one = trainerFlags.length === 1;
    throw new InvalidInputError(`${trainerFlags.join(', ')} ${one ? 'is a trainer setting' : 'are trainer settings'}, so ${one ? 'it' : 'they'} cannot go with --benchmark ${flags.benchmark}`);
  }
  let evaluator: NonNullable<RunConfigInput['evaluator']>;
  if (flags.benchmark !== undefined) {
    // the config's table, columns, … belong to its benchmark: kept only when it is the same one
    const same = fromConfig?.kind === 'benchmark' && fromConfig.benchmark === flags.benchmark ? fromConfig : {};
    evaluator = { ...same, kind: 'benchmark', benchmark: flags.benchmark };
  } else if (trainerFlags.length > 0) {
    const trainer = fromConfig?.kind === 'trainer' ? fromConfig : DEFAULT_TRAINER;
    evaluator = {
      ...trainer,
      ...(flags.dataset !== undefined ? { dataset: flags.dataset } : {}),
      ...(flags.labelColumn !== undefined ? { labelColumn: labelColumn(flags.labelColumn) } : {}),
      ...(flags.space !== undefined ? { space: flags.space } : {}),
    };
  } else {
    evaluator = fromConfig ?? DEFAULT_TRAINER;
  }
  if (benchmarkFlags.length > 0) {
    if (evaluator.kind !== 'benchmark') {
      throw new InvalidInputError(`${benchmarkFlags.join(', ')} need a tabular benchmark (--benchmark, or a config whose evaluator.kind is "benchmark"), but this run uses the trainer`);
    }
    evaluator = {
      ...evaluator,
      ...(flags.table !== undefined ? { table: flags.table } : {}),
      ...(flags.columns !== undefined ? { columns: flags.columns } : {}),
      ...(flags.noise === true ? { noise: true } : {}),
      ...(flags.simulateSeconds !== undefined ? { simulateSeconds: flags.simulateSeconds } : {}),
    };
  }
  return evaluator;
}

function defaultObjectives(evaluator: NonNullable<RunConfigInput['evaluator']>): Objective[] {
  if (evaluator.kind === 'benchmark') return [benchmarkObjective(evaluator.benchmark)];
  return [
    { metric: 'validAcc', direction: 'max' },
    { metric: 'trainSeconds', direction: 'min' },
    { metric: 'paramsM', direction: 'min' },
  ];
}

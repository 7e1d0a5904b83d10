import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { InvalidInputError, checkSafeName, show } from '../../core/index.js';
import type { Objective } from '../../core/index.js';
import { RunDirectory, newRunId, stripBom } from '../../run/index.js';
import { STRATEGY_NAMES } from '../../search/strategy-names.js';
import { duration, nonNegativeInt, objectiveList, oneOf, positiveInt, positiveNumber } from '../flags.js';
import { sayIfNativeOff } from '../native-line.js';
// Light modules only: flags and config are checked before the engine, the strategies, the queue
// and the TUI load (a refused flag answers in a few tenths of a second, not in 1.5 s).
import { DEFAULT_EVALUATOR_KIND, EVALUATOR_KINDS, evaluatorKind } from '../../setup/registry.js';
import { parseRunConfig } from '../../setup/run-config.js';
import type { RunConfig, RunConfigInput } from '../../setup/run-config.js';
import { prepareRunConfig } from '../../setup/run-describe.js';
import type { EvaluatorFlag, EvaluatorKind } from '../../setup/evaluator-kind.js';
import { exitWhenFlushed } from '../exit.js';

export interface SearchFlags {
  config?: string;
  /** Evaluator kinds' own flags (see each kind's `flags`), e.g. benchmark, dataset, space. */
  [evaluatorFlag: string]: unknown;
  strategy?: string;
  objectives?: Objective[];
  constraint?: string[];
  budget?: number;
  costBudget?: number;
  timeBudget?: number;
  workers?: number;
  queue?: string;
  prune?: 'median' | 'asha';
  queueName?: string;
  seed?: number;
  fidelity?: 'full' | 'multi';
  runsDir: string;
  name?: string;
  tui: boolean;
  json?: boolean;
  quiet?: boolean;
  requery?: number;
}

export function registerSearchCommand(program: Command): void {
  const command = program
    .command('search')
    .description('run a joint architecture + recipe search; the journal in runs/<id>/ survives crashes (jars resume)')
    .option('--config <file>', 'run config JSON (schema: schemas/run-config.schema.json); flags override it');
  // Each evaluator kind's flags (a flag shared by several kinds is registered once).
  for (const flag of uniqueEvaluatorFlags()) {
    if (flag.parse) command.option(flag.flags, flag.description, flag.parse);
    else command.option(flag.flags, flag.description);
  }
  command
    .option('--strategy <name>', `search strategy: ${STRATEGY_NAMES.join(', ')}`)
    .option('--objectives <list>', 'metric:max|min,… e.g. validAcc:max,flopsM:min', objectiveList('--objectives'))
    .addOption(new Option('--constraint <expr>', 'metric<=limit or metric>=limit, repeatable (e.g. flopsM<=100)').argParser(collect).default([], 'none'))
    .option('--budget <n>', 'number of evaluations', positiveInt('--budget'))
    .option('--cost-budget <x>', 'cost in full-training equivalents', positiveNumber('--cost-budget'))
    .option('--time-budget <duration>', 'running time of the run (all its sessions): seconds or 90s, 5m, 2h', duration('--time-budget'))
    .option('--workers <n>', 'evaluations in parallel (with --queue: jobs in flight)', positiveInt('--workers'))
    .option('--requery <n>', 'keep the last n queries of --budget for re-queries of the best candidates (noisy evaluations); named by their mean', nonNegativeInt('--requery'))
    .option('--prune <rule>', 'stop hopeless evaluations early from their per-epoch reports: median or asha', oneOf('--prune', ['median', 'asha'] as const))
    .option('--queue <url>', 'send evaluations to jars workers over Redis: redis://[:password@]host:6379[/db] or rediss://…')
    .option('--queue-name <name>', 'with --queue: the queue shared with the workers (default jars-evaluations)')
    .option('--seed <n>', 'random seed', nonNegativeInt('--seed'))
    .option('--fidelity <mode>', 'full or multi (cheap fidelities allowed)', oneOf('--fidelity', ['full', 'multi'] as const))
    .option('--runs-dir <dir>', 'where run folders go', 'runs')
    .option('--name <id>', 'run folder name (default: time-strategy-seed)')
    .option('--no-tui', 'plain progress lines on stderr even on a terminal')
    .option('--json', 'stream journal events as JSON lines on stdout')
    .option('--quiet', 'no progress lines or summary on stderr (batch mode)')
    .action(async (flags: SearchFlags) => {
      const config = prepareRunConfig(buildConfig(flags));
      if (flags.name !== undefined) checkSafeName('--name', flags.name);
      const id = flags.name ?? config.name ?? newRunId(`${config.strategy}-s${config.seed}`);
      const { buildRunParts, strategyFor } = await import('../../setup/build-run.js');
      // Everything is validated before the run folder exists: bad input leaves nothing behind.
      const local = buildRunParts(config, { runDir: path.join(flags.runsDir, id) });
      strategyFor(config, local);
      if (!config.queue && (local.evaluator.concurrency ?? 1) > cpus().length) {
        process.stderr.write(`jars: warning: ${config.workers} workers on ${cpus().length} cores; evaluations beyond the core count slow each other down\n`);
      }
      if (config.evaluator.kind === 'trainer' && !config.queue) sayIfNativeOff();
      const run = RunDirectory.create(path.join(flags.runsDir, id), config);
      const [{ runSession }, { createOutput, exitCodeFor, outputModeOf, sessionParts }] = await Promise.all([import('../run-session.js'), import('../session-output.js')]);
      const parts = await sessionParts(config, local, run.id);
      if (!flags.quiet) process.stderr.write(`jars: run ${run.dir}\n`);
      const { output, controls } = await createOutput(outputModeOf(flags), run, config, parts, { quiet: flags.quiet === true });
      const result = await runSession(run, config, output, controls, parts);
      process.exitCode = exitCodeFor(result);
      if (config.queue) exitWhenFlushed(process.exitCode);
    });
}

/** The embedded default run (no evaluator given): about five minutes on two cores, whatever the pace. */
const DEFAULT_TRAINER_BUDGET = { queries: 40, seconds: 270 };

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
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
  const { evaluator, kind, selected } = evaluatorOf(flags, base.evaluator);
  const isDefaultRun = !selected && base.evaluator === undefined;
  const objectives = flags.objectives ?? base.objectives ?? kind.defaultObjectives(evaluator as never);
  const input: RunConfigInput = {
    version: 1,
    ...base,
    evaluator: evaluator as NonNullable<RunConfigInput['evaluator']>,
    strategy: flags.strategy ?? base.strategy ?? kind.defaultStrategy,
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
    ...(flags.prune !== undefined ? { pruner: flags.prune } : {}),
    ...(flags.requery !== undefined ? { strategyOptions: { ...(base.strategyOptions ?? {}), requery: flags.requery } } : {}),
    ...(flags.queue !== undefined ? { queue: { url: flags.queue, ...(flags.queueName !== undefined ? { name: flags.queueName } : {}) } } : {}),
    ...(flags.fidelity !== undefined ? { fidelity: flags.fidelity } : {}),
  };
  if (flags.strategy !== undefined && !STRATEGY_NAMES.includes(flags.strategy as (typeof STRATEGY_NAMES)[number])) {
    throw new InvalidInputError(`--strategy must be one of ${STRATEGY_NAMES.join(', ')}, but got ${show(flags.strategy)}`);
  }
  return parseRunConfig(input, flags.config ? `config ${flags.config}` : 'config');
}

function uniqueEvaluatorFlags(): EvaluatorFlag[] {
  const seen = new Map<string, EvaluatorFlag>();
  for (const kind of Object.values(EVALUATOR_KINDS) as EvaluatorKind[]) for (const f of kind.flags) if (!seen.has(f.key)) seen.set(f.key, f);
  return [...seen.values()];
}

function flagName(kind: EvaluatorKind, key: string): string {
  return (kind.flags.find((f) => f.key === key)?.flags ?? key).split(' ')[0] as string;
}

/**
 * The evaluator: the config's, with the flags laid over it. A kind's selecting flag (--benchmark,
 * --command) chooses that kind; other evaluator flags keep the config's kind (or the default) if
 * it takes them. Flags of another kind are an error rather than silently dropped (--dataset with
 * --benchmark, --table without one).
 */
function evaluatorOf(
  flags: SearchFlags,
  fromConfig: RunConfigInput['evaluator'] | undefined,
): { evaluator: Record<string, unknown>; kind: EvaluatorKind; selected: boolean } {
  const kinds = Object.values(EVALUATOR_KINDS) as EvaluatorKind[];
  const given = uniqueEvaluatorFlags()
    .map((f) => f.key)
    .filter((key) => flags[key] !== undefined && flags[key] !== false);
  const selecting = kinds.filter((k) => k.selectedBy !== undefined && given.includes(k.selectedBy));
  if (selecting.length > 1) {
    throw new InvalidInputError(`${selecting.map((k) => flagName(k, k.selectedBy as string)).join(' and ')} choose different evaluators; give one of them`);
  }
  const configKind = fromConfig ? evaluatorKind(fromConfig.kind, 'config.evaluator.kind') : undefined;
  const takesAll = (k: EvaluatorKind) => given.every((key) => k.flags.some((f) => f.key === key));
  const byFlags = selecting[0] ?? (given.length > 0 && !(configKind && takesAll(configKind)) ? kinds.find((k) => k.selectedBy === undefined && takesAll(k)) : undefined);
  const kind = byFlags ?? configKind ?? evaluatorKind(DEFAULT_EVALUATOR_KIND);
  const foreign = given.filter((key) => !kind.flags.some((f) => f.key === key));
  if (foreign.length > 0) {
    const names = foreign.map((key) => flagName(kinds.find((k) => k.flags.some((f) => f.key === key)) as EvaluatorKind, key));
    const owners = kinds.filter((k) => foreign.some((key) => k.flags.some((f) => f.key === key)));
    const one = names.length === 1;
    if (kind.selectedBy !== undefined && given.includes(kind.selectedBy)) {
      const ownerNames = owners.map((k) => k.kind).join(' or ');
      throw new InvalidInputError(
        `${names.join(', ')} ${one ? `is a ${ownerNames} setting` : `are ${ownerNames} settings`}, so ${one ? 'it' : 'they'} cannot go with ${flagName(kind, kind.selectedBy)} ${String(flags[kind.selectedBy])}`,
      );
    }
    const owner = owners[0] as EvaluatorKind;
    const how = owner.selectedBy ? `${flagName(owner, owner.selectedBy)}, or a config whose evaluator.kind is "${owner.kind}"` : `a config whose evaluator.kind is "${owner.kind}"`;
    throw new InvalidInputError(`${names.join(', ')} need ${owner.noun} (${how}), but this run uses ${kind.noun}`);
  }
  const base = fromConfig && fromConfig.kind === kind.kind ? (fromConfig as Record<string, unknown>) : undefined;
  const evaluator = given.length > 0 || !base ? kind.fromFlags(flags, base) : base;
  return { evaluator, kind, selected: selecting.length > 0 };
}

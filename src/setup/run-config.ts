import { z } from 'zod';
import { InvalidInputError, SAFE_NAME_PATTERN, SAFE_NAME_RULE } from '../core/index.js';
import type { Budget, Constraint, Objective } from '../core/index.js';
import { EVALUATOR_KINDS } from './registry.js';
import type { EvaluatorKindName } from './registry.js';

/** Evaluations in parallel: beyond this a config is a typo, not a machine (each trainer worker is a process). */
export const MAX_WORKERS = 256;

/** One objective; also what a queue job carries of its run. */
export const objectiveSchema = z.object({ metric: z.string().min(1), direction: z.enum(['max', 'min']) }).strict();

/** One constraint (`{metric, max?, min?}`); also what a queue job carries of its run. */
export const constraintSchema = z
  .object({ metric: z.string().min(1), max: z.number().optional(), min: z.number().optional() })
  .strict()
  .refine((c) => c.max !== undefined || c.min !== undefined, { message: 'a constraint needs max or min' });

// The union of the registered evaluator kinds' schemas, discriminated by `kind`.
const evaluatorKindSchemas = Object.values(EVALUATOR_KINDS).map((k) => k.schema) as unknown as [
  z.ZodObject,
  ...z.ZodObject[],
];
const evaluator = z.discriminatedUnion('kind', evaluatorKindSchemas);

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

export const fidelitySchema = z.enum(['full', 'multi']);

/** A run's frozen settings: written to `config.json` at start, read back by `jars resume`. */
export const runConfigSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1),
    /** The run folder's name when `jars search --name` does not give one. */
    name: z.string().regex(SAFE_NAME_PATTERN, SAFE_NAME_RULE).optional(),
    evaluator,
    strategy: z.string().min(1),
    strategyOptions: z.record(z.string(), z.unknown()).default({}),
    objectives: z.array(objectiveSchema).min(1).max(4),
    constraints: z.array(constraintSchema).default([]),
    budget,
    fidelity: fidelitySchema.default('full'),
    seed: z.number().int().nonnegative(),
    workers: z.number().int().positive().max(MAX_WORKERS).default(1),
    /**
     * Stop hopeless evaluations from their per-epoch reports: `median` (below the median of
     * completed ones at the same epoch) or `asha` (not in the top third of their rung).
     */
    pruner: z.enum(['median', 'asha']).optional(),
    /**
     * Send evaluations to a BullMQ queue on Redis that `jars worker` processes (on any machine)
     * take jobs from; this process stays the only journal writer. `workers` = jobs in flight.
     */
    queue: z
      .object({
        url: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL'),
        /** Queue name shared with the workers (default jars-evaluations). */
        name: z.string().regex(SAFE_NAME_PATTERN, SAFE_NAME_RULE).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

type ParsedRunConfig = z.infer<typeof runConfigSchema>;

/** An evaluator config: its `kind` and that kind's own fields (only its module reads them). */
export interface EvaluatorConfig {
  readonly kind: EvaluatorKindName;
  readonly [field: string]: unknown;
}

/** A run's validated settings (`config.json`). */
export type RunConfig = Omit<ParsedRunConfig, 'evaluator' | 'objectives' | 'constraints' | 'budget'> & {
  readonly evaluator: EvaluatorConfig;
  readonly objectives: readonly Objective[];
  readonly constraints: readonly Constraint[];
  readonly budget: Budget;
};
export type RunConfigInput = Omit<z.input<typeof runConfigSchema>, 'evaluator'> & { evaluator?: Record<string, unknown> & { kind: string } };

/** Validates a config (from a file or built from flags); the error names the field and the rule. */
export function parseRunConfig(value: unknown, source = 'config'): RunConfig {
  const result = runConfigSchema.safeParse(value, { reportInput: true });
  if (!result.success) throw new InvalidInputError(describeZodError(result.error, source));
  const config = result.data as unknown as RunConfig;
  checkConsistent(config, source);
  return config;
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

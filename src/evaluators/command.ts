import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InvalidInputError, RunError } from '../core/index.js';
import type { Candidate, Evaluator } from '../core/index.js';
import type { CommandEvaluator } from '../command/index.js';
import type { EvaluatorKind } from '../setup/evaluator-kind.js';
import { gpuList, positiveNumber } from '../setup/flag-parsers.js';
import { datasetFields, datasetFlags, datasetFromFlags, datasetSpace, splitOptions, withDataShape, withDatasetProxies } from './trainer.js';

/** The statistics jars computes itself for trainer spaces; everything else comes from the command. */
const OWN_STATISTICS = ['flopsM', 'paramsM'];

const schema = z
  .object({
    kind: z.literal('command'),
    /** The training command, run once per candidate with `/bin/sh -c` (protocol: README, "Bring your own trainer"). */
    command: z.string().min(1),
    /** Where the command runs (absolute); `jars search` records the folder it was started in. */
    workdir: z.string().min(1).optional(),
    /** Seconds one trial may run before it is stopped and recorded as failed. */
    timeoutSeconds: z.number().positive().max(2_147_483).optional(),
    /** GPU ids handed out per worker slot as CUDA_VISIBLE_DEVICES (slot i gets gpus[i mod n]). */
    gpus: z.array(z.string().regex(/^[\w-]+$/, 'a GPU id (digits, letters, - or _)')).min(1).optional(),
    ...datasetFields,
  })
  .strict();

export type CommandEvaluatorConfig = z.output<typeof schema>;

/** A user's own training program (any language, any GPU), run per candidate under the JSON-lines protocol. */
export const commandEvaluator: EvaluatorKind<'command', CommandEvaluatorConfig> = {
  kind: 'command',
  schema,
  noun: 'a training command',
  selectedBy: 'command',
  flags: [
    { key: 'command', flags: '--command <cmd>', description: 'train each candidate with this command (JSON lines on stdout; see the README)' },
    ...datasetFlags,
    { key: 'trialTimeout', flags: '--trial-timeout <s>', description: 'command: seconds a trial may run before it is stopped as failed', parse: positiveNumber('--trial-timeout') },
    { key: 'gpus', flags: '--gpus <ids>', description: 'command: GPU ids for the worker slots, e.g. 0,1 (CUDA_VISIBLE_DEVICES)', parse: gpuList('--gpus') },
  ],
  fromFlags: (flags, base) => ({
    ...datasetFromFlags(flags, base),
    kind: 'command',
    ...(flags.command !== undefined ? { command: flags.command } : {}),
    ...(flags.trialTimeout !== undefined ? { timeoutSeconds: flags.trialTimeout } : {}),
    ...(flags.gpus !== undefined ? { gpus: flags.gpus } : {}),
  }),
  prepare(config) {
    const workdir = path.resolve(config.workdir ?? process.cwd());
    if (!existsSync(workdir) || !statSync(workdir).isDirectory()) {
      throw new InvalidInputError(`evaluator.workdir must be an existing folder, but got ${JSON.stringify(workdir)}`);
    }
    return { ...withDataShape(config), workdir };
  },
  build(config, context) {
    const space = datasetSpace(config);
    const wanted = [...context.objectives.map((o) => o.metric), ...context.constraints.map((c) => c.metric)];
    const requiredMetrics = [...new Set(wanted.filter((m) => !OWN_STATISTICS.includes(m) || !space.statisticNames.includes(m)))];
    const metricNames = [...new Set([...requiredMetrics, 'validAcc', 'validLoss', 'trainSeconds', 'epochs', ...space.statisticNames])];
    const archSource = space as unknown as { archSpec?: (c: Candidate) => unknown };
    // The command library loads on the first evaluation, so reading a run (status, trials) stays light.
    let evaluator: Promise<CommandEvaluator> | undefined;
    const create = async (): Promise<CommandEvaluator> => {
      if (context.runDir === undefined) throw new RunError('a command evaluator runs trials only inside a run folder (jars search or jars resume)');
      const { createCommandEvaluator } = await import('../command/index.js');
      return createCommandEvaluator({
        command: config.command,
        workdir: config.workdir ?? process.cwd(),
        runDir: path.resolve(context.runDir),
        runId: path.basename(context.runDir),
        spaceName: config.space,
        ...(archSource.archSpec ? { toArchSpec: (c: Candidate) => (archSource.archSpec as (c: Candidate) => unknown).call(space, c) } : {}),
        data: { dataset: config.dataset, labelColumn: config.labelColumn, inputShape: config.inputShape, split: splitOptions(config), splitSeed: context.seed },
        requiredMetrics,
        metricNames,
        statistics: (c) => space.statistics(c),
        workers: context.workers,
        ...(config.timeoutSeconds !== undefined ? { timeoutSeconds: config.timeoutSeconds } : {}),
        ...(config.gpus ? { gpus: config.gpus } : {}),
      });
    };
    const start = (): Promise<CommandEvaluator> => (evaluator ??= create());
    const lazy: Evaluator<Candidate> = {
      name: 'command',
      metricNames,
      concurrency: context.workers,
      evaluate: async (candidate, ctx) => (await start()).evaluate(candidate, ctx),
      close: async () => {
        await (await evaluator?.catch(() => undefined))?.close();
      },
    };
    // The command reports its metrics with the space's own statistics; the proxies only feed the predictor.
    return { space: withDatasetProxies(space, config, context), evaluator: lazy, metricNames };
  },
  label: (e) => `${e.dataset} · ${e.space} · command`,
  describe: (e) => `command \`${e.command}\` on ${e.dataset} (${e.space}${e.proxies ? `; proxies ${e.proxies.join(', ')}` : ''})`,
  defaultObjectives: () => [
    { metric: 'validAcc', direction: 'max' },
    { metric: 'paramsM', direction: 'min' },
  ],
  defaultStrategy: 'fbnetv3',
  provenance: (e) => ({ kind: 'command', command: e.command, dataset: e.dataset, space: e.space }),
  recipeKind: 'trainer',
  dataset: (e) => e.dataset,
};

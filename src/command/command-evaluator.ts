import { closeSync, existsSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError, JarsError, show } from '../core/index.js';
import type { Candidate, EvaluateContext, Evaluation, Evaluator, Json, Metrics } from '../core/index.js';
import { serialiseRecipe } from '../space/index.js';
import { candidateToJob, epochsToTrain } from '../train/index.js';
import type { JobDefaults } from '../train/index.js';
import { logTail } from './log-tail.js';
import { datasetSourcePath, materialiseSplit } from './materialise-split.js';
import type { CommandDataOptions, MaterialisedSplit } from './materialise-split.js';
import { COMMAND_PROTOCOL_VERSION, parseTrainerLine } from './protocol.js';
import type { CandidateFileV1 } from './protocol.js';
import { SlotPool } from './slot-pool.js';
import { prepareTrialFolder } from './trial-folder.js';
import { trialEvaluation } from './trial-outcome.js';
import type { ObjectLine, StopReason } from './trial-outcome.js';
import { defaultSupervisorScript, TrialProcess } from './trial-process.js';

export interface CommandEvaluatorOptions {
  /** Run per candidate as `/bin/sh -c <command>`. */
  readonly command: string;
  /** Absolute; the command's working directory. */
  readonly workdir: string;
  /** Absolute; trials go to `<runDir>/trials/<candidate id>/`, the split to `<runDir>/data/`. */
  readonly runDir: string;
  readonly runId: string;
  /** The jars space's name, written to candidate.json ("cnn", "mlp", …). */
  readonly spaceName: string;
  /** The space's candidate → ArchSpec mapping (e.g. `c => space.archSpec(c)`); not needed when arch is a spec. */
  readonly toArchSpec?: (candidate: Candidate) => unknown;
  /** The data every trial gets, materialised once as IDX files on the first evaluation. */
  readonly data: CommandDataOptions;
  /** Metrics the result line must hold as finite numbers (candidate.json "metrics"). */
  readonly requiredMetrics: readonly string[];
  /** Reported as hidden metrics, never to strategies; default ["testAcc"]. */
  readonly hiddenMetrics?: readonly string[];
  /** Further metrics the trainer is known to report, for `metricNames` (objectives are checked against it). */
  readonly metricNames?: readonly string[];
  /** Free statistics jars computes (flopsM, paramsM, …), merged in unless the trainer reports them. */
  readonly statistics?: (candidate: Candidate) => Metrics;
  /** Per trial; absent = no limit. */
  readonly timeoutSeconds?: number;
  /** Trials at once; default 1. */
  readonly workers?: number;
  /** Slot i runs with CUDA_VISIBLE_DEVICES = gpus[i % gpus.length]; absent = the environment's. */
  readonly gpus?: readonly string[];
  /** SIGTERM → SIGKILL delay when a trial is stopped; default 5. */
  readonly graceSeconds?: number;
  /** Extra environment variables for the command. */
  readonly env?: Readonly<Record<string, string>>;
  /** The compiled trial supervisor; default dist/command/trial-supervisor.js. */
  readonly supervisorScript?: string;
}

export type CommandEvaluator = Evaluator<Candidate> & { readonly concurrency: number; close(): Promise<void> };

/**
 * An evaluator that runs the user's training command once per candidate, following the command
 * trainer protocol (version 1). Trainer failures of any kind come back as failed evaluations;
 * only bad setup (a missing workdir, a candidate without an architecture spec, unreadable data)
 * throws, as a JarsError.
 */
export function createCommandEvaluator(options: CommandEvaluatorOptions): CommandEvaluator {
  checkOptions(options);
  return new CommandTrialRunner(options);
}

class CommandTrialRunner implements CommandEvaluator {
  readonly name = 'command';
  readonly metricNames: readonly string[];
  readonly concurrency: number;
  private readonly slots: SlotPool;
  private readonly running = new Set<{ stop: () => void; done: Promise<unknown> }>();
  private readonly jobDefaults: JobDefaults;
  private split: MaterialisedSplit | undefined;
  private readonly supervisorScript: string;
  private unnamed = 0;

  constructor(private readonly options: CommandEvaluatorOptions) {
    this.concurrency = options.workers ?? 1;
    this.slots = new SlotPool(this.concurrency);
    this.supervisorScript = options.supervisorScript ?? defaultSupervisorScript();
    this.metricNames = [...new Set([...options.requiredMetrics, ...(options.metricNames ?? [])])];
    const toArchSpec = options.toArchSpec;
    this.jobDefaults = toArchSpec ? { space: { archSpec: (c) => toArchSpec(c) } } : {};
  }

  async evaluate(candidate: Candidate, context: EvaluateContext): Promise<Evaluation> {
    const aborted: Evaluation = { metrics: {}, cost: 0, seconds: 0, failure: 'aborted' };
    if (context.signal?.aborted) return aborted;
    const job = candidateToJob(candidate, this.jobDefaults);
    if (!existsSync(this.supervisorScript)) {
      throw new JarsError('E_COMMAND', `trial supervisor ${this.supervisorScript} not found; run \`npm run build\` first (trials run under the compiled supervisor)`);
    }
    this.split ??= materialiseSplit(this.options.runDir, this.options.data);
    // Drawn before waiting for a slot, so the seed depends on the evaluation alone.
    const seed = context.rng.seed31();
    const slot = await this.slots.acquire(context.signal);
    if (slot === undefined) return aborted;
    try {
      return await this.runTrial(candidate, context, { ...job, seed, slot, split: this.split });
    } finally {
      this.slots.release(slot);
    }
  }

  async close(): Promise<void> {
    const trials = [...this.running];
    for (const t of trials) t.stop();
    await Promise.all(trials.map((t) => t.done));
  }

  private async runTrial(
    candidate: Candidate,
    context: EvaluateContext,
    trial: ReturnType<typeof candidateToJob> & { seed: number; slot: number; split: MaterialisedSplit },
  ): Promise<Evaluation> {
    const { options } = this;
    const id = context.candidateId;
    const folder = prepareTrialFolder(path.join(options.runDir, 'trials'), id === undefined ? `once-${++this.unnamed}` : String(id));
    const candidateFile = path.join(folder.dir, 'candidate.json');
    const logFile = path.join(folder.dir, 'trainer.log');
    const askedEpochs = epochsToTrain(trial.recipe);
    const content: CandidateFileV1 = {
      protocol: COMMAND_PROTOCOL_VERSION,
      run: options.runId,
      candidateId: id ?? null,
      space: options.spaceName,
      arch: candidate.arch,
      archSpec: trial.arch as unknown as Json,
      recipe: serialiseRecipe(trial.recipe),
      epochs: askedEpochs,
      seed: trial.seed,
      dataset: {
        name: options.data.dataset,
        sampleShape: trial.split.sampleShape,
        classes: trial.split.classes,
        files: trial.split.files,
        source: { path: datasetSourcePath(options.data.dataset), labelColumn: options.data.labelColumn ?? null },
      },
      metrics: options.requiredMetrics,
    };
    writeFileSync(candidateFile, `${JSON.stringify(content, null, 2)}\n`);
    writeFileSync(logFile, '');
    const gpus = options.gpus ?? [];
    const gpu = gpus.length > 0 ? gpus[trial.slot % gpus.length] : undefined;

    let last: ObjectLine | undefined;
    let lastReport: (ObjectLine & { epoch: number }) | undefined;
    let stoppedFor: StopReason | undefined;
    const hidden = options.hiddenMetrics ?? ['testAcc'];
    // Non-JSON stdout lines join the trainer's stderr in trainer.log (both append).
    const log = openSync(logFile, 'a');
    const started = performance.now();
    const trialProcess = new TrialProcess({
      command: options.command,
      cwd: options.workdir,
      env: trialEnv(options.env, { JARS_TRIAL_DIR: folder.dir, JARS_CANDIDATE_FILE: candidateFile, ...(gpu === undefined ? {} : { CUDA_VISIBLE_DEVICES: gpu }) }),
      logFile,
      graceMs: (options.graceSeconds ?? 5) * 1000,
      supervisorScript: this.supervisorScript,
      onLine: (text) => {
        const line = parseTrainerLine(text);
        if (line.kind === 'text') {
          writeSync(log, `${text}\n`);
          return;
        }
        if (stoppedFor !== undefined) return;
        last = line;
        if (line.epoch === undefined) return;
        const previous = lastReport?.epoch;
        lastReport = { ...line, epoch: line.epoch };
        // A result line repeating the last epoch is no new report; hidden metrics never reach a pruner.
        if (previous !== undefined && line.epoch <= previous) return;
        const metrics = Object.fromEntries(Object.entries(line.numbers).filter(([k, v]) => Number.isFinite(v) && !hidden.includes(k)));
        if (context.report?.({ epoch: line.epoch, metrics }) === 'prune') stop('prune');
      },
    });
    const stop = (reason: StopReason) => {
      stoppedFor ??= reason;
      trialProcess.stop();
    };
    const onAbort = () => stop('abort');
    context.signal?.addEventListener('abort', onAbort, { once: true });
    if (context.signal?.aborted) onAbort();
    const timeout = options.timeoutSeconds === undefined ? undefined : setTimeout(() => stop('timeout'), options.timeoutSeconds * 1000);
    const handle = { stop: () => stop('abort'), done: trialProcess.done };
    this.running.add(handle);
    try {
      const exit = await trialProcess.done;
      return trialEvaluation(
        {
          exit,
          ...(stoppedFor ? { stoppedFor } : {}),
          ...(last ? { last } : {}),
          ...(lastReport ? { lastReport } : {}),
          seconds: (performance.now() - started) / 1000,
          logTail: logTail(logFile),
        },
        {
          requiredMetrics: options.requiredMetrics,
          hiddenMetrics: hidden,
          statistics: options.statistics?.(candidate) ?? {},
          fullEpochs: trial.recipe.epochs,
          askedEpochs,
          ...(options.timeoutSeconds === undefined ? {} : { timeoutSeconds: options.timeoutSeconds }),
          info: {
            trialDir: folder.dir,
            attempt: folder.attempt,
            slot: trial.slot,
            ...(gpu === undefined ? {} : { gpu }),
            ...(exit.pid === undefined ? {} : { pid: exit.pid }),
            seed: trial.seed,
          },
        },
      );
    } finally {
      closeSync(log);
      this.running.delete(handle);
      clearTimeout(timeout);
      context.signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** jars' environment, the user's extras, then the protocol's variables. */
function trialEnv(extra: Readonly<Record<string, string>> | undefined, protocol: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  // jars may itself be a forked child: its IPC channel is not the trainer's.
  delete env.NODE_CHANNEL_FD;
  delete env.NODE_CHANNEL_SERIALIZATION_MODE;
  // Python block-buffers a piped stdout, which would hold intermediate reports back until exit.
  env.PYTHONUNBUFFERED ??= '1';
  return { ...env, ...extra, ...protocol };
}

function checkOptions(o: CommandEvaluatorOptions): void {
  const fail = (message: string) => {
    throw new InvalidInputError(message);
  };
  if (o.command.trim() === '') fail('command must be a non-empty shell command, but got ""');
  if (!path.isAbsolute(o.workdir)) fail(`workdir must be an absolute path, but got ${show(o.workdir)}`);
  if (!existsSync(o.workdir) || !statSync(o.workdir).isDirectory()) fail(`workdir must be an existing folder, but ${o.workdir} is not one`);
  if (!path.isAbsolute(o.runDir)) fail(`runDir must be an absolute path, but got ${show(o.runDir)}`);
  if (o.workers !== undefined && !(Number.isInteger(o.workers) && o.workers >= 1)) fail(`workers must be an integer ≥ 1, but got ${show(o.workers)}`);
  if (o.timeoutSeconds !== undefined && !(o.timeoutSeconds > 0)) fail(`timeoutSeconds must be > 0, but got ${show(o.timeoutSeconds)}`);
  if (o.graceSeconds !== undefined && !(o.graceSeconds >= 0)) fail(`graceSeconds must be ≥ 0, but got ${show(o.graceSeconds)}`);
  o.gpus?.forEach((g, i) => {
    if (!/^[A-Za-z0-9:_-]+(,[A-Za-z0-9:_-]+)*$/.test(g)) fail(`gpus[${i}] must be a device id such as "0" or "GPU-5d3c…" (a list with commas for one slot), but got ${show(g)}`);
  });
  o.requiredMetrics.forEach((m, i) => {
    if (m === '' || m === 'epoch') fail(`requiredMetrics[${i}] must be a metric name other than "epoch", but got ${show(m)}`);
  });
}

import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createCommandEvaluator } from '../../command/index.js';
import { InvalidInputError, Rng, evaluationRng, show } from '../../core/index.js';
import type { Evaluation, Json } from '../../core/index.js';
import { newRunId } from '../../run/index.js';
import { serialiseRecipe } from '../../space/index.js';
import { readRecipeFile, trainingInputOf } from '../../export/index.js';
import { archSpecFromText, loadRecipe, parseArchSpec, trainOnce } from '../../train/index.js';
import { sig, table } from '../format.js';
import { labelColumn, nonNegativeInt } from '../flags.js';
import { sayIfNativeOff } from '../native-line.js';

interface TrainFlags {
  arch?: string;
  recipe?: string;
  dataset?: string;
  seed?: number;
  test?: boolean;
  labelColumn?: string | number;
  json?: boolean;
  command?: string;
  runsDir: string;
}

/** A recipe file written by `jars export` (or a built-in one) rather than a bare recipe object. */
function isRecipeFile(path: string): boolean {
  if (/\.ya?ml$/i.test(path)) return true;
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    return typeof value === 'object' && value !== null && 'formatVersion' in value;
  } catch {
    return false;
  }
}

/** `--recipe '{"lr":0.01}'` is an inline recipe; anything else a file path. */
function inlineOrPath(value: string): Record<string, unknown> | string {
  if (!value.trim().startsWith('{')) return value;
  try {
    return JSON.parse(value) as Record<string, unknown>;
  } catch (error) {
    throw new InvalidInputError(`--recipe looks like inline JSON but does not parse: ${(error as Error).message}`);
  }
}

export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('train one architecture with one recipe and print its metrics (e.g. to retrain an exported recipe)')
    .option('--arch <spec|file>', 'architecture: a JSON spec or file, an NB201 cell string, mlp:256,128 or cnn:16,32 (default: the recipe file\'s)')
    .option('--recipe <file>', 'a recipe file from jars export / recipes/, or a JSON object of recipe fields')
    .option('--dataset <name|path>', 'mnist (default), mnist-idx, sklearn-digits, or a CSV / IDX / CIFAR-10 path')
    .option('--seed <n>', 'seeds the split, initialisation and shuffles (default: the recipe file\'s, else 0)', nonNegativeInt('--seed'))
    .option('--test', 'also hold out 10% as a test set and report its accuracy')
    .option('--label-column <name|index>', 'CSV datasets: the label column', labelColumn)
    .option('--json', 'print the whole report as JSON')
    .option('--command <cmd>', 'train with this command instead of jars\' tfjs trainer (the protocol of jars search --command)')
    .option('--runs-dir <dir>', 'with --command: where the trial folder goes (runs/train-<time>/)', 'runs')
    .action(async (flags: TrainFlags) => {
      if (flags.recipe !== undefined && !flags.recipe.trim().startsWith('{') && !existsSync(flags.recipe)) {
        throw new InvalidInputError(
          `--recipe must be a recipe file (e.g. runs/<id>/exports/<name>.recipe.json or recipes/nb201-cifar.recipe.json) or an inline JSON object, but file ${show(flags.recipe)} does not exist`,
        );
      }
      const fromFile = flags.recipe && isRecipeFile(flags.recipe) ? trainingInputOf(readRecipeFile(flags.recipe)) : undefined;
      const arch = flags.arch ?? (fromFile?.arch as string | Record<string, unknown> | undefined);
      if (arch === undefined) throw new InvalidInputError('--arch is required unless the --recipe file names an architecture');
      const seed = flags.seed ?? fromFile?.seed ?? 0;
      // Without --seed, a recipe exported from a run repeats that run's training of the candidate.
      const evaluationSeed = flags.seed === undefined ? fromFile?.evaluationSeed : undefined;
      if (flags.command !== undefined) {
        const candidateId = flags.seed === undefined ? fromFile?.candidateId : undefined;
        const evaluation = await trainWithCommand({
          command: flags.command,
          arch,
          recipe: fromFile ? (fromFile.recipe as Record<string, unknown>) : flags.recipe ? inlineOrPath(flags.recipe) : undefined,
          dataset: flags.dataset ?? fromFile?.dataset ?? 'mnist',
          seed,
          ...(candidateId !== undefined ? { candidateId } : {}),
          test: flags.test === true,
          ...(flags.labelColumn !== undefined ? { labelColumn: flags.labelColumn } : {}),
          runsDir: flags.runsDir,
        });
        printEvaluation(evaluation, flags.json === true, `${flags.command} · seed ${seed}`);
        return;
      }
      sayIfNativeOff();
      const report = await trainOnce({
        arch: typeof arch === 'string' ? arch : parseArchSpec(arch, 'recipe file architecture.spec'),
        ...(fromFile ? { recipe: fromFile.recipe as Record<string, unknown> } : flags.recipe ? { recipe: inlineOrPath(flags.recipe) } : {}),
        dataset: flags.dataset ?? fromFile?.dataset ?? 'mnist',
        seed,
        ...(evaluationSeed !== undefined ? { evaluationSeed } : {}),
        ...(flags.test ? { test: true } : {}),
        ...(flags.labelColumn !== undefined ? { labelColumn: flags.labelColumn } : {}),
        onEpoch: (log) => process.stderr.write(`epoch ${log.epoch}: loss ${sig(log.loss, 4)}, lr ${sig(log.lr, 3)}, ${log.seconds.toFixed(1)} s\n`),
      });
      if (flags.json) {
        process.stdout.write(JSON.stringify(report, null, 2) + '\n');
        return;
      }
      process.stdout.write(`${report.dataset}: ${JSON.stringify(report.arch)}\n`);
      const e = report.evaluation;
      printEvaluation(e, false, `backend ${String(e.info?.backend)}${e.info?.native ? ' + native kernels' : ''}, seed ${seed}`);
    });
}

function printEvaluation(e: Evaluation, json: boolean, footer: string): void {
  if (json) process.stdout.write(JSON.stringify(e, null, 2) + '\n');
  else {
    const rows = Object.entries({ ...e.metrics, ...(e.hiddenMetrics ?? {}) }).map(([k, v]) => [k, sig(v, 5)]);
    if (e.failure) process.stdout.write(`failed: ${e.failure}\n`);
    process.stdout.write(table(['metric', 'value'], rows) + '\n');
    process.stdout.write(`${footer}\n`);
  }
  if (e.failure) process.exitCode = 1;
}

interface CommandTraining {
  readonly command: string;
  readonly arch: string | Record<string, unknown>;
  readonly recipe: Record<string, unknown> | string | undefined;
  readonly dataset: string;
  readonly seed: number;
  /** From an exported recipe: repeat that run's evaluation (same split, same evaluation seed). */
  readonly candidateId?: number;
  readonly test: boolean;
  readonly labelColumn?: string | number;
  readonly runsDir: string;
}

/** One training with a user's command, in its own trial folder `runs/train-<time>/trials/…`. */
async function trainWithCommand(t: CommandTraining): Promise<Evaluation> {
  const spec = typeof t.arch === 'string' ? archSpecFromText(t.arch) : parseArchSpec(t.arch, 'recipe file architecture.spec');
  const recipe = serialiseRecipe(loadRecipe(t.recipe));
  const runId = newRunId('train');
  const runDir = path.resolve(t.runsDir, runId);
  mkdirSync(runDir, { recursive: true });
  process.stderr.write(`jars: training with ${t.command} in ${runDir}\n`);
  const evaluator = createCommandEvaluator({
    command: t.command,
    workdir: process.cwd(),
    runDir,
    runId,
    spaceName: spec.kind,
    data: {
      dataset: t.dataset,
      labelColumn: t.labelColumn,
      split: { validation: 0.2, ...(t.test ? { test: 0.1 } : {}) },
      splitSeed: t.seed,
    },
    requiredMetrics: ['validAcc'],
    workers: 1,
  });
  try {
    const id = t.candidateId ?? 0;
    const rng = t.candidateId !== undefined ? evaluationRng(t.seed, t.candidateId) : new Rng(`${t.seed}/train`);
    return await evaluator.evaluate({ arch: spec as unknown as Json, recipe }, { rng, candidateId: id });
  } finally {
    await evaluator.close();
  }
}

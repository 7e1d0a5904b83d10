import { InvalidInputError, evaluationRng, evaluationSeed } from '../core/index.js';
import type { Recipe } from '../space/index.js';
import type { ArchitectureSerialization, RecipeFile } from './recipe-file.js';

/** What `jars train --recipe FILE` needs from a recipe file. */
export interface TrainingInput {
  /** The buildable architecture, when the file has one (else the user passes --arch). */
  readonly arch?: NonNullable<ArchitectureSerialization['spec']>;
  readonly recipe: Recipe;
  /** The dataset and seed the recorded metrics were measured with (trainer exports only). */
  readonly dataset?: string;
  readonly seed?: number;
  /**
   * The seed the run trained this candidate with (weights, shuffles, augmentation); with `seed`
   * as the split seed, retraining repeats the recorded evaluation.
   */
  readonly evaluationSeed?: number;
  /** The candidate's id in its run (with `seed`, it fixes the evaluation's random stream). */
  readonly candidateId?: number;
}

/**
 * The trainer's inputs from a recipe file. A benchmark export's recipe belongs to the benchmark
 * (e.g. NB201's `epochs: 200` stands for the whole NB201 training recipe), so it cannot be
 * trained as it is: the error says what to do instead.
 */
export function trainingInputOf(file: RecipeFile): TrainingInput {
  if (file.kind !== 'trainer') {
    const spec = file.architecture?.spec;
    throw new InvalidInputError(
      `${file.path}: kind is "benchmark" (recipe ${JSON.stringify(file.recipe)} belongs to the tabular benchmark), so it cannot be trained as it is` +
        (spec ? `; train its architecture with a trainer recipe, e.g. --arch '${JSON.stringify(spec)}' --recipe recipes/nb201-cifar.recipe.json` : ''),
    );
  }
  const p = file.provenance;
  const evaluator = p.source === 'run' ? p.evaluator : undefined;
  return {
    ...(file.architecture?.spec ? { arch: file.architecture.spec } : {}),
    recipe: file.recipe,
    ...(file.kind === 'trainer' && typeof evaluator?.dataset === 'string' ? { dataset: evaluator.dataset } : {}),
    ...(p.source === 'run' ? { seed: p.seed, candidateId: p.candidateId, evaluationSeed: evaluationSeed(evaluationRng(p.seed, p.candidateId)) } : {}),
  };
}

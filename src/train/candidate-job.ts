import { InvalidInputError, show } from '../core/index.js';
import type { Candidate } from '../core/index.js';
import { formatNb201, NB201_EDGE_NAMES, recipeFromAssignment } from '../space/index.js';
import type { Assignment, Recipe } from '../space/index.js';
import { parseArchSpec } from './arch-spec.js';
import type { ArchSpec } from './arch-spec.js';

/** What the trainer needs from a candidate: a buildable architecture and a full recipe. */
export interface TrainingJob {
  readonly arch: ArchSpec;
  readonly recipe: Recipe;
}

/** A search space that knows the trainer spec of its candidates (MlpSpace, MbconvSpace, PnasCellSpace). */
export interface ArchSpecSource {
  archSpec(candidate: Candidate): unknown;
}

export interface JobDefaults {
  /** The space candidates come from, when their `arch` is not already a spec. */
  readonly space?: ArchSpecSource;
  /** Fields a candidate's recipe leaves out. */
  readonly baseRecipe?: Recipe;
  /** NB201 macro settings for candidates of the nb201 space (its cells carry only the 6 ops). */
  readonly nb201?: { readonly channels?: number; readonly cellsPerStage?: number };
}

/**
 * Maps a candidate to a training job. Accepted architectures: an `ArchSpec` (has `kind`), a
 * candidate of `defaults.space` (the trainer spaces mlp, mbconv, pnas map their own), or an NB201
 * space candidate (edges e01…e23). Recipes may name any subset of
 * the recipe fields (plus the `augment` preset name).
 */
export function candidateToJob(candidate: Candidate, defaults: JobDefaults = {}): TrainingJob {
  const arch = candidate.arch as Record<string, unknown> | null;
  let spec: ArchSpec;
  if (arch !== null && typeof arch === 'object' && 'kind' in arch) {
    spec = parseArchSpec(arch, 'candidate.arch');
  } else if (defaults.space) {
    spec = parseArchSpec(defaults.space.archSpec(candidate), 'candidate.arch');
  } else if (arch !== null && typeof arch === 'object' && NB201_EDGE_NAMES.every((e) => typeof arch[e] === 'string')) {
    spec = parseArchSpec({
      kind: 'nb201',
      cell: formatNb201(NB201_EDGE_NAMES.map((e) => arch[e] as string)),
      ...(defaults.nb201?.channels === undefined ? {} : { channels: defaults.nb201.channels }),
      ...(defaults.nb201?.cellsPerStage === undefined ? {} : { cellsPerStage: defaults.nb201.cellsPerStage }),
    });
  } else {
    throw new InvalidInputError(
      `candidate.arch must be an architecture spec with "kind" (mlp, cnn, nb201, mbconv, pnas) or an NB201 cell, but got ${show(arch)}`,
    );
  }
  const recipe = candidate.recipe;
  if (recipe === null || typeof recipe !== 'object' || Array.isArray(recipe)) {
    throw new InvalidInputError(`candidate.recipe must be an object of recipe fields, but got ${show(recipe)}`);
  }
  return { arch: spec, recipe: recipeFromAssignment(recipe as Assignment, defaults.baseRecipe, 'candidate.recipe') };
}

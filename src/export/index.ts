/**
 * Recipe files: exporting measured (architecture, recipe) pairs from a run as
 * `*.recipe.json|yaml|ts` with their metrics and provenance, the JSON Schema of the format, and
 * reading files back (`jars train --recipe`).
 */
export { RECIPE_FORMAT_VERSION, ARCH_SPEC_KINDS } from './recipe-file.js';
export type {
  RecipeFileSerialization,
  ArchitectureSerialization,
  ProvenanceSerialization,
  RunProvenanceSerialization,
  BuiltinProvenanceSerialization,
  ObjectiveSerialization,
  ScalarSerialization,
  JsonSerialization,
  RecipeFile,
  TrainerRecipeFile,
  BenchmarkRecipeFile,
} from './recipe-file.js';
export { recipeFileJsonSchema, RECIPE_SCHEMA_FILE, RECIPE_SCHEMA_ID } from './recipe-json-schema.js';
export { RECIPE_FORMATS, formatRecipeFile, recipeFileName } from './recipe-formats.js';
export type { RecipeFormat } from './recipe-formats.js';
export { parsePick, selectCandidates, idRanges } from './pick.js';
export type { Pick } from './pick.js';
export { exportRecipes, defaultExportDir, recipeFileContent, BUILTIN_RECIPES_DIR, RECIPE_SCHEMA_PATH } from './export-recipes.js';
export type { ExportOptions, ExportedRecipe } from './export-recipes.js';
export { readRecipeFile, parseRecipeFile, RECIPE_FILE_EXTENSIONS } from './read-recipe-file.js';
export { trainingInputOf } from './training-input.js';
export type { TrainingInput } from './training-input.js';

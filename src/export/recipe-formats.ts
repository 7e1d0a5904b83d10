import { stringify as stringifyYaml } from 'yaml';
import type { RecipeFileSerialization } from './recipe-file.js';

export const RECIPE_FORMATS = ['json', 'yaml', 'ts'] as const;
export type RecipeFormat = (typeof RECIPE_FORMATS)[number];

export function recipeFileName(name: string, format: RecipeFormat): string {
  return `${name}.recipe.${format}`;
}

/**
 * The file text in one format. JSON carries `$schema`; YAML points editors at the schema with
 * the yaml-language-server modeline instead (a `$schema` key would be data); TypeScript is a
 * typed constant for code that imports recipes directly.
 */
export function formatRecipeFile(content: RecipeFileSerialization, format: RecipeFormat): string {
  const { $schema, ...data } = content;
  switch (format) {
    case 'json':
      return JSON.stringify(content, null, 2) + '\n';
    case 'yaml':
      return `${$schema ? `# yaml-language-server: $schema=${$schema}\n` : ''}${stringifyYaml(data, { lineWidth: 0 })}`;
    case 'ts': {
      const origin =
        data.provenance.source === 'run'
          ? `Exported by jars ${data.provenance.jarsVersion} from run ${data.provenance.runId}, candidate ${data.provenance.candidateId}.`
          : `Built-in jars recipe (${data.provenance.reference}).`;
      return (
        `// ${data.name}: a jars recipe file (format ${data.formatVersion}, JSON Schema ${$schema ?? 'recipes/recipe.schema.json'}).\n` +
        `// ${origin}\n` +
        `export const recipe = ${JSON.stringify(data, null, 2)} as const;\n\n` +
        'export default recipe;\n'
      );
    }
  }
}

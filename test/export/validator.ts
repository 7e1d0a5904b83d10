import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { RECIPE_SCHEMA_PATH } from '../../src/export/index.js';

/**
 * ajv (an independent validator) compiled from the committed schema file. `date-time` is declared
 * known (ajv-formats is not installed); the schema's own pattern checks the value.
 */
export function compileRecipeSchema(): ValidateFunction {
  const schema = JSON.parse(readFileSync(RECIPE_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  return new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true, formats: { 'date-time': true } }).compile(schema);
}

import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layering: which areas of src/ each area may import (dependencies point one way; see the README's
// "Extending jars"). Checked by lint so that it stays true.
const LAYERS = {
  core: [],
  space: ['core'],
  pareto: ['core'],
  data: ['core'],
  queue: ['core', 'pareto', 'run'],
  command: ['core', 'data', 'train', 'space'],
  native: ['core'],
  predictor: ['core', 'native', 'pareto', 'space'],
  bench: ['core', 'data', 'pareto', 'space'],
  train: ['core', 'data', 'native', 'space'],
  search: ['core', 'pareto', 'predictor', 'space'],
  run: ['core', 'pareto'],
  engine: ['core', 'run', 'search', 'space'],
  evaluators: ['core', 'bench', 'data', 'space', 'train', 'setup', 'command', 'queue', 'run'],
  setup: ['core', 'bench', 'data', 'engine', 'evaluators', 'pareto', 'queue', 'run', 'search', 'space'],
  lab: ['core', 'bench', 'engine', 'native', 'pareto', 'predictor', 'run', 'search', 'space'],
  report: ['core', 'bench', 'pareto', 'run', 'setup', 'space'],
  export: ['core', 'pareto', 'report', 'run', 'setup', 'space'],
  tui: ['core', 'pareto', 'run'],
};
const AREAS = [...Object.keys(LAYERS), 'cli'];
const layerRules = Object.entries(LAYERS).map(([area, allowed]) => ({
  files: [`src/${area}/**/*.ts`, `src/${area}/**/*.tsx`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: AREAS.filter((a) => a !== area && !allowed.includes(a)).map((a) => ({
          group: [`../${a}`, `../${a}/*`],
          message: `src/${area} must not depend on src/${a} (layering, eslint.config.js LAYERS)`,
        })),
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'runs/**', 'predictors/**', 'native/build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['src/cli/**', 'bench/**', 'bin/**', 'test/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  ...layerRules,
  {
    // The native addon's CommonJS entry (Node-API addons load through require).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

// Lint setup: type-checked typescript-eslint (promise rules on), Svelte, Prettier owns formatting.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  {
    ignores: [
      'dist/',
      'dist-*/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'bench-results/',
      'models/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.strictTypeChecked,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  ...layerRules(),
  {
    files: ['**/*.js', '**/*.mjs'],
    ...ts.configs.disableTypeChecked,
  },
);

/**
 * The layers, held by the linter: `ui → state → services → (workers) → ingest / search / ml / db → core`.
 * A folder may import only from the layers below it; `src/ui` may import record *types* from `src/db` and
 * `src/services` but no values; `src/core` imports nothing of ours; workers never import services; and
 * production code never imports `scripts/` or the test helpers (`src/testing/`). Tests and helpers are free.
 */
function layerRules() {
  const below = (...folders) => ({
    regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`,
    message: `Imports point one way (ui → state → services → workers → ingest/search/ml/db → core): this folder may not import from ${folders.join(', ')}.`,
  });
  const noTestCode = {
    regex: '(^|/)(scripts|testing)/',
    message: 'Production code never imports scripts/ or the test helpers in src/testing/.',
  };
  const rule = (...patterns) => ({
    '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...patterns, noTestCode] }],
  });
  const tests = ['**/*.test.ts', 'src/testing/**'];
  return [
    {
      files: ['src/core/**/*.ts'],
      ignores: tests,
      rules: rule({
        ...below('db', 'ml', 'services', 'state', 'ui', 'ingest', 'search', 'workers'),
        message: 'src/core is pure: it imports nothing of ours outside src/core.',
      }),
    },
    {
      files: ['src/db/**/*.ts', 'src/ml/**/*.ts', 'src/ingest/**/*.ts', 'src/search/**/*.ts'],
      ignores: tests,
      rules: rule(below('services', 'state', 'ui')),
    },
    { files: ['src/services/**/*.ts'], ignores: tests, rules: rule(below('state', 'ui')) },
    { files: ['src/state/**/*.ts'], ignores: tests, rules: rule(below('ui')) },
    {
      files: ['src/ui/**/*.ts', 'src/ui/**/*.svelte', 'src/*.svelte', 'src/*.ts'],
      ignores: tests,
      rules: rule({
        ...below('db', 'services'),
        allowTypeImports: true,
        message: 'The UI reaches data and workers through src/state; it may import record types only.',
      }),
    },
    { files: ['workers/**/*.ts'], ignores: tests, rules: rule(below('src/services', 'services')) },
  ];
}

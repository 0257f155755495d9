// One linter, run check-only in CI. The restricted imports hold the direction of dependencies:
// d1/ imports nothing of ours above it; Durable Objects and queue consumers never import the HTTP layer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (files, patterns, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] },
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.wrangler/',
      '.tmp/',
      'public/',
      'worker-configuration.d.ts',
      'coverage/',
      'test-results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  layer(['d1/**'], ['**/workers/**', '**/durable-objects/**', '**/queues/**'], 'd1/ is the bottom layer.'),
  // The exceptions: rendering a post's Markdown (with its library images) is content logic the room needs to flush
  // a draft and the scheduler to publish one; room-fields holds the rules a PATCH of the side panel meets, which the
  // room's flush applies to what editors typed.
  layer(
    ['durable-objects/**', 'queues/**'],
    [
      '**/workers/*',
      '!**/workers/content',
      '**/workers/content/*',
      '!**/workers/content/markdown',
      '!**/workers/content/inline-images',
      '!**/workers/content/room-fields',
    ],
    'Durable Objects and consumers never import the HTTP layer.',
  ),
  {
    files: ['scripts/**', 'test/e2e/**', 'test/browser/**', 'bench/**', 'admin/vite.config.ts', '*.config.*', '*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);

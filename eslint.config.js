import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.sim/', 'coverage/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src/machines/**', 'src/policy/**'],
    rules: {
      // Pure layers: no I/O, no clocks (DESIGN §2). src/common holds Kubernetes data formats both sides read.
      'no-restricted-imports': ['error', { patterns: ['node:*', '**/infra/**', '**/actors/**', '**/sim/**'] }],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'fetch'],
    },
  },
  {
    files: ['src/sim/**'],
    rules: {
      // The simulator stands in for a real cluster and cloud: it must not lean on the product.
      'no-restricted-imports': ['error', { patterns: ['**/infra/**', '**/actors/**', '**/machines/**', '**/policy/**', '**/webhook/**'] }],
    },
  },
);

import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'cdk.out/**',
      'node_modules/**',
      'bench/corpus/**',
      'bench/results/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The engine is pure: source text in, report out. Time, blame and config are arguments.
    files: ['functions/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'node:fs',
            'node:fs/promises',
            'node:child_process',
            'node:http',
            'node:https',
            'node:net',
            'fs',
            'child_process',
          ],
          patterns: ['@aws-sdk/*', '@octokit/*', '../../cli/*', '../cli/*', '*/rule-pack/*'],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'Pass "now" in: the engine never reads the clock.',
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The engine reads no environment.' },
      ],
    },
  },
  {
    files: ['bench/**/*.mjs', '.ci/**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
);

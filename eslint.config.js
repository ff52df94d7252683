import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { boundaries } from './eslint.boundaries.js';

/**
 * Module boundaries (docs/adr/0007-module-boundaries.md): with false, an import of another
 * module's internal file is a warning; with true, an error like the other boundary rules.
 */
export const ENFORCE_BOUNDARIES = false;

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'data',
      'coverage',
      'src/web/assets/vendor',
      // Deliberately bad files, linted by test/lint-boundaries.test.ts only.
      'test/lint-boundaries/fixture',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/web/assets/**/*.js'],
    languageOptions: {
      globals: {
        document: 'readonly',
        window: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        AbortController: 'readonly',
        URLSearchParams: 'readonly',
      },
    },
  },
  ...boundaries({ enforce: ENFORCE_BOUNDARIES }),
);

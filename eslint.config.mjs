// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const infrastructure = [
  '@nestjs/*',
  'better-sqlite3',
  'kysely',
  'pg',
  'nodemailer',
  '@eventstore/*',
  'class-validator',
  'class-transformer',
  'node:fs',
  'fs',
  'node:crypto',
  'crypto',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'test-output/**', 'jest.config.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@app/*/*', '!@app/renewals/domain', 'libs/*', '**/libs/*'],
              message:
                'Import a context through its public surface (@app/<lib>, or the pure @app/renewals/domain), never its internals.',
            },
          ],
        },
      ],
    },
  },
  {
    // The dependency rule: the domain (deciders, pricing, policy) is pure TypeScript.
    files: ['libs/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: infrastructure,
              message: 'The domain must not depend on Nest or infrastructure.',
            },
            { group: ['@app/*'], message: 'The domain depends on nothing outside its own folder.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The browser front end: ES modules run by the browser as they are (no build step).
    files: ['apps/api/web/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser, Chart: 'readonly' } },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);

import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'libs/db/src/migrations/Migration*.ts',
      'dist/**',
      'node_modules/**',
      '.data/**',
      'reports/**',
      'coverage/**',
      '**/*.cjs',
      '*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Nothing but the configuration module reads the environment.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through @mutu/config.' },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    plugins: { jest },
    rules: {
      'jest/no-focused-tests': 'error',
      'no-restricted-properties': 'off',
      // Tests mutate parsed JSON fixtures freely.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['apps/*/src/main.ts', 'libs/config/src/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);

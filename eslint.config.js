import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'fixtures/', 'coverage/', '**/.terraform/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', {
        paths: [{ name: 'child_process', message: 'Use execa with an argv array through src/state (never a shell string).' },
                { name: 'node:child_process', message: 'Use execa with an argv array through src/state (never a shell string).' }],
      }],
    },
  },
  {
    // The doctor is pure: no processes, no file writes, no clock reads.
    files: ['src/doctor/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['execa', 'node:fs*', 'fs', 'fs/*', 'cdktf', '@cdktf/*', '../state/terraform/*'] }],
    },
  },
);

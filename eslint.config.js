import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// One owner per concern (docs/architecture.md). Flat config REPLACES a rule's
// options per block, so every block below spreads the shared lists instead of
// restating (or dropping) them.
const CHILD_PROCESS = [
  { name: 'child_process', message: 'Use execa with an argv array through src/state (never a shell string).' },
  { name: 'node:child_process', message: 'Use execa with an argv array through src/state (never a shell string).' },
];
const EXECA = { name: 'execa', message: 'src/state owns every child process (terraform/exec.ts, git.ts): call a wrapper there.' };
const NEW_AWS_CLIENT = {
  selector: 'NewExpression[callee.name=/Client$/]',
  message: 'src/aws/clients.ts owns AWS client config (region, endpoint, credentials): use makeAwsClient.',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'fixtures/', 'coverage/', '**/.terraform/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [...CHILD_PROCESS, EXECA] }],
    },
  },
  {
    // What ships: AWS clients only through the one config module.
    files: ['src/**/*.ts', 'cli/**/*.ts'],
    ignores: ['src/aws/**'],
    rules: { 'no-restricted-syntax': ['error', NEW_AWS_CLIENT] },
  },
  {
    // The process owner, and what is not shipped (test bed, scripts, bench, tests) may use execa.
    files: ['src/state/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: CHILD_PROCESS }] },
  },
  {
    // The doctor, the Terraform JSON schemas and the helpers are pure: no processes, no file
    // writes, no clock reads. Adds to the global rule.
    files: ['src/doctor/**/*.ts', 'src/tfjson/**/*.ts', 'src/util/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...CHILD_PROCESS, EXECA],
        patterns: ['execa', 'node:fs*', 'fs', 'fs/*', 'cdktf', '@cdktf/*', '../state/terraform/*'],
      }],
    },
  },
);

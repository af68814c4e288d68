// ESLint flat config. Formatting belongs to Prettier (eslint-config-prettier turns off every rule
// that would fight it); this file keeps to correctness, import order and the layering rules.
// Type-aware rules are left out on purpose: they need the whole program built for each run, which
// costs more than it finds here, where `tsc --noEmit` already runs in CI.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Relative imports carry no extension: moduleResolution is Bundler, and tsx, vite and vitest resolve them. */
const noExtension = {
  regex: String.raw`^\.{1,2}/.*\.(?:js|ts|tsx)$`,
  message: 'Import relative modules without an extension (moduleResolution is Bundler).',
};
const noElectron = {
  group: ['electron', 'electron/*'],
  message:
    'Only main/electron/, main/index.ts and main/preload.ts may import electron: the core stays testable without it.',
};
const noIpcInCore = {
  group: ['**/ipc/*', '**/main/ipc/**'],
  message: 'main/core must not depend on main/ipc: domain types live in the core, the IPC layer derives from them.',
};

/** no-restricted-imports takes one option set per file, so each block lists every pattern that applies there. */
const restrictImports = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'test-results/', 'reports/', 'coverage/', '.stryker-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    plugins: { 'simple-import-sort': simpleImportSort },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Program > :not(ImportDeclaration) ~ ImportDeclaration',
          message: 'Imports go at the top of the file.',
        },
      ],
      'no-restricted-imports': ['error', { patterns: [noExtension, noElectron] }],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['main/core/**'],
    rules: restrictImports(noExtension, noElectron, noIpcInCore),
  },
  {
    // The Electron adapters, the entry point and the preload are where electron belongs; tests
    // import it freely because vitest aliases it to test/support/electron-fake.ts.
    files: ['main/electron/**', 'main/index.ts', 'main/preload.ts', 'test/**'],
    rules: restrictImports(noExtension),
  },
  prettier,
);

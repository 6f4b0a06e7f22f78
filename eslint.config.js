// Lint enforces the dependency direction of DESIGN.md §2 from the first commit.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import pluginQuery from '@tanstack/eslint-plugin-query';
import globals from 'globals';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const layer = (name) => `./src/${name}`;

const ALL = [
  './src/model',
  './src/import',
  './src/formats',
  './src/tree',
  './src/analysis',
  './src/layout',
  './src/api',
  './src/worker',
  './src/ui',
  './server',
];
/** Files of `name` may import from itself and the layers `allowed`, from no other. */
const onlyFrom = (name, ...allowed) => ({
  target: layer(name),
  from: ALL.filter((p) => p !== layer(name) && !allowed.includes(p)),
});

// Each zone: files in `target` may not import from `from` (but may from `except`, relative to `from`).
const zones = [
  onlyFrom('model'),
  // The engine knows formats only through the registry (detect.ts) and the interface they implement.
  onlyFrom('import', './src/model', './src/tree', './src/formats'),
  { target: layer('import'), from: './src/formats', except: ['./detect.ts'] },
  // A format sees of the engine only its interface (stream-locator.ts) and the helpers a reader of JSON or bytes uses.
  onlyFrom('formats', './src/model', './src/import'),
  {
    target: layer('formats'),
    from: './src/import',
    except: ['./stream-locator.ts', './json-text.ts', './json-nesting.ts', './wasm-rows.ts'],
  },
  // Formats do not know each other: what they share is in formats/wire.ts; detect.ts knows them all.
  { target: layer('formats/otlp'), from: [layer('formats/jaeger'), layer('formats/zipkin')] },
  { target: layer('formats/jaeger'), from: [layer('formats/otlp'), layer('formats/zipkin')] },
  { target: layer('formats/zipkin'), from: [layer('formats/otlp'), layer('formats/jaeger')] },
  onlyFrom('tree', './src/model'),
  onlyFrom('analysis', './src/model', './src/tree'),
  onlyFrom('layout', './src/model', './src/tree', './src/analysis'),
  onlyFrom('api', './src/model', './src/formats'),
  onlyFrom('worker', './src/model', './src/import', './src/formats', './src/tree', './src/analysis'),
  { target: './server', from: ['./src/ui', './src/layout', './src/worker'] },
  { target: './src/ui/search', from: ['./src/ui/trace'] },
  { target: './src/ui/trace', from: ['./src/ui/search', './src/ui/app'] },
  { target: './src/ui/search', from: ['./src/ui/app'] },
  { target: './src/ui/shared', from: ['./src/ui/app', './src/ui/trace', './src/ui/search'] },
  // Technical debt: exceptions to the rules above go here, each with a reason. (none yet)
];

const noUiLibraries = {
  patterns: [
    { group: ['react', 'react-dom', 'react-dom/*', 'react/*'], message: 'Only src/ui may use React (DESIGN.md §2).' },
    { group: ['@tanstack/*'], message: 'Only src/ui may use TanStack (DESIGN.md §2).' },
    { group: ['d3-*'], message: 'd3 belongs in src/layout or src/ui.' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist',
      'wasm',
      'node_modules',
      'test-results',
      'playwright-report',
      'coverage',
      '.bench',
      '**/*.tmp.mjs',
      '**/*.tmp.mts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
      // Prettier breaks code at 120; this keeps comments there too (text in strings may run on).
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
    },
  },
  {
    files: [
      'src/model/**',
      'src/import/**',
      'src/formats/**',
      'src/tree/**',
      'src/analysis/**',
      'src/api/**',
      'src/worker/**',
    ],
    rules: {
      'no-restricted-imports': ['error', noUiLibraries],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage', 'indexedDB', 'navigator'],
    },
  },
  {
    files: ['src/layout/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: noUiLibraries.patterns.slice(0, 2) }],
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage', 'indexedDB', 'navigator'],
    },
  },
  {
    files: ['src/ui/**'],
    plugins: { 'react-hooks': reactHooks, '@tanstack/query': pluginQuery },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@tanstack/query/exhaustive-deps': 'error',
      '@tanstack/query/prefer-query-options': 'error',
    },
  },
  {
    // push(...list), Math.max(...list), f.apply(null, list): each item becomes an argument, and
    // past ~100,000 the stack overflows. Data sizes come from files: use pushAll (model/arrays.ts) or a loop.
    files: ['src/**', 'server/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression > SpreadElement',
          message: 'No spread arguments: a long list overflows the stack. Use pushAll (src/model/arrays.ts) or a loop.',
        },
        {
          selector: "CallExpression[callee.property.name='apply']",
          message: 'No apply: a long argument list overflows the stack.',
        },
      ],
    },
  },
  {
    files: ['server/**', 'scripts/**', 'bench/**', 'e2e/**'],
    rules: { 'no-console': 'off' },
  },
);

// @ts-check
import js from '@eslint/js';
import i18next from 'eslint-plugin-i18next';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layer rules of DEVELOPERS.md, enforced: shared/ is pure, the renderer is a plain web app, only the
// renderer's data layer touches Dexie, and no side reaches into another side's folder.

const NODE_AND_NATIVE = [
  { name: 'electron', message: 'Only electron/ may use Electron.' },
  { name: 'fs', message: 'Node built-ins are not available here.' },
  { name: 'path', message: 'Node built-ins are not available here.' },
  { name: 'child_process', message: 'Node built-ins are not available here.' },
  { name: 'serialport', message: 'Hardware lives in electron/main/hardware.' },
  { name: 'node-hid', message: 'Hardware lives in electron/main/hardware.' },
  { name: 'better-sqlite3', message: 'The database belongs to server/.' },
  { name: 'fastify', message: 'HTTP serving belongs to server/.' },
];
const NODE_PATTERNS = [{ group: ['node:*'], message: 'Node built-ins are not available here.' }];
const folderPatterns = (/** @type {string[]} */ ...folders) =>
  folders.map((folder) => ({ group: [`**/${folder}/**`, `**/${folder}`], message: `Do not import from ${folder}/.` }));

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'test-results/**',
      'playwright-report/**',
      'data/**',
      'tests/lint/fixtures/**',
      'bench/.build/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...NODE_AND_NATIVE,
            { name: 'dexie', message: 'shared/ is pure TypeScript: no storage.' },
            { name: 'react', message: 'shared/ is pure TypeScript: no UI.' },
            { name: 'react-dom', message: 'shared/ is pure TypeScript: no UI.' },
          ],
          patterns: [...NODE_PATTERNS, ...folderPatterns('renderer', 'electron', 'server')],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/**/*.test.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [...NODE_AND_NATIVE, { name: 'dexie', message: 'Only renderer/src/data/ talks to Dexie.' }],
          patterns: [...NODE_PATTERNS, ...folderPatterns('electron', 'server')],
        },
      ],
    },
  },
  {
    files: ['renderer/src/data/**/*.ts'],
    ignores: ['renderer/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: NODE_AND_NATIVE, patterns: [...NODE_PATTERNS, ...folderPatterns('electron', 'server')] },
      ],
    },
  },
  {
    files: ['renderer/src/**/*.tsx'],
    ignores: ['renderer/src/**/*.test.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'jsx-attributes': {
            exclude: [
              'className',
              'kind',
              'data-testid',
              'data-state',
              'data-kind',
              'type',
              'key',
              'id',
              'role',
              'href',
              'src',
              'lang',
              'inputMode',
              'autoComplete',
              'name',
              'aria-hidden',
              'aria-live',
              'enterKeyHint',
              'pattern',
            ],
          },
        },
      ],
    },
  },
  {
    files: ['renderer/public/sw.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: folderPatterns('renderer', 'server') }],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The server never runs inside Electron.' }],
          patterns: folderPatterns('renderer', 'electron'),
        },
      ],
    },
  },
);

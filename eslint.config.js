// @ts-check
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import i18next from 'eslint-plugin-i18next';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The sides of docs/architecture.md, enforced as allow-lists: each side names what it may import and
// everything else is refused, so a new package or folder is kept out until someone decides where it belongs.
// Files are checked after resolving the import (import-x/no-restricted-paths), packages and Node built-ins
// by their name (no-restricted-imports).

const ROOT = import.meta.dirname;

/** @type {{ dependencies: Record<string, string> }} */
const packageJson = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const escapeRegex = (/** @type {string} */ text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const NODE_BUILTINS = ['node:.*', ...builtinModules.map(escapeRegex)];

// shared/ is imported as `@shared/...` (tsconfig.base.json's `paths`) from outside it; the resolver below
// knows the alias, so the file rules judge such an import by the file it reaches.
const SHARED_ALIAS = '@shared';

/**
 * Refuses every bare import (package or Node built-in) that is not listed. Relative imports and
 * `@shared/...` are left to the file rules below.
 * @param {string[]} packages package names; a package also allows its subpaths (`react-dom/client`)
 * @param {string} message
 * @param {string[]} [rawAlternatives] regular expressions for names that are allowed as well
 */
function onlyPackages(packages, message, rawAlternatives = []) {
  const allowed = [...packages.map(escapeRegex), ...rawAlternatives].join('|');
  return { regex: `^(?!\\.|${SHARED_ALIAS}/)(?!(?:${allowed})(?:/|$))`, message, caseSensitive: true };
}

// A relative path that climbs into shared/ breaks when a file moves and hides which layer it reaches.
const NO_CLIMBING_INTO_SHARED = {
  regex: '^(?:\\./|(?:\\.\\./)+)shared(?:/|$)',
  message: `Import shared/ as '${SHARED_ALIAS}/...', not by a relative path.`,
};

const SHARED_PACKAGES = ['zod'];
const RENDERER_PACKAGES = [...SHARED_PACKAGES, 'react', 'react-dom', 'react-i18next', 'i18next', 'zustand'];
// Main runs from the installed app, so it may use what ships with it: the production dependencies.
const MAIN_PACKAGES = ['electron', ...Object.keys(packageJson.dependencies)];
const SERVER_PACKAGES = [...SHARED_PACKAGES, 'fastify', '@fastify/static', 'better-sqlite3', 'pg'];

/**
 * A zone for import-x/no-restricted-paths: files under `target` may import files only from `allowed`.
 * @param {string} target folder (relative to the repository)
 * @param {string} from the folder the allow-list is carved out of
 * @param {string[]} allowed folders or files under `from`
 * @param {string} message
 */
const onlyFiles = (target, from, allowed, message) => ({
  target,
  from,
  except: allowed.map((path) => `./${path}`),
  message,
});

// Packages resolve into node_modules, which no-restricted-imports judges by name.
const side = (/** @type {string} */ target, /** @type {string[]} */ allowed, /** @type {string} */ message) =>
  onlyFiles(target, '.', [...allowed, 'node_modules'], message);

// The renderer's layers, top to bottom: screens and components show state and call workflows; workflows
// (and app/, which boots and wires everything) decide and book; sync and data talk to the server and
// IndexedDB; store, feedback, i18n, platform and scan are leaves anyone above may use.
/** @type {Record<string, string[]>} */
const RENDERER_LAYERS = {
  screens: ['screens', 'components', 'app', 'workflows', 'sync', 'data', 'store', 'feedback', 'i18n', 'platform'],
  components: ['components', 'workflows', 'data', 'store', 'feedback', 'i18n'],
  app: ['app', 'workflows', 'sync', 'data', 'store', 'feedback', 'i18n', 'platform', 'scan'],
  workflows: ['workflows', 'sync', 'data', 'store', 'feedback', 'i18n'],
  sync: ['sync', 'data'],
  data: ['data'],
  // The store holds state the workflows shape; it may name their types (checked below), never call them.
  store: ['store', 'i18n', 'workflows'],
  feedback: ['feedback'],
  i18n: ['i18n'],
  platform: ['platform'],
  scan: ['scan'],
};
const RENDERER_SRC = 'renderer/src';
const rendererLayerZones = Object.entries(RENDERER_LAYERS).map(([layer, allowed]) =>
  onlyFiles(
    `${RENDERER_SRC}/${layer}`,
    RENDERER_SRC,
    allowed,
    `renderer/src/${layer}/ may import only ${allowed.join(', ')} (and shared/).`,
  ),
);
// data/ and sync/ are used through their index, so their inside can change without touching the UI.
const publicEntryZones = ['data', 'sync'].map((layer) => ({
  target: [
    ...Object.keys(RENDERER_LAYERS)
      .filter((other) => other !== layer)
      .map((other) => `${RENDERER_SRC}/${other}`),
    `${RENDERER_SRC}/App.tsx`,
    `${RENDERER_SRC}/main.tsx`,
  ],
  from: `${RENDERER_SRC}/${layer}`,
  except: ['./index.ts'],
  message: `Use renderer/src/${layer} through its index.ts.`,
}));

const PRODUCTION_CODE = ['shared/**/*.ts', 'renderer/src/**/*.{ts,tsx}', 'electron/**/*.ts', 'server/**/*.ts'];
const TEST_CODE = ['**/*.test.{ts,tsx}', '**/testing/**', 'tests/**', 'bench/**'];

const fileZones = [
  side('shared', ['shared'], 'shared/ is pure TypeScript: it imports only shared/.'),
  side('renderer', ['renderer', 'shared'], 'The renderer imports only renderer/ and shared/.'),
  side('electron/preload', ['electron/preload', 'shared/ipc'], 'The preload imports only shared/ipc.'),
  side('electron/main', ['electron/main', 'shared'], 'Electron main imports only electron/main and shared/.'),
  side('server', ['server', 'shared'], 'The server imports only server/ and shared/.'),
  ...rendererLayerZones,
  ...publicEntryZones,
  {
    target: ['shared', 'renderer/src', 'electron', 'server/src'],
    from: ['**/testing/**', '**/tests/**', '**/bench/**', '**/*.test.ts', '**/*.test.tsx'],
    message: 'Production code never imports test helpers.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'test-results/**',
      'playwright-report/**',
      'data/**',
      'bench/.build/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
          alias: { [SHARED_ALIAS]: [`${ROOT}/shared`] },
        }),
      ],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      // Type-only imports are erased, so they cannot make a cycle at run time.
      'import-x/no-cycle': ['error', { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: false }],
    },
  },
  {
    // Type-aware rules for TypeScript: a promise nobody awaits loses its error (and a booking's).
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: ROOT } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ['shared/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_CLIMBING_INTO_SHARED] }] },
  },
  {
    files: PRODUCTION_CODE,
    ignores: TEST_CODE,
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: fileZones }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: TEST_CODE,
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            onlyPackages(SHARED_PACKAGES, 'shared/ is pure TypeScript: no UI, storage, Node or Electron.'),
            // Inside shared/ imports stay relative, so shared/ needs no alias to be built on its own.
            { regex: `^${SHARED_ALIAS}(?:/|$)`, message: 'Inside shared/, import shared/ by a relative path.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: TEST_CODE,
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            onlyPackages(
              RENDERER_PACKAGES,
              'The renderer is a web app: no Electron, Node or server packages; Dexie only in renderer/src/data.',
            ),
            NO_CLIMBING_INTO_SHARED,
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/src/data/**/*.ts'],
    ignores: TEST_CODE,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            onlyPackages([...SHARED_PACKAGES, 'dexie'], 'The data layer uses only Dexie and shared/.'),
            NO_CLIMBING_INTO_SHARED,
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/src/store/**/*.ts'],
    ignores: TEST_CODE,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/workflows', '**/workflows/**'],
              allowTypeImports: true,
              message: 'The store may name the workflows’ types, never call them: workflows write into the store.',
            },
          ],
        },
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
              // EnrollmentForm's field test ids: `<prefix>-station`, ...
              'testIdPrefix',
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
    files: ['electron/preload/**/*.ts'],
    ignores: TEST_CODE,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              allowImportNames: ['contextBridge', 'ipcRenderer', 'IpcRendererEvent'],
              message: 'The preload hands the renderer the IPC contract and nothing else.',
            },
          ],
          patterns: [
            onlyPackages(['electron'], 'The preload imports only electron’s contextBridge and ipcRenderer.'),
            NO_CLIMBING_INTO_SHARED,
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    ignores: TEST_CODE,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            onlyPackages(
              MAIN_PACKAGES,
              'Electron main may use Node and the production dependencies (package.json) only.',
              NODE_BUILTINS,
            ),
            NO_CLIMBING_INTO_SHARED,
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    ignores: TEST_CODE,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            onlyPackages(SERVER_PACKAGES, 'The server uses Node, fastify, better-sqlite3, pg and zod.', NODE_BUILTINS),
            NO_CLIMBING_INTO_SHARED,
          ],
        },
      ],
    },
  },
);

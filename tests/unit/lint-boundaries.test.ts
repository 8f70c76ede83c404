import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Each rule is proved by code that must be refused and code that must pass, linted with the project's real
// eslint.config.js. Import rules need no types, so those snippets are linted as if they lived at the given
// path without the TypeScript program; the cycle and the floating promise are written to real files.

const ROOT = process.cwd();
const IMPORT_X = 'import-x/no-restricted-paths';
const NAMES = 'no-restricted-imports';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: {
      files: ['**/*.{ts,tsx}'],
      languageOptions: { parserOptions: { projectService: false } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });
});

async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? `fatal: ${message.message}`);
}

const use = (what: string) => `export const a = ${what};\n`;

describe('side and layer boundaries', () => {
  const refused: Array<[string, string, string, string]> = [
    ['shared imports Node', 'shared/booking/x.ts', `import fs from 'node:fs';\n${use('fs')}`, NAMES],
    ['shared imports fs', 'shared/booking/x.ts', `import fs from 'fs';\n${use('fs')}`, NAMES],
    ['shared imports Electron', 'shared/ipc/x.ts', `import { app } from 'electron';\n${use('app')}`, NAMES],
    ['shared imports Dexie', 'shared/booking/x.ts', `import Dexie from 'dexie';\n${use('Dexie')}`, NAMES],
    ['shared imports React', 'shared/booking/x.ts', `import React from 'react';\n${use('React')}`, NAMES],
    [
      'shared reaches into renderer',
      'shared/booking/x.ts',
      `import { App } from '../../renderer/src/App';\n${use('App')}`,
      IMPORT_X,
    ],
    [
      'renderer imports Electron',
      'renderer/src/components/X.tsx',
      `import { ipcRenderer } from 'electron';\n${use('ipcRenderer')}`,
      NAMES,
    ],
    ['renderer imports node:fs', 'renderer/src/store/x.ts', `import fs from 'node:fs';\n${use('fs')}`, NAMES],
    ['renderer imports path', 'renderer/src/sync/x.ts', `import path from 'path';\n${use('path')}`, NAMES],
    [
      'renderer imports serialport',
      'renderer/src/store/x.ts',
      `import { SerialPort } from 'serialport';\n${use('SerialPort')}`,
      NAMES,
    ],
    ['renderer imports fastify', 'renderer/src/sync/x.ts', `import Fastify from 'fastify';\n${use('Fastify')}`, NAMES],
    [
      'a component imports Dexie',
      'renderer/src/components/X.tsx',
      `import Dexie from 'dexie';\n${use('Dexie')}`,
      NAMES,
    ],
    [
      'a component imports the bookings database directly',
      'renderer/src/components/X.tsx',
      `import { openBookingsDb } from '../data/bookings/bookings-db';\n${use('openBookingsDb')}`,
      IMPORT_X,
    ],
    [
      'a screen reaches into sync/ past its index',
      'renderer/src/screens/X.tsx',
      `import { createUploader } from '../sync/uploader';\n${use('createUploader')}`,
      IMPORT_X,
    ],
    [
      'a workflow imports a screen',
      'renderer/src/workflows/x.ts',
      `import { StationScreen } from '../screens/StationScreen';\n${use('StationScreen')}`,
      IMPORT_X,
    ],
    [
      'the data layer imports the store',
      'renderer/src/data/x.ts',
      `import { useTerminalStore } from '../store/terminal-store';\n${use('useTerminalStore')}`,
      IMPORT_X,
    ],
    [
      'the store calls a workflow',
      'renderer/src/store/x.ts',
      `import { routeScan } from '../workflows/scan-router';\n${use('routeScan')}`,
      '@typescript-eslint/no-restricted-imports',
    ],
    [
      'renderer reaches into electron/',
      'renderer/src/store/x.ts',
      `import { a } from '../../../electron/main/window';\n${use('a')}`,
      IMPORT_X,
    ],
    [
      'production code imports a test helper',
      'renderer/src/workflows/x.ts',
      `import { TEST_IDENTITY } from '../data/testing/fixtures';\n${use('TEST_IDENTITY')}`,
      IMPORT_X,
    ],
    ['preload imports Dexie', 'electron/preload/x.ts', `import Dexie from 'dexie';\n${use('Dexie')}`, NAMES],
    ['preload imports Node', 'electron/preload/x.ts', `import fs from 'node:fs';\n${use('fs')}`, NAMES],
    [
      'preload takes more of Electron than the bridge',
      'electron/preload/x.ts',
      `import { shell } from 'electron';\n${use('shell')}`,
      NAMES,
    ],
    [
      'preload imports shared/ beyond the IPC contract',
      'electron/preload/x.ts',
      `import { validateBooking } from '@shared/booking';\n${use('validateBooking')}`,
      IMPORT_X,
    ],
    [
      'renderer climbs into shared/ by a relative path',
      'renderer/src/store/x.ts',
      `import { uuidv7 } from '../../../shared/id/uuidv7';\n${use('uuidv7')}`,
      NAMES,
    ],
    [
      'a test climbs into shared/ by a relative path',
      'tests/unit/x.test.ts',
      `import type { Booking } from '../../shared/booking';\nexport type A = Booking;\n`,
      NAMES,
    ],
    [
      'shared imports itself through the alias',
      'shared/booking/x.ts',
      `import { uuidv7 } from '@shared/id/uuidv7';\n${use('uuidv7')}`,
      NAMES,
    ],
    ['main imports Dexie', 'electron/main/x.ts', `import Dexie from 'dexie';\n${use('Dexie')}`, NAMES],
    ['main imports fastify', 'electron/main/x.ts', `import Fastify from 'fastify';\n${use('Fastify')}`, NAMES],
    ['server imports electron', 'server/src/x.ts', `import { app } from 'electron';\n${use('app')}`, NAMES],
    [
      'server reaches into renderer/',
      'server/src/x.ts',
      `import { App } from '../../renderer/src/App';\n${use('App')}`,
      IMPORT_X,
    ],
    [
      'electron reaches into renderer/',
      'electron/main/x.ts',
      `import { App } from '../../renderer/src/App';\n${use('App')}`,
      IMPORT_X,
    ],
  ];
  it.each(refused)('refuses: %s', async (_name, filePath, code, ruleId) => {
    expect(await ruleIdsFor(filePath, code)).toContain(ruleId);
  });

  it('refuses window in shared/ through no-restricted-globals', async () => {
    expect(await ruleIdsFor('shared/booking/x.ts', 'export const a = window.location;\n')).toContain(
      'no-restricted-globals',
    );
  });

  const allowed: Array<[string, string, string]> = [
    ['the data layer imports Dexie', 'renderer/src/data/x.ts', `import Dexie from 'dexie';\n${use('Dexie')}`],
    [
      'renderer imports shared/',
      'renderer/src/store/x.ts',
      `import { uuidv7 } from '@shared/id/uuidv7';\n${use('uuidv7')}`,
    ],
    [
      'shared imports shared/ relatively',
      'shared/booking/x.ts',
      `import { uuidv7 } from '../id/uuidv7';\n${use('uuidv7')}`,
    ],
    [
      'a screen reads master data through the data index',
      'renderer/src/screens/X.tsx',
      `import { getTerminalData } from '../data';\n${use('getTerminalData')}`,
    ],
    [
      'the store names a workflow type',
      'renderer/src/store/x.ts',
      `import type { TeamMember } from '../workflows/identity/team';\nexport type A = TeamMember;\n`,
    ],
    [
      'a component uses react-dom',
      'renderer/src/components/X.tsx',
      `import { createPortal } from 'react-dom';\n${use('createPortal')}`,
    ],
    ['electron imports Node', 'electron/main/x.ts', `import fs from 'node:fs';\n${use('fs')}`],
    [
      'electron imports serialport',
      'electron/main/x.ts',
      `import { SerialPort } from 'serialport';\n${use('SerialPort')}`,
    ],
    [
      'preload uses the bridge',
      'electron/preload/x.ts',
      `import { contextBridge, ipcRenderer } from 'electron';\nimport { IPC_CHANNELS } from '@shared/ipc/channels';\n${use('[contextBridge, ipcRenderer, IPC_CHANNELS]')}`,
    ],
    ['server imports fastify', 'server/src/x.ts', `import Fastify from 'fastify';\n${use('Fastify')}`],
    ['shared imports zod', 'shared/booking/x.ts', `import { z } from 'zod';\n${use('z')}`],
    [
      'a test imports anything',
      'tests/unit/x.test.ts',
      `import Dexie from 'dexie';\nimport { app } from 'electron';\n${use('[Dexie, app]')}`,
    ],
  ];
  it.each(allowed)('allows: %s', async (_name, filePath, code) => {
    expect(await ruleIdsFor(filePath, code)).toEqual([]);
  });
});

describe('no literal user-facing strings in components', () => {
  it('refuses JSX text', async () => {
    const code = 'export function X() {\n  return <p>Guten Morgen</p>;\n}\n';
    expect(await ruleIdsFor('renderer/src/components/X.tsx', code)).toContain('i18next/no-literal-string');
  });
  it('refuses a literal aria-label', async () => {
    const code = 'export function X() {\n  return <button aria-label="Abmelden" />;\n}\n';
    expect(await ruleIdsFor('renderer/src/components/X.tsx', code)).toContain('i18next/no-literal-string');
  });
  it('allows translated text and test ids', async () => {
    const code =
      "import { useTranslation } from 'react-i18next';\nexport function X() {\n  const { t } = useTranslation();\n  return <p data-testid=\"greeting\">{t('home.scanBadge')}</p>;\n}\n";
    expect(await ruleIdsFor('renderer/src/components/X.tsx', code)).toEqual([]);
  });
});

// These need files on disk: the cycle check follows imports into other files, and the type-aware rules need
// the file in a TypeScript project. The probe folder gets its own small tsconfig.json (the project service
// takes the nearest one), so the test does not build the program of the whole repository.
describe('rules that read more than one file', { timeout: 60_000 }, () => {
  let dir: string;
  let typed: ESLint;
  beforeAll(() => {
    dir = mkdtempSync(path.join(ROOT, 'tests/unit/lint-probe-'));
    const tsconfig = { extends: '../../../tsconfig.base.json', compilerOptions: { types: [] }, include: ['*.ts'] };
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    typed = new ESLint({ cwd: ROOT });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function ruleIdsOfFile(linter: ESLint, name: string, files: Record<string, string>): Promise<string[]> {
    for (const [file, code] of Object.entries(files)) writeFileSync(path.join(dir, file), code);
    const [result] = await linter.lintFiles([path.join(dir, name)]);
    return (result?.messages ?? []).map((message) => message.ruleId ?? `fatal: ${message.message}`);
  }

  it('refuses an import cycle', async () => {
    const ids = await ruleIdsOfFile(eslint, 'cycle-a.ts', {
      'cycle-a.ts': "import { b } from './cycle-b';\nexport const a = () => b();\n",
      'cycle-b.ts': "import { a } from './cycle-a';\nexport const b = (): unknown => a;\n",
    });
    expect(ids).toContain('import-x/no-cycle');
  });

  it('refuses a floating promise and a promise where a void callback is expected', async () => {
    const ids = await ruleIdsOfFile(typed, 'promises.ts', {
      'promises.ts': [
        'async function save(): Promise<void> {}',
        'save();',
        "new EventTarget().addEventListener('online', async () => save());",
        '',
      ].join('\n'),
    });
    expect(ids).toContain('@typescript-eslint/no-floating-promises');
    expect(ids).toContain('@typescript-eslint/no-misused-promises');
  });

  it('allows a promise that is awaited or marked with void', async () => {
    const ids = await ruleIdsOfFile(typed, 'promises-handled.ts', {
      'promises-handled.ts': [
        'async function save(): Promise<void> {}',
        'void save();',
        'export async function both(): Promise<void> {',
        '  await save();',
        '}',
        '',
      ].join('\n'),
    });
    expect(ids).toEqual([]);
  });
});

import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// Each boundary rule is proved by code that must be refused and code that must pass, linted as if it
// lived at the given path, with the project's real eslint.config.js.

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? `fatal: ${message.message}`);
}

describe('layer boundaries', () => {
  const refused: Array<[string, string, string]> = [
    ['shared imports Node', 'shared/booking/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['shared imports fs', 'shared/booking/x.ts', "import fs from 'fs';\nexport const a = fs;\n"],
    ['shared imports Electron', 'shared/ipc/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['shared imports Dexie', 'shared/booking/x.ts', "import Dexie from 'dexie';\nexport const a = Dexie;\n"],
    ['shared imports React', 'shared/booking/x.ts', "import React from 'react';\nexport const a = React;\n"],
    [
      'shared reaches into renderer',
      'shared/booking/x.ts',
      "import { App } from '../../renderer/src/App';\nexport const a = App;\n",
    ],
    [
      'renderer imports Electron',
      'renderer/src/components/X.tsx',
      "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n",
    ],
    ['renderer imports node:fs', 'renderer/src/store/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    [
      'renderer imports serialport',
      'renderer/src/store/x.ts',
      "import { SerialPort } from 'serialport';\nexport const a = SerialPort;\n",
    ],
    ['renderer imports node-hid', 'renderer/src/store/x.ts', "import HID from 'node-hid';\nexport const a = HID;\n"],
    [
      'renderer component imports Dexie',
      'renderer/src/components/X.ts',
      "import Dexie from 'dexie';\nexport const a = Dexie;\n",
    ],
    [
      'renderer reaches into electron/',
      'renderer/src/store/x.ts',
      "import { a } from '../../../electron/main/window';\nexport const b = a;\n",
    ],
    ['server imports electron', 'server/src/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    [
      'electron reaches into renderer/',
      'electron/main/x.ts',
      "import { App } from '../../renderer/src/App';\nexport const a = App;\n",
    ],
  ];
  it.each(refused)('refuses: %s', async (_name, filePath, code) => {
    expect(await ruleIdsFor(filePath, code)).toContain('no-restricted-imports');
  });

  it('refuses window in shared/ through no-restricted-globals', async () => {
    expect(await ruleIdsFor('shared/booking/x.ts', 'export const a = window.location;\n')).toContain(
      'no-restricted-globals',
    );
  });

  const allowed: Array<[string, string, string]> = [
    ['the data layer imports Dexie', 'renderer/src/data/x.ts', "import Dexie from 'dexie';\nexport const a = Dexie;\n"],
    [
      'renderer imports shared/',
      'renderer/src/store/x.ts',
      "import { uuidv7 } from '../../../shared/id/uuidv7';\nexport const a = uuidv7;\n",
    ],
    ['electron imports Node', 'electron/main/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"],
    ['shared imports zod', 'shared/booking/x.ts', "import { z } from 'zod';\nexport const a = z;\n"],
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

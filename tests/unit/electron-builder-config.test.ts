import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// `npm run dist` cannot run here (no Electron binary), so the packaging config is checked with
// electron-builder's own validator and schema instead.

const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const yaml = require('js-yaml') as { load(text: string): unknown };
const logger = { isEnabled: false, add: () => undefined };

describe('electron-builder.yml', () => {
  const config = yaml.load(fs.readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;

  it('is valid for the pinned electron-builder', async () => {
    await expect(validateConfiguration(config, logger)).resolves.toBeUndefined();
  });

  it('packages the built bundles and unpacks the native scanner modules', () => {
    expect(config.files).toContain('out/**');
    expect(JSON.stringify(config.asarUnpack)).toContain('node-hid');
    expect(JSON.stringify(config.asarUnpack)).toContain('bindings-cpp');
  });

  it('builds Linux AppImage and deb and a Windows installer, with the icon from resources/', () => {
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
    expect(config.win).toMatchObject({ target: ['nsis'] });
    expect(fs.existsSync(String(config.icon))).toBe(true);
  });

  it('flips the Electron fuses that would let the kiosk be turned into something else', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('publishes for the generic provider, so terminals update from the central server, not the internet', () => {
    expect(config.publish).toEqual({ provider: 'generic', url: expect.stringMatching(/^https:\/\/.+\/updates\/$/) });
  });

  it('would catch a broken config (the validator is really checking)', async () => {
    await expect(
      validateConfiguration({ ...config, linux: { target: 42, bogusOption: true } }, logger),
    ).rejects.toThrow();
  });
});

describe('what gets packed into the kiosk app', () => {
  // electron-builder packs the production dependencies: they must be what main needs, nothing of the
  // server (fastify, SQLite, tsx) and nothing the renderer bundle already contains.
  const packed = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('node_modules'))
    .map((line) => line.slice(line.lastIndexOf('node_modules/') + 'node_modules/'.length));

  it('holds the scanner drivers, the updater and the machine-data clients main needs', () => {
    expect(packed).toEqual(
      expect.arrayContaining(['serialport', 'node-hid', 'zod', 'electron-updater', 'mqtt', 'node-opcua-client']),
    );
  });

  it('packs only dependencies someone argued for: a new one must be added here on purpose', () => {
    const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    // mqtt: the Sparkplug B machine collector (electron/main/machines) runs in main, offline at the station;
    // node-opcua-client: the OPC UA machine collector, likewise (2.182.x is the last line that runs on Node 20).
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      'electron-updater',
      'mqtt',
      'node-hid',
      'node-opcua-client',
      'serialport',
      'zod',
    ]);
    // Exact versions: what is packed is what was tested.
    for (const version of Object.values(manifest.dependencies)) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('does not pull a second copy of Electron or a build tool in through the updater', () => {
    for (const name of ['electron', 'electron-builder', 'app-builder-lib', '@electron/rebuild', 'typescript', 'vite']) {
      expect(packed).not.toContain(name);
    }
  });

  it.each([
    'fastify',
    '@fastify/static',
    'better-sqlite3',
    'tsx',
    'react',
    'react-dom',
    'dexie',
    'i18next',
    'zustand',
    'pouchdb',
  ])('does not hold %s', (name) => {
    expect(packed).not.toContain(name);
  });
});

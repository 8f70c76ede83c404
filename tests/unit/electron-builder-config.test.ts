import fs from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';

// `npm run dist` cannot run here (no Electron binary), so the packaging config is checked with
// electron-builder's own validator and schema instead.

const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const yaml = require('js-yaml') as { load(text: string): unknown };
interface CollectedModule {
  name: string;
  dependencies?: CollectedModule[];
}
const collector = require('app-builder-lib/out/node-module-collector') as {
  PM: { NPM: string };
  getCollectorByPackageManager(
    pm: string,
    rootDir: string,
    tmpDir: unknown,
  ): { getNodeModules(options: { packageName: string }): Promise<{ nodeModules: CollectedModule[] }> };
};
const { TmpDir } = require('builder-util') as {
  TmpDir: new (debugName: string) => { cleanup(): Promise<void> };
};
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

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  workspaces?: string[];
}
const readManifest = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;

/** The names of every module electron-builder's own collector (the one `npm run dist` runs) would pack. */
async function packedModules(): Promise<string[]> {
  const tmpDir = new TmpDir('takt-packed-modules');
  try {
    const { nodeModules } = await collector
      .getCollectorByPackageManager(collector.PM.NPM, process.cwd(), tmpDir)
      .getNodeModules({ packageName: readManifest('package.json').name });
    const names = new Set<string>();
    const visit = (modules: CollectedModule[] = []) => {
      for (const module of modules) {
        names.add(module.name);
        visit(module.dependencies);
      }
    };
    visit(nodeModules);
    return [...names];
  } finally {
    await tmpDir.cleanup();
  }
}

describe('what gets packed into the kiosk app', () => {
  // electron-builder packs the production dependencies: they must be what main needs, nothing of the
  // server (fastify, SQLite, tsx), nothing of the benchmark's PouchDB peer and nothing the renderer bundle
  // already contains.
  let packed: string[] = [];
  beforeAll(async () => {
    packed = await packedModules();
  }, 60_000);

  it('holds the scanner drivers, the updater and the machine-data clients main needs', () => {
    expect(packed).toEqual(
      expect.arrayContaining(['serialport', 'node-hid', 'zod', 'electron-updater', 'mqtt', 'node-opcua-client']),
    );
  });

  it('packs only dependencies someone argued for: a new one must be added here on purpose', () => {
    const manifest = readManifest('package.json') as { dependencies: Record<string, string> };
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

  // The server and the PouchDB peer are workspace packages (root package.json): installed beside the app for
  // development, never packed. Their dependencies that main also needs (zod) are the app's own.
  const root = readManifest('package.json');
  const workspaces = (root.workspaces ?? []).map((folder) => readManifest(`${folder}/package.json`));

  it('keeps the server and the PouchDB peer in workspace packages with exact versions', () => {
    expect(workspaces.map((workspace) => workspace.name)).toEqual(['@takt/server', '@takt/pouch-peer']);
    for (const workspace of workspaces) {
      for (const version of Object.values({ ...workspace.dependencies, ...workspace.devDependencies }))
        expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it('packs no workspace package, none of their dependencies and none of what those bring along', () => {
    const appDependencies = Object.keys(root.dependencies ?? {});
    const theirs = workspaces.flatMap((workspace) => [
      workspace.name,
      ...Object.keys(workspace.dependencies ?? {}).filter((name) => !appDependencies.includes(name)),
    ]);
    expect(theirs).toEqual(expect.arrayContaining(['fastify', 'better-sqlite3', 'pg', 'tsx', 'pouchdb']));
    // What fastify, tsx and PouchDB pull in: the logger, the bundler tsx runs, the LevelDB binding, express.
    const broughtAlong = ['avvio', 'pino', 'esbuild', 'pg-protocol', 'leveldown', 'express', 'pouchdb-core'];
    for (const name of [...theirs, ...broughtAlong]) expect(packed).not.toContain(name);
  });
});

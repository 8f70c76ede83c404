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

  it('would catch a broken config (the validator is really checking)', async () => {
    await expect(
      validateConfiguration({ ...config, linux: { target: 42, bogusOption: true } }, logger),
    ).rejects.toThrow();
  });
});

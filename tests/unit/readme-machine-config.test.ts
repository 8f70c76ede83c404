import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMachineConfigs } from '../../electron/main/machines/machine-config';

// The README's machine examples are what plant IT copies first: they must be configurations the terminal takes.

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function machineExample(): unknown {
  const section = readme.slice(readme.indexOf('## Machine data'));
  const block = /```jsonc\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error('no jsonc block under "## Machine data"');
  const json = block
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n')
    .replace(/,(\s*[}\]])/g, '$1');
  return JSON.parse(json);
}

describe('README, Machine data', () => {
  it('shows one example per protocol, each accepted by the terminal', () => {
    const { machines } = machineExample() as { machines: unknown[] };
    const parsed = parseMachineConfigs(machines);
    expect(parsed).toMatchObject({ ok: true });
    if (parsed.ok) expect(parsed.configs.map((config) => config.kind)).toEqual(['modbus-tcp', 'sparkplug-b', 'opc-ua']);
  });
});

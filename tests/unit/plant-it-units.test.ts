import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../server/src/cli-args';

// The systemd units the README gives plant IT: what they must say for the kiosk to be inescapable and
// restarted, and for the server to start with the options the CLI really has.

const root = fileURLToPath(new URL('../../', import.meta.url));
const unitPath = (name: string) => `${root}resources/linux/${name}`;

/** `Key=value` lines of a unit file by key (a key may repeat), comments and sections left out. */
function readUnit(name: string): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  for (const line of readFileSync(unitPath(name), 'utf8').split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) entries.set(match[1]!, [...(entries.get(match[1]!) ?? []), match[2]!]);
  }
  return entries;
}
const one = (unit: Map<string, string[]>, key: string) => unit.get(key)?.at(-1);

describe('takt-kiosk.service', () => {
  const unit = readUnit('takt-kiosk.service');
  const exec = one(unit, 'ExecStart')?.split(/\s+/) ?? [];

  it('runs the packaged terminal alone in cage, without VT switching (no way to a console behind it)', () => {
    expect(exec[0]).toBe('/usr/bin/cage');
    const cageOptions = exec.slice(1, exec.indexOf('--'));
    expect(cageOptions.some((option) => /^-[a-z]*s/.test(option))).toBe(false);
    // electron-builder's deb puts the app at /opt/<productName>/<package name>.
    const builder = readFileSync(`${root}electron-builder.yml`, 'utf8');
    const productName = /^productName: (.+)$/m.exec(builder)?.[1];
    const { name } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { name: string };
    expect(exec[exec.indexOf('--') + 1]).toBe(`/opt/${productName}/${name}`);
  });

  it('is restarted whatever happens, as an unprivileged user, on its own tty', () => {
    expect(one(unit, 'Restart')).toBe('always');
    expect(one(unit, 'StartLimitIntervalSec')).toBe('0');
    expect(one(unit, 'User')).not.toMatch(/^(root|0)?$/);
    expect(one(unit, 'TTYPath')).toBe('/dev/tty1');
    expect(one(unit, 'Conflicts')).toBe('getty@tty1.service');
    expect(one(unit, 'WantedBy')).toBe('graphical.target');
  });
});

describe('takt-server.service', () => {
  const unit = readUnit('takt-server.service');

  it('starts the server with options the CLI accepts, its data in the private state folder', () => {
    const [program, ...args] = one(unit, 'ExecStart')?.split(/\s+/) ?? [];
    expect(program).toBe('/usr/bin/node');
    expect(args.slice(0, 3)).toEqual(['--import', 'tsx', 'server/src/main.ts']);
    const parsed = parseCliArgs(args.slice(3), '/opt/takt-server', {});
    if (parsed.ok !== true) throw new Error(`the unit's arguments are refused: ${JSON.stringify(parsed)}`);
    expect(parsed.options).toMatchObject({ dataDir: '/var/lib/takt', port: 8443, host: '0.0.0.0' });
    expect(parsed.options.tls).toBeDefined();
    expect(one(unit, 'StateDirectoryMode')).toBe('0700');
    expect(one(unit, 'ReadWritePaths')).toBe('/var/lib/takt');
  });

  it('is restarted, unprivileged and sandboxed', () => {
    expect(one(unit, 'Restart')).toBe('always');
    expect(one(unit, 'User')).not.toMatch(/^(root|0)?$/);
    expect(one(unit, 'NoNewPrivileges')).toBe('yes');
    expect(one(unit, 'ProtectSystem')).toBe('strict');
  });
});

const analyzer = spawnSync('systemd-analyze', ['--version']).status === 0;
describe.runIf(analyzer)('systemd-analyze verify', () => {
  it('finds nothing wrong in either unit beyond programs this machine has not installed', () => {
    const result = spawnSync(
      'systemd-analyze',
      ['verify', '--man=no', unitPath('takt-kiosk.service'), unitPath('takt-server.service')],
      { encoding: 'utf8', timeout: 15_000 },
    );
    const complaints = `${result.stdout}${result.stderr}`
      .split('\n')
      .filter((line) => line.trim() !== '' && !/Command \/usr\/bin\/(cage|node) is not executable/.test(line));
    expect(complaints).toEqual([]);
  });
});

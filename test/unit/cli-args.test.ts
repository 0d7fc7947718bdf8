import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appCommandFor } from '../../src-main/cli/run-cli';
import { loadStartupConfig, parseCommandLine, StartupConfigError } from '../../src-main/core/config';

describe('the one command-line parser (desk, browser mode and both CLI hosts)', () => {
  it('boolean switches never swallow the next word; the others take it, or =value', () => {
    expect(parseCommandLine(['--training', 'import-branches', 'b.csv', '--data-dir', '/d'])).toEqual({
      positionals: ['import-branches', 'b.csv'],
      flags: { training: true, 'data-dir': '/d' },
    });
    expect(parseCommandLine(['--cli', 'recover-supervisor', '--username=sara', '--code', 'AB-CD'])).toEqual({
      positionals: ['recover-supervisor'],
      flags: { cli: true, username: 'sara', code: 'AB-CD' },
    });
  });

  it('a switch followed by another switch, or last, has no value', () => {
    expect(parseCommandLine(['recover-supervisor', '--username', '--code', 'X', '--out']).flags).toEqual({ username: true, code: 'X', out: true });
  });
});

describe('the app command the plain-Node refusal names', () => {
  it('Linux: the executable on the PATH, the same arguments, the data folder spelled out', () => {
    expect(appCommandFor(['verify-audit'], '/home/it/.config/branch-accounts-desk', 'linux')).toBe(
      'branch-accounts-desk --cli verify-audit --data-dir /home/it/.config/branch-accounts-desk',
    );
    expect(appCommandFor(['import-branches', 'my branches.csv', '--data-dir', '/d'], '/d', 'linux')).toBe(
      'branch-accounts-desk --cli import-branches "my branches.csv" --data-dir /d',
    );
  });

  it('Windows: the installed .exe under Program Files, waited for by cmd', () => {
    expect(appCommandFor(['verify-audit'], 'C:\\Users\\it\\AppData\\Roaming\\desk', 'win32')).toBe(
      'start "" /wait "%ProgramFiles%\\branch-accounts-desk\\branch-accounts-desk.exe" --cli verify-audit --data-dir C:\\Users\\it\\AppData\\Roaming\\desk',
    );
  });
});

describe('config.json in the data folder (a reported defect: its errors named neither the file nor the field)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const withConfig = (text: string) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'desk-config-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'config.json'), text);
    return dir;
  };

  it('bad JSON, a wrong type and an unknown key: each error names the file and what is wrong', () => {
    const broken = withConfig('{');
    expect(() => loadStartupConfig(['--data-dir', broken], {})).toThrow(new RegExp(`^${path.join(broken, 'config.json')} is not valid JSON \\(.+\\); fix or remove it$`));
    const wrongType = withConfig('{"port": "80"}');
    expect(() => loadStartupConfig(['--data-dir', wrongType], {})).toThrow(new RegExp(`^${path.join(wrongType, 'config.json')}: port: .+ \\(it may hold databaseUrl, trainingMode and port only\\)$`));
    const unknown = withConfig('{"databaseURL": "postgres://x"}');
    expect(() => loadStartupConfig(['--data-dir', unknown], {})).toThrow(/config\.json: databaseURL: /);
    const good = withConfig('{"trainingMode": true, "port": 8455}');
    expect(loadStartupConfig(['--data-dir', good], {})).toMatchObject({ trainingMode: true, port: 8455, dataDir: good });
  });
});

describe('the data folder is always named (outside probe 2026-12-06: an empty one was the current folder)', () => {
  it('an empty or valueless --data-dir, and an empty DESK_DATA_DIR, are refused rather than read as the current folder', () => {
    for (const argv of [['--data-dir', ''], ['--data-dir='], ['--data-dir'], ['--data-dir', '--training'], ['--data-dir', '   ']]) {
      expect(() => loadStartupConfig(argv, {}), JSON.stringify(argv)).toThrow(StartupConfigError);
      expect(() => loadStartupConfig(argv, {}), JSON.stringify(argv)).toThrow(/--data-dir needs a folder/);
    }
    expect(() => loadStartupConfig([], { DESK_DATA_DIR: '' })).toThrow(/DESK_DATA_DIR is set but empty/);
    // Named, it is used; relative names are taken from the current folder as before.
    expect(loadStartupConfig(['--data-dir', 'some/where'], {}).dataDir).toBe(path.resolve('some/where'));
    expect(loadStartupConfig([], { DESK_DATA_DIR: '/tmp/x-desk' }).dataDir).toBe('/tmp/x-desk');
  });
});

describe('the database URL is one (outside probe 2026-12-06: «garbage» quietly tried 127.0.0.1:5432)', () => {
  it('a port that is not a whole number 0–65535, from --port or DESK_PORT, is refused before anything is created', () => {
    for (const [argv, env] of [
      [['--port', '99999'], {}],
      [['--port', 'abc'], {}],
      [['--port=-1'], {}],
      [['--port', '80.5'], {}],
      [['--port', ''], {}],
      [['--port'], {}],
      [[], { DESK_PORT: '70000' }],
      [[], { DESK_PORT: 'x' }],
      [[], { DESK_PORT: ' ' }],
    ] as Array<[string[], Record<string, string>]>) {
      const what = JSON.stringify([argv, env]);
      expect(() => loadStartupConfig(['--data-dir', '/tmp/x-desk-port', ...argv], env), what).toThrow(StartupConfigError);
      expect(() => loadStartupConfig(['--data-dir', '/tmp/x-desk-port', ...argv], env), what).toThrow(/whole number from 0 to 65535/);
    }
    expect(loadStartupConfig(['--data-dir', '/tmp/x-desk-port', '--port', '8455'], {}).port).toBe(8455);
    expect(loadStartupConfig(['--data-dir', '/tmp/x-desk-port'], { DESK_PORT: '0' }).port).toBe(0);
    expect(loadStartupConfig(['--data-dir', '/tmp/x-desk-port'], {}).port).toBe(0);
  });

  it('anything but a postgres:// or postgresql:// URL is refused, from the command line, the environment or config.json', () => {
    for (const url of ['garbage', 'http://db/x', 'postgres:/x', '']) {
      expect(() => loadStartupConfig(['--data-dir', '/tmp/x-desk', `--database-url=${url}`], {}), url).toThrow(StartupConfigError);
    }
    expect(() => loadStartupConfig(['--data-dir', '/tmp/x-desk'], { DATABASE_URL: 'mysql://db' })).toThrow(/postgres:\/\//);
    expect(loadStartupConfig(['--data-dir', '/tmp/x-desk', '--database-url', 'postgresql://u:p@127.0.0.1:5432/desk'], {}).databaseUrl).toBe('postgresql://u:p@127.0.0.1:5432/desk');
    expect(loadStartupConfig(['--data-dir', '/tmp/x-desk'], { DATABASE_URL: 'postgres://127.0.0.1/desk' }).databaseUrl).toBe('postgres://127.0.0.1/desk');
  });
});

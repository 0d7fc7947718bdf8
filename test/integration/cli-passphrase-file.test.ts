import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installDesk, nodeCli, type InstalledDesk } from '../helpers/cli';
import { CLI_ENTRY, ensureBuilt } from '../helpers/server-process';

/**
 * `--passphrase-file FILE` (backup, restore) reads only the passphrase's line, bounded: a file
 * with no line end in reach — `/dev/zero`, a huge file — is the passphrase rule's refusal
 * (CLI_USAGE, exit 2, nothing written), never a read that does not end (a reported defect: the
 * command read /dev/zero into memory until it was killed, 2.6 GB in 20 s) nor "file not found"
 * for a file that is there.
 */
describe('backup --passphrase-file: only the first line is read, bounded', () => {
  let desk: InstalledDesk;
  let scratch: string;
  beforeAll(async () => {
    desk = await installDesk();
    scratch = mkdtempSync(path.join(os.tmpdir(), 'desk-probe-pass-'));
  });
  afterAll(() => {
    desk.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('a huge file with no line end is the passphrase rule (CLI_USAGE, exit 2), not "file not found"; nothing written', async () => {
    const huge = path.join(scratch, 'huge-passphrase');
    writeFileSync(huge, '');
    truncateSync(huge, 3 * 1024 ** 3); // sparse: 3 GiB of NULs, no disk used
    const out = path.join(scratch, 'out-huge');
    const r = await nodeCli('backup', '--out', out, '--passphrase-file', huge, '--data-dir', desk.copy());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/12 to 256 characters.*\(CLI_USAGE\)\n$/s);
    expect(existsSync(out)).toBe(false);
  });

  it('/dev/zero ends at once with the same refusal (a real process, killed after 5 s if it hangs)', () => {
    ensureBuilt('no line end in its first');
    const out = path.join(scratch, 'out-zero');
    const r = spawnSync(process.execPath, [CLI_ENTRY, 'backup', '--out', out, '--passphrase-file', '/dev/zero', '--data-dir', desk.copy()], {
      encoding: 'utf8',
      timeout: 5_000,
      killSignal: 'SIGKILL',
    });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\(CLI_USAGE\)\n$/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('a passphrase file still gives its first line (CRLF too): a good backup', async () => {
    const file = path.join(scratch, 'good-passphrase');
    writeFileSync(file, 'a long enough passphrase\r\nsecond line ignored\n', { mode: 0o600 });
    const out = path.join(scratch, 'out-good');
    const r = await nodeCli('backup', '--out', out, '--passphrase-file', file, '--data-dir', desk.copy());
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/backup written: .*\.deskbak/);
  });
});

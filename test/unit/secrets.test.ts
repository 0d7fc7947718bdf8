import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileKeyStore, type KeyWrapper } from '../../src-main/core/secrets';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'keys-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Seals like safeStorage would: the bytes on disk are not the secret. */
const xorWrapper: KeyWrapper = {
  wrap: (raw) => Buffer.from(raw.map((b) => b ^ 0x5a)),
  unwrap: (stored) => Buffer.from(stored.map((b) => b ^ 0x5a)),
};

describe('sealed blobs in the key store', () => {
  it('returns null before a blob is written, and the same bytes after', () => {
    const dir = tempDir();
    const store = new FileKeyStore(dir, xorWrapper);
    expect(store.readSealed('station')).toBeNull();
    store.writeSealed('station', Buffer.from('0101-07'));
    expect(new FileKeyStore(dir, xorWrapper).readSealed('station')?.toString()).toBe('0101-07');
  });

  it('keeps the blob sealed and owner-only on disk', () => {
    const dir = tempDir();
    new FileKeyStore(dir, xorWrapper).writeSealed('station-signing-key', Buffer.from('secret-bytes'));
    const file = path.join(dir, 'station-signing-key.sealed');
    expect(readFileSync(file).toString()).not.toContain('secret-bytes');
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('never overwrites an existing blob', () => {
    const store = new FileKeyStore(tempDir());
    store.writeSealed('station', Buffer.from('a'));
    expect(() => store.writeSealed('station', Buffer.from('b'))).toThrow(/EEXIST/);
    expect(store.readSealed('station')?.toString()).toBe('a');
  });
});

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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

  it('moves a blob aside rather than deleting it, so a new station can be sealed', () => {
    const dir = tempDir();
    const store = new FileKeyStore(dir, xorWrapper);
    store.writeSealed('station', Buffer.from('old'));
    const sealedBytes = readFileSync(path.join(dir, 'station.sealed'));
    store.archiveSealed('station', new Date('2026-12-03T08:00:00Z'));
    expect(store.readSealed('station')).toBeNull();
    store.writeSealed('station', Buffer.from('new'));
    expect(store.readSealed('station')?.toString()).toBe('new');
    const kept = readdirSync(dir).filter((f) => f.endsWith('.old'));
    expect(kept).toEqual(['station.sealed.2026-12-03T08-00-00-000Z.old']);
    expect(readFileSync(path.join(dir, kept[0]!)).equals(sealedBytes)).toBe(true);
  });
});

describe('installing the branch keys on a joining counter', () => {
  it('replaces the key (sealed, owner-only, read back by a new store) and keeps the old one aside', () => {
    const dir = tempDir();
    const store = new FileKeyStore(dir, xorWrapper);
    store.key('audit');
    const ownBytes = readFileSync(path.join(dir, 'audit.key'));
    const branch = Buffer.alloc(32, 7);
    store.installKey('audit', branch, new Date('2026-12-03T08:00:00Z'));
    expect(store.key('audit').equals(branch)).toBe(true);
    expect(new FileKeyStore(dir, xorWrapper).key('audit').equals(branch)).toBe(true);
    expect(readFileSync(path.join(dir, 'audit.key')).equals(branch)).toBe(false);
    expect(statSync(path.join(dir, 'audit.key')).mode & 0o077).toBe(0);
    const kept = readdirSync(dir).find((f) => f.startsWith('audit.key.'))!;
    expect(readFileSync(path.join(dir, kept)).equals(ownBytes)).toBe(true);
    expect(() => store.installKey('outbox', Buffer.alloc(16), new Date())).toThrow(/32 bytes/);
  });
});

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { declaredOnly } from '../../src-main/cli/run-cli';
import { classifyFile, encodeSealed, SEAL_MAGIC } from '../../src-main/core/sealed-file';
import { FileKeyStore, KeyFileError, KeychainUnavailableError, PLAIN_NODE, type KeyWrapper } from '../../src-main/core/secrets';

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
    store.replaceKey('audit', branch, new Date('2026-12-03T08:00:00Z'));
    expect(store.key('audit').equals(branch)).toBe(true);
    expect(new FileKeyStore(dir, xorWrapper).key('audit').equals(branch)).toBe(true);
    expect(readFileSync(path.join(dir, 'audit.key')).equals(branch)).toBe(false);
    expect(statSync(path.join(dir, 'audit.key')).mode & 0o077).toBe(0);
    const kept = readdirSync(dir).find((f) => f.startsWith('audit.key.'))!;
    expect(readFileSync(path.join(dir, kept)).equals(ownBytes)).toBe(true);
    expect(() => store.replaceKey('outbox', Buffer.alloc(16), new Date())).toThrow(/32 bytes/);
  });
});

/** Seals like Chromium's OSCrypt: "v11" then bytes that are not the secret; opens only its own. */
function keychain(id: number): KeyWrapper {
  return {
    wrap: (raw) => Buffer.concat([Buffer.from('v11'), Buffer.from([id]), Buffer.from(raw.map((b) => b ^ id))]),
    unwrap: (stored) => {
      if (stored.subarray(0, 3).toString() !== 'v11' || stored[3] !== id) throw new Error('Error while decrypting the ciphertext');
      return Buffer.from(stored.subarray(4).map((b) => b ^ id));
    },
  };
}
const KEYCHAIN = keychain(0x5a);

function problemOf(fn: () => unknown): { problem: string; file: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof KeyFileError) return { problem: e.problem, file: e.file };
    throw e;
  }
  throw new Error('expected a KeyFileError');
}

describe('key files on disk: sealed, plain and legacy told apart', () => {
  it('a key written by the app is sealed: header, checksum, and not the key bytes', () => {
    const dir = tempDir();
    const key = new FileKeyStore(dir, KEYCHAIN).key('audit');
    const bytes = readFileSync(path.join(dir, 'audit.key'));
    expect(bytes.subarray(0, SEAL_MAGIC.length).equals(SEAL_MAGIC)).toBe(true);
    expect(bytes.includes(key)).toBe(false);
    expect(new FileKeyStore(dir, KEYCHAIN).key('audit').equals(key)).toBe(true);
  });

  it('a browser-mode folder (plain 32-byte keys) opens in the app too, and stays as it is', () => {
    const dir = tempDir();
    const key = new FileKeyStore(dir, PLAIN_NODE).key('outbox');
    expect(readFileSync(path.join(dir, 'outbox.key')).equals(key)).toBe(true);
    expect(new FileKeyStore(dir, KEYCHAIN).key('outbox').equals(key)).toBe(true);
    expect(readFileSync(path.join(dir, 'outbox.key')).equals(key)).toBe(true);
  });

  it('an existing install whose keys the app sealed before the header existed still opens in the app', () => {
    const dir = tempDir();
    const key = Buffer.alloc(32, 7);
    // What safe-keys.ts wrote until now: safeStorage's bytes alone.
    writeFileSync(path.join(dir, 'audit.key'), KEYCHAIN.wrap(key));
    expect(classifyFile(readFileSync(path.join(dir, 'audit.key')), true).kind).toBe('legacy-sealed');
    expect(new FileKeyStore(dir, KEYCHAIN).key('audit').equals(key)).toBe(true);
    // …and plain Node sees it as sealed, not as damaged.
    expect(problemOf(() => new FileKeyStore(dir, PLAIN_NODE).key('audit')).problem).toBe('sealed-needs-app');
  });

  it('plain Node meeting a sealed key or blob: sealed-needs-app, naming the file', () => {
    const dir = tempDir();
    const app = new FileKeyStore(dir, KEYCHAIN);
    app.key('audit');
    app.writeSealed('station', Buffer.from('0101-07'));
    expect(problemOf(() => new FileKeyStore(dir, PLAIN_NODE).key('audit'))).toEqual({
      problem: 'sealed-needs-app',
      file: path.join(dir, 'audit.key'),
    });
    expect(problemOf(() => new FileKeyStore(dir, PLAIN_NODE).readSealed('station')).problem).toBe('sealed-needs-app');
  });

  it('an app without a keychain meeting a sealed key: keychain-unavailable, not damaged', () => {
    const dir = tempDir();
    new FileKeyStore(dir, KEYCHAIN).key('audit');
    expect(problemOf(() => new FileKeyStore(dir, { unsealable: 'keychain-unavailable' }).key('audit')).problem).toBe('keychain-unavailable');
    // Linux with only the built-in fallback key: the wrapper says the keyring is missing.
    const fallback: KeyWrapper = {
      wrap: KEYCHAIN.wrap,
      unwrap: () => {
        throw new KeychainUnavailableError();
      },
    };
    expect(problemOf(() => new FileKeyStore(dir, fallback).key('audit')).problem).toBe('keychain-unavailable');
  });

  it("another user's keychain on an intact file: unseal-failed", () => {
    const dir = tempDir();
    new FileKeyStore(dir, KEYCHAIN).key('audit');
    expect(problemOf(() => new FileKeyStore(dir, keychain(0x33)).key('audit')).problem).toBe('unseal-failed');
  });

  it('damaged files are named as damaged, whoever reads them', () => {
    const dir = tempDir();
    new FileKeyStore(dir, KEYCHAIN).key('audit');
    const file = path.join(dir, 'audit.key');
    const sealed = readFileSync(file);
    const stores = [new FileKeyStore(dir, KEYCHAIN), new FileKeyStore(dir, PLAIN_NODE), new FileKeyStore(dir, keychain(0x33))];
    const cases: Array<[string, Buffer]> = [
      ['truncated sealed file', sealed.subarray(0, sealed.length - 5)],
      ['a flipped byte in the sealed payload', Buffer.concat([sealed.subarray(0, -1), Buffer.from([sealed.at(-1)! ^ 1])])],
      ['only the header', SEAL_MAGIC],
      ['a short plain key', Buffer.alloc(20, 1)],
      ['an empty file', Buffer.alloc(0)],
    ];
    for (const [what, bytes] of cases) {
      writeFileSync(file, bytes);
      for (const store of stores) expect(problemOf(() => store.key('audit')), what).toEqual({ problem: 'damaged', file });
    }
  });

  it('a sealed file that unseals to the wrong length is damaged, not a key', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'audit.key'), encodeSealed(KEYCHAIN.wrap(Buffer.alloc(16, 1))));
    expect(problemOf(() => new FileKeyStore(dir, KEYCHAIN).key('audit')).problem).toBe('damaged');
  });

  it('a plain blob stays readable by both hosts; a plain key cannot pass for a sealed one', () => {
    const dir = tempDir();
    new FileKeyStore(dir, PLAIN_NODE).writeSealed('station', Buffer.from('0101-07'));
    expect(new FileKeyStore(dir, KEYCHAIN).readSealed('station')?.toString()).toBe('0101-07');
    expect(classifyFile(Buffer.concat([Buffer.from('v11'), Buffer.alloc(29, 1)]), true).kind).toBe('plain');
  });
});

describe('a command sees only the keys it declared', () => {
  it('reading an undeclared key throws, naming the command and the key; declared ones pass through', () => {
    const store = new FileKeyStore(tempDir(), PLAIN_NODE);
    const view = declaredOnly(store, ['audit'], 'verify-audit');
    expect(view.key('audit').equals(store.key('audit'))).toBe(true);
    expect(() => view.key('outbox')).toThrow(/verify-audit reads key "outbox" without declaring it/);
    expect(() => view.readSealed('station')).toThrow(/without declaring it/);
  });
});

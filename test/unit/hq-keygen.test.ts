import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHq } from '../../hq/cli';
import { readHqKey } from '../../hq/link/hq-key';
import { groupFingerprint, parseHqKeyText, stationFingerprintDigits } from '../../shared/journal';
import { captureIo } from '../helpers/hq';

/** `hq keygen --out FILE` (LINK-PROTOCOL.md, "Headquarters key"). */
describe('hq keygen', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hq-keygen-'));

  it('writes an owner-only PKCS#8 Ed25519 key and prints its public key text and fingerprint', async () => {
    const file = path.join(dir, 'hq.key');
    const io = captureIo();
    expect(await runHq(['keygen', '--out', file], io)).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const pem = readFileSync(file, 'utf8');
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const priv = createPrivateKey(pem);
    expect(priv.asymmetricKeyType).toBe('ed25519');
    const line = io.stdout.split('\n').find((l) => l.startsWith('hq-key/1;')) ?? '';
    const parsed = parseHqKeyText(line);
    if (!parsed.ok) throw new Error(parsed.problem);
    const der = Buffer.from(parsed.keyDerBase64, 'base64');
    expect(der.equals(createPublicKey(priv).export({ format: 'der', type: 'spki' }))).toBe(true);
    const fp = groupFingerprint(stationFingerprintDigits(createHash('sha256').update(der).digest()));
    expect(io.stdout).toContain(`fingerprint ${fp}`);
    // The printed key verifies what the file's key signs.
    const sig = sign(null, Buffer.from('x'), priv);
    expect(verify(null, Buffer.from('x'), createPublicKey({ key: der, format: 'der', type: 'spki' }), sig)).toBe(true);
    expect(readHqKey(file).publicKeyText).toBe(line);
    expect(io.stdout).not.toContain('PRIVATE');
  });

  it('refuses to overwrite an existing file, leaving it as it was', async () => {
    const file = path.join(dir, 'exists.key');
    writeFileSync(file, 'keep me');
    const io = captureIo();
    expect(await runHq(['keygen', '--out', file], io)).toBe(1);
    expect(io.stderr).toMatch(/exists/);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('refuses without --out', async () => {
    const io = captureIo();
    expect(await runHq(['keygen'], io)).toBe(1);
    expect(io.stderr).toMatch(/usage: keygen --out FILE/);
  });

  it('readHqKey refuses a file that is not an Ed25519 private key', () => {
    const file = path.join(dir, 'junk.key');
    writeFileSync(file, 'not a key');
    expect(() => readHqKey(file)).toThrow(/not a private key/);
    expect(() => readHqKey(path.join(dir, 'missing.key'))).toThrow(/ENOENT/);
  });
});

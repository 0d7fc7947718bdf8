import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { describeHqKey } from '../link/hq-key';
import { CommandStop, type Io } from './io';

/** KEYGEN: a new headquarters Ed25519 key, private half to `file` (owner-only, never over an
 * existing file); prints the public key text branches pin, and its fingerprint. */
export function keygenCommand(file: string, io: Io): void {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
  try {
    writeFileSync(file, pem, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CommandStop(`not written: ${file} exists (a key is never overwritten; choose another file)`);
    throw new CommandStop(`cannot write ${file}: ${code ?? (e as Error).message}`);
  }
  const key = describeHqKey(privateKey);
  io.out(`wrote the private key to ${file} (owner-only; keep it safe, back it up offline)\n`);
  io.out(`public key (paste at each branch: Settings → Headquarters):\n${key.publicKeyText}\nfingerprint ${key.fingerprint}\n`);
}

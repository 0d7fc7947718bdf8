import { safeStorage } from 'electron';
import path from 'node:path';
import { FileKeyStore, type KeyStore } from '../core/secrets';

/**
 * In the app, the key files are sealed with the OS keychain through safeStorage (DPAPI on
 * Windows, libsecret/kwallet on Linux), so copying the data folder alone does not give the keys.
 * Where safeStorage is not available the files stay owner-only, as in browser mode.
 */
export function safeKeyStore(dataDir: string): KeyStore {
  const dir = path.join(dataDir, 'keys');
  if (!safeStorage.isEncryptionAvailable()) return new FileKeyStore(dir);
  return new FileKeyStore(dir, {
    wrap: (raw) => safeStorage.encryptString(raw.toString('base64')),
    unwrap: (stored) => Buffer.from(safeStorage.decryptString(stored), 'base64'),
  });
}

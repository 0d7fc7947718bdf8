import { safeStorage } from 'electron';
import { FileKeyStore, KeychainUnavailableError, keysDir, type KeyStore, type KeyWrapper } from '../core/secrets';

/**
 * On Linux without a keyring Chromium falls back to a fixed built-in key ('basic_text'); a file
 * sealed by a real keyring then cannot be opened, and the reason is the missing keyring.
 */
function keyringMissing(): boolean {
  return process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
}

const safeStorageWrapper: KeyWrapper = {
  wrap: (raw) => safeStorage.encryptString(raw.toString('base64')),
  unwrap: (stored) => {
    try {
      return Buffer.from(safeStorage.decryptString(stored), 'base64');
    } catch (e) {
      if (keyringMissing()) throw new KeychainUnavailableError();
      throw e;
    }
  },
};

/**
 * In the app (the desk and `--cli`), the key files are sealed with the OS keychain through
 * safeStorage (DPAPI on Windows, libsecret/kwallet on Linux), so copying the data folder alone
 * does not give the keys. Where safeStorage is not available new files stay owner-only, as in
 * browser mode, and a file sealed earlier is refused as "keychain unavailable", not "damaged".
 * Call it after app `ready`: on Linux safeStorage answers only then.
 */
export function safeKeyStore(dataDir: string): KeyStore {
  if (!safeStorage.isEncryptionAvailable()) return new FileKeyStore(keysDir(dataDir), { unsealable: 'keychain-unavailable' });
  return new FileKeyStore(keysDir(dataDir), safeStorageWrapper);
}

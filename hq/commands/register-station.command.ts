import { createHash } from 'node:crypto';
import { groupFingerprint, parseStationSlip, stationFingerprintDigits } from '../../shared/journal';
import type { HqClient } from '../db/connection';
import { findStation, insertStation } from '../db/stations.repo';
import { CommandStop, type Io } from './io';

/** REGISTER-STATION: headquarters learns a station's public key from the text of its slip. A
 * station's key never changes (a reinstall takes a new station number), so another key for a
 * registered station is refused, never silently replaced. */
export async function registerStationCommand(client: HqClient, slipText: string, io: Io): Promise<void> {
  const parsed = parseStationSlip(slipText);
  if (!parsed.ok) throw new CommandStop(`not registered: ${parsed.problem}`);
  const { branch, station, publicKey } = parsed.slip;
  const fingerprint = stationFingerprintDigits(createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest());
  const label = `branch ${branch} station ${String(station).padStart(2, '0')}`;
  if (await insertStation(client, { branch, station, publicKey, fingerprint })) {
    io.out(`registered ${label}\nfingerprint ${groupFingerprint(fingerprint)}\n(check it against the printed slip)\n`);
    return;
  }
  const known = await findStation(client, branch, station);
  if (known?.publicKey === publicKey) {
    io.out(`${label} is already registered with this key\nfingerprint ${groupFingerprint(fingerprint)}\n`);
    return;
  }
  throw new CommandStop(
    `not registered: ${label} is registered with another key (fingerprint ${groupFingerprint(known?.fingerprint ?? '')}). ` +
      'A station number is never reused: a reinstalled station takes a new number.',
  );
}

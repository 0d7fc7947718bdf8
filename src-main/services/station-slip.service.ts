import { AppError } from '../../shared/errors';
import { formatStationSlip, groupFingerprint, stationFingerprintDigits } from '../../shared/journal';
import { sha256, stationPublicKeyDer } from '../core/station-key';
import type { ServiceEnv } from './env';
import { thisStation } from './station-identity.service';

export interface StationSlipView {
  branchCode: string;
  branchName: string;
  stationNumber: number;
  /** The one line headquarters pastes into `register-station`. */
  slipText: string;
  /** 36 digits in groups of four, read aloud over the phone to check the key. */
  fingerprint: string;
}

/**
 * Issue 8: the station registration slip a supervisor prints for headquarters — branch, station,
 * the station's public key and its fingerprint — so that headquarters can tell this station's
 * signed batches from anyone else's.
 */
export async function stationSlip(env: ServiceEnv): Promise<StationSlipView> {
  const here = await thisStation(env);
  if (!here) throw new AppError('SETUP_REQUIRED');
  if (!env.keys.readSealed('station-signing-key')) throw new AppError('STATION_KEY_MISSING');
  const der = stationPublicKeyDer(env.keys);
  return {
    branchCode: here.branch.code,
    branchName: here.branch.name,
    stationNumber: here.station.stationNumber,
    slipText: formatStationSlip({ branch: here.branch.code, station: here.station.stationNumber, publicKey: der.toString('base64') }),
    fingerprint: groupFingerprint(stationFingerprintDigits(sha256(der))),
  };
}

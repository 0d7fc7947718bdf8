import smpp from 'smpp';

/**
 * command_status values after which the same message may well go through later: the SMSC is busy,
 * throttling us, or failed inside. Everything about the link (bind refused, not bound) is also
 * transient for the message: it is not the message's fault, it waits in the outbox.
 */
const TRANSIENT = new Set<number>([
  0x0004, // ESME_RINVBNDSTS: not bound (yet)
  0x0008, // ESME_RSYSERR
  0x000d, // ESME_RBINDFAIL
  0x000e, // ESME_RINVPASWD
  0x000f, // ESME_RINVSYSID
  0x0014, // ESME_RMSGQFUL
  0x0045, // ESME_RSUBMITFAIL
  0x0058, // ESME_RTHROTTLED
  0x0064, // ESME_RX_T_APPN: temporary application error
  0x00ff, // ESME_RUNKNOWNERR
]);

/**
 * command_status values that say this message can never be sent as it is (wrong destination,
 * refused content, not allowed): retrying would only repeat the refusal.
 */
const PERMANENT = new Set<number>([
  0x0001, // ESME_RINVMSGLEN
  0x000a, // ESME_RINVSRCADR
  0x000b, // ESME_RINVDSTADR
  0x0043, // ESME_RINVESMCLASS
  0x0048, // ESME_RINVSRCTON
  0x0049, // ESME_RINVSRCNPI
  0x0050, // ESME_RINVDSTTON
  0x0051, // ESME_RINVDSTNPI
  0x0061, // ESME_RINVSCHED
  0x0062, // ESME_RINVEXPIRY
  0x0065, // ESME_RX_P_APPN: permanent application error
  0x0066, // ESME_RX_R_APPN: rejected
  0x00fe, // ESME_RDELIVERYFAILURE
  0x0101, // ESME_RPROHIBITED
  0x0104, // ESME_RINVDCS
]);

const NAMES = new Map<number, string>(Object.entries(smpp.errors).map(([name, code]) => [code, name]));

/** `ESME_RINVDSTADR (0x0000000B)`: what staff see in the outbox and what the log says. */
export function statusName(status: number): string {
  return `${NAMES.get(status) ?? 'vendor status'} (0x${status.toString(16).toUpperCase().padStart(8, '0')})`;
}

/**
 * Permanent only when the code is known to be about the message. Unknown and vendor-specific
 * codes are transient: the message waits and is retried until its deadline rather than being lost.
 */
export function isPermanentStatus(status: number): boolean {
  return PERMANENT.has(status) && !TRANSIENT.has(status);
}

/** The bind was refused because of this branch's credentials or configuration. */
export function isCredentialStatus(status: number): boolean {
  return status === 0x000d || status === 0x000e || status === 0x000f;
}

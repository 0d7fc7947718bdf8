import type { EncodedPdu } from 'smpp';

/** One submit_sm as this app sends it (SMPP 3.4 §4.4.1); addresses are ASCII. */
export interface SubmitFields {
  sourceTon: number;
  sourceNpi: number;
  source: string;
  destTon: number;
  destNpi: number;
  destination: string;
  esmClass: number;
  registeredDelivery: number;
  dataCoding: number;
  /** At most 254 octets (the UDH included): the adapter splits texts into parts of 140. */
  shortMessage: Buffer;
  /** The user_message_reference TLV (0x0204, 16 bits). */
  userMessageReference: number;
}

const SUBMIT_SM = 0x00000004;
const USER_MESSAGE_REFERENCE = 0x0204;
const HEADER = 16;

/**
 * Issue 11 item 2: a submit_sm encoded straight into its bytes — the same bytes as the smpp
 * package's generic encoder (test/unit/smpp-submit.test.ts compares them), without its per-field
 * walk over every PDU's definitions. The session still numbers it and matches its answer:
 * `Session.send` sets `sequence_number` before it asks for the bytes.
 */
export function submitPdu(f: SubmitFields): EncodedPdu {
  if (f.shortMessage.length > 254) throw new RangeError('short_message longer than 254 octets');
  const length =
    HEADER +
    1 + // service_type ""
    2 +
    f.source.length +
    1 +
    2 +
    f.destination.length +
    1 +
    3 + // esm_class, protocol_id, priority_flag
    2 + // schedule_delivery_time "", validity_period ""
    4 + // registered_delivery, replace_if_present_flag, data_coding, sm_default_msg_id
    1 +
    f.shortMessage.length +
    6; // user_message_reference TLV
  const b = Buffer.alloc(length);
  b.writeUInt32BE(length, 0);
  b.writeUInt32BE(SUBMIT_SM, 4);
  // command_status 0 (bytes 8–11, already zero); sequence_number (12–15) at toBuffer time.
  let o = HEADER + 1;
  b[o++] = f.sourceTon;
  b[o++] = f.sourceNpi;
  o += b.write(f.source, o, 'latin1') + 1;
  b[o++] = f.destTon;
  b[o++] = f.destNpi;
  o += b.write(f.destination, o, 'latin1') + 1;
  b[o++] = f.esmClass;
  o += 2 + 2; // protocol_id, priority_flag, schedule_delivery_time, validity_period: all zero
  b[o++] = f.registeredDelivery;
  o++; // replace_if_present_flag
  b[o++] = f.dataCoding;
  o++; // sm_default_msg_id
  b[o++] = f.shortMessage.length;
  o += f.shortMessage.copy(b, o);
  b.writeUInt16BE(USER_MESSAGE_REFERENCE, o);
  b.writeUInt16BE(2, o + 2);
  b.writeUInt16BE(f.userMessageReference & 0xffff, o + 4);
  return {
    command: 'submit_sm',
    sequence_number: 0,
    isResponse: () => false,
    toBuffer(this: EncodedPdu) {
      b.writeUInt32BE(this.sequence_number, 12);
      return b;
    },
  };
}

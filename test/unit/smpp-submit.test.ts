import { test as fcTest, fc } from '@fast-check/vitest';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { submitPdu, type SubmitFields } from '../../src-main/sms/smpp-submit';

// The smpp package's own PDU class (not in its typed surface): the reference encoder.
const { PDU } = createRequire(import.meta.url)('smpp/lib/pdu') as { PDU: new (command: string | Buffer, options?: Record<string, unknown>) => { toBuffer(): Buffer } & Record<string, unknown> };

function libraryBytes(f: SubmitFields, sequence: number): Buffer {
  return new PDU('submit_sm', {
    sequence_number: sequence,
    source_addr_ton: f.sourceTon,
    source_addr_npi: f.sourceNpi,
    source_addr: f.source,
    dest_addr_ton: f.destTon,
    dest_addr_npi: f.destNpi,
    destination_addr: f.destination,
    esm_class: f.esmClass,
    data_coding: f.dataCoding,
    registered_delivery: f.registeredDelivery,
    short_message: f.shortMessage,
    user_message_reference: f.userMessageReference,
  }).toBuffer();
}

const octet = fc.integer({ min: 0, max: 255 });
const address = fc.stringMatching(/^[0-9A-Za-z]{0,20}$/);
const fields = fc.record({
  sourceTon: octet,
  sourceNpi: octet,
  source: address,
  destTon: octet,
  destNpi: octet,
  destination: address,
  esmClass: octet,
  registeredDelivery: octet,
  dataCoding: octet,
  shortMessage: fc.uint8Array({ maxLength: 140 }).map((a) => Buffer.from(a)),
  userMessageReference: fc.integer({ min: 0, max: 0xffff }),
});

/** Issue 11 item 2: the adapter encodes its submit_sm itself, byte for byte as the smpp package does. */
describe('the SMPP submit_sm encoder', () => {
  fcTest.prop([fields, fc.integer({ min: 1, max: 0x7fffffff })])('gives the same bytes as the smpp package for any fields', (f, sequence) => {
    const pdu = submitPdu(f);
    pdu.sequence_number = sequence;
    expect(pdu.toBuffer().equals(libraryBytes(f, sequence))).toBe(true);
  });

  it('reads back with the smpp package as the fields it was given (a two-part UCS-2 message)', () => {
    const pdu = submitPdu({
      sourceTon: 5,
      sourceNpi: 0,
      source: 'SAMT',
      destTon: 1,
      destNpi: 1,
      destination: '989121234567',
      esmClass: 0x40,
      registeredDelivery: 1,
      dataCoding: 8,
      shortMessage: Buffer.concat([Buffer.from([5, 0, 3, 7, 2, 1]), Buffer.from('سلام', 'utf16le').swap16()]),
      userMessageReference: 0xbeef,
    });
    pdu.sequence_number = 42;
    const back = new PDU(pdu.toBuffer());
    expect(back).toMatchObject({ command: 'submit_sm', sequence_number: 42, source_addr: 'SAMT', destination_addr: '989121234567', esm_class: 0x40, data_coding: 8, registered_delivery: 1, user_message_reference: 0xbeef });
    expect((back.short_message as { message: string }).message).toBe('سلام');
  });

  it('refuses a short_message that cannot be one SMPP field', () => {
    expect(() => submitPdu({ sourceTon: 0, sourceNpi: 0, source: '', destTon: 0, destNpi: 0, destination: '', esmClass: 0, registeredDelivery: 0, dataCoding: 8, shortMessage: Buffer.alloc(255), userMessageReference: 0 })).toThrow(RangeError);
  });
});

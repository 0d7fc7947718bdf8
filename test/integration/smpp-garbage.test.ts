import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SmppSettings } from '../../shared/contract/settings.contract';
import { smppAdapter } from '../../src-main/sms/smpp-adapter';
import type { SmsAdapter } from '../../src-main/sms/adapter';
import { smppSettingsFor, type SmppPeer } from '../helpers/smpp-peer';

/**
 * BR-4 with an SMSC that answers garbage (outside probe, 2026-12-07): after a PDU whose
 * command_length is over the SMPP library's maximum, nothing more can be read from the link, yet
 * it stayed open and each send waited out its answer timeout before the outbox heard «no
 * submit_sm_resp». The link is now dropped at once: the sends in flight come back as a lost link
 * with the reason, and it is made again with backoff. (A command_length under a header's 16
 * bytes is not an error to the library: it waits for more bytes, and the answer timeout ends it.)
 */
function header(length: number, commandId: number, status: number, sequence: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32BE(length, 0);
  b.writeUInt32BE(commandId >>> 0, 4);
  b.writeUInt32BE(status, 8);
  b.writeUInt32BE(sequence, 12);
  return b;
}

/** A raw TCP SMSC: accepts any bind, then answers every submit_sm with `answer`'s bytes. */
async function garbageSmsc(answer: (sequence: number) => Buffer): Promise<{ port: number; binds: () => number; close: () => Promise<void> }> {
  let binds = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 16 && buffered.length >= buffered.readUInt32BE(0)) {
        const length = buffered.readUInt32BE(0);
        const id = buffered.readUInt32BE(4);
        const sequence = buffered.readUInt32BE(12);
        buffered = buffered.subarray(length);
        if (id === 0x00000002 || id === 0x00000009) {
          binds++;
          socket.write(Buffer.concat([header(18, 0x80000000 | id, 0, sequence), Buffer.from('x\0', 'latin1')]));
        } else if (id === 0x00000004) socket.write(answer(sequence));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    binds: () => binds,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('BR-4: an SMSC that answers a submit_sm with bytes no PDU can have', () => {
  let adapter: SmsAdapter | null = null;
  let smsc: Awaited<ReturnType<typeof garbageSmsc>> | null = null;
  afterEach(async () => {
    await adapter?.close();
    await smsc?.close();
    adapter = smsc = null;
  });

  it('a command_length far over the maximum: the send comes back at once as a lost link, and the link is made again', async () => {
    smsc = await garbageSmsc((seq) => header(0x7fffffff, 0x80000004, 0, seq));
    const cfg = smppSettingsFor({ port: smsc.port } as SmppPeer, { submitTimeoutSeconds: 30 }) as SmppSettings;
    adapter = smppAdapter(cfg, 'pw', {}, { minReconnectMs: 50, maxReconnectMs: 100 });
    const states: boolean[] = [];
    adapter.onLinkState?.((up) => states.push(up));
    const started = Date.now();
    const r = await adapter.send({ reference: 'ref-1', to: '09121234567', text: 'سلام' });
    expect(Date.now() - started).toBeLessThan(5_000); // not the 30 s answer timeout
    expect(r).toMatchObject({ ok: false, permanent: false, link: 'down' });
    expect(r.ok ? '' : r.error).toMatch(/SMPP link broken: PDU length was too large/);
    await expect.poll(() => smsc!.binds(), { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    expect(states).toContain(false);
  });

  it('a command_length under a header: the library waits for a PDU of that length, so the answer timeout ends the link', async () => {
    smsc = await garbageSmsc((seq) => header(4, 0x80000004, 0, seq));
    const cfg = smppSettingsFor({ port: smsc.port } as SmppPeer, { submitTimeoutSeconds: 1 }) as SmppSettings;
    adapter = smppAdapter(cfg, 'pw', {}, { minReconnectMs: 50, maxReconnectMs: 100 });
    const r = await adapter.send({ reference: 'ref-1', to: '09121234567', text: 'سلام' });
    expect(r).toMatchObject({ ok: false, permanent: false, link: 'down' });
    expect(r.ok ? '' : r.error).toMatch(/no submit_sm_resp within 1 s/);
    await expect.poll(() => smsc!.binds(), { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
  });

  it('a message id that is not printable text (no NUL, control bytes) is not kept: the send is accepted without a provider id', async () => {
    const id = Buffer.from([0x7f, 0x7e, 0x7d, 0x01]);
    smsc = await garbageSmsc((seq) => Buffer.concat([header(16 + id.length, 0x80000004, 0, seq), id]));
    adapter = smppAdapter(smppSettingsFor({ port: smsc.port } as SmppPeer) as SmppSettings, 'pw');
    const r = await adapter.send({ reference: 'ref-1', to: '09121234567', text: 'سلام' });
    expect(r).toEqual({ ok: true, providerMessageId: null });
  });
});

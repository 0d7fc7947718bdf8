import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Session } from 'smpp';

/** One submit_sm as it arrived, decoded by the smpp package and re-encoded to its UCS-2 bytes. */
export interface ReceivedPart {
  systemId: string;
  sourceAddr: string;
  sourceTon: number;
  destination: string;
  destTon: number;
  dataCoding: number;
  esmClass: number;
  registeredDelivery: number;
  /** The concatenation element `00 03 ref total seq`, or null for a single SMS. */
  udh: Buffer | null;
  text: string;
  /** The short message's text as UTF-16BE bytes (what data_coding 8 carries). */
  bytes: Buffer;
  userMessageReference: number | null;
  messageId: string;
}

export interface ReassembledMessage {
  destination: string;
  text: string;
  parts: ReceivedPart[];
}

export interface SmppPeer {
  readonly port: number;
  binds: Array<{ command: string; systemId: string; status: number }>;
  parts: ReceivedPart[];
  /** command_status for each submit_sm (default 0: accepted). */
  answer: (part: ReceivedPart) => number;
  /** Delay before each submit_sm_resp. */
  delayMs: number;
  /** Hold every submit_sm_resp in `held` until the test answers it (in any order). */
  hold: boolean;
  held: Array<{ part: ReceivedPart; respond: () => void }>;
  /** submit_sm received and not yet answered, now and at most. */
  outstanding: number;
  mostOutstanding: number;
  /** Complete messages: single parts, and UDH parts joined by (destination, ref, total) in seq order. */
  messages(): ReassembledMessage[];
  /** Sends a delivery receipt for a message id on every transceiver session. */
  sendReceipt(messageId: string, stat: 'DELIVRD' | 'UNDELIV'): void;
  /** Drops every connection (the gateway restarts); the listener stays. */
  dropConnections(): void;
  /** Stops listening and drops every connection: the gateway is down. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

const BIND_COMMANDS = ['bind_transmitter', 'bind_transceiver', 'bind_receiver'];

/**
 * A test SMSC on 127.0.0.1 built with the smpp package's own server: it checks the bind's
 * system_id and password (ESME_RINVSYSID 0x0F / ESME_RINVPASWD 0x0E, then hangs up), answers
 * enquire_link, and records every submit_sm.
 */
export async function startSmppPeer(creds: { systemId: string; password: string }): Promise<SmppPeer> {
  let counter = 0;
  const sessions = new Set<Session>();
  const transceivers = new Set<Session>();

  const onSession = (session: Session) => {
    sessions.add(session);
    let boundAs: string | null = null;
    session.on('error', () => undefined); // a client that vanishes must not crash the test run
    session.on('close', () => {
      sessions.delete(session);
      transceivers.delete(session);
    });
    for (const command of BIND_COMMANDS) {
      session.on(command, (pdu: PDU) => {
        const systemId = String(pdu.system_id ?? '');
        const status = systemId !== creds.systemId ? 0x0f : String(pdu.password ?? '') !== creds.password ? 0x0e : 0;
        peer.binds.push({ command, systemId, status });
        session.send(pdu.response(status === 0 ? { system_id: 'test-smsc' } : { command_status: status }));
        if (status !== 0) {
          setTimeout(() => session.close(), 10);
          return;
        }
        boundAs = systemId;
        if (command === 'bind_transceiver') transceivers.add(session);
      });
    }
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('deliver_sm_resp', () => undefined);
    session.on('submit_sm', (pdu: PDU) => {
      if (boundAs === null) {
        session.send(pdu.response({ command_status: 0x04 }));
        return;
      }
      const sm = pdu.short_message as { message: string; udh?: Buffer[] };
      const concat = sm.udh?.find((ie) => ie[0] === 0x00) ?? null;
      const part: ReceivedPart = {
        systemId: boundAs,
        sourceAddr: String(pdu.source_addr),
        sourceTon: Number(pdu.source_addr_ton),
        destination: String(pdu.destination_addr),
        destTon: Number(pdu.dest_addr_ton),
        dataCoding: Number(pdu.data_coding),
        esmClass: Number(pdu.esm_class),
        registeredDelivery: Number(pdu.registered_delivery),
        udh: concat ? Buffer.from(concat) : null,
        text: sm.message,
        bytes: Buffer.from(sm.message, 'utf16le').swap16(),
        userMessageReference: typeof pdu.user_message_reference === 'number' ? pdu.user_message_reference : null,
        messageId: `smsc-${++counter}`,
      };
      const status = peer.answer(part);
      if (status === 0) peer.parts.push(part);
      peer.mostOutstanding = Math.max(peer.mostOutstanding, ++peer.outstanding);
      const respond = () => {
        peer.outstanding--;
        session.send(pdu.response(status === 0 ? { message_id: part.messageId } : { command_status: status }));
      };
      if (peer.hold) peer.held.push({ part, respond });
      else if (peer.delayMs > 0) setTimeout(respond, peer.delayMs);
      else respond();
    });
  };

  const server = smpp.createServer(onSession);
  server.on('error', () => undefined);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(0);

  const peer: SmppPeer = {
    port,
    binds: [],
    parts: [],
    answer: () => 0,
    delayMs: 0,
    hold: false,
    held: [],
    outstanding: 0,
    mostOutstanding: 0,
    messages() {
      const done: ReassembledMessage[] = [];
      const open: Array<{ key: string; total: number; parts: Map<number, ReceivedPart> }> = [];
      for (const p of peer.parts) {
        if (!p.udh) {
          done.push({ destination: p.destination, text: p.text, parts: [p] });
          continue;
        }
        const [, , ref, total, seq] = p.udh;
        const key = `${p.destination}/${ref}/${total}`;
        let group = open.find((g) => g.key === key && !g.parts.has(seq!));
        if (!group) open.push((group = { key, total: total!, parts: new Map() }));
        group.parts.set(seq!, p);
        if (group.parts.size === group.total) {
          open.splice(open.indexOf(group), 1);
          const ordered = [...group.parts.entries()].sort(([a], [b]) => a - b).map(([, part]) => part);
          done.push({ destination: p.destination, text: ordered.map((x) => x.text).join(''), parts: ordered });
        }
      }
      return done;
    },
    sendReceipt(messageId, stat) {
      for (const s of transceivers) {
        s.deliver_sm({
          esm_class: 0x04,
          short_message: `id:${messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:2611250630 done date:2611250631 stat:${stat} err:000 text:`,
          receipted_message_id: messageId,
          message_state: stat === 'DELIVRD' ? 2 : 5,
        });
      }
    },
    dropConnections() {
      for (const s of sessions) s.destroy();
    },
    async stop() {
      peer.dropConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async start() {
      await listen(port);
    },
  };
  return peer;
}

/** The SMPP gateway settings for a peer on 127.0.0.1 (the rest as the defaults). */
export function smppSettingsFor(peer: SmppPeer, overrides: Record<string, unknown> = {}) {
  return {
    host: '127.0.0.1',
    port: peer.port,
    systemId: 'desk01',
    systemType: '',
    sourceAddress: '1000',
    numberFormat: 'international',
    maxParts: 4,
    connectTimeoutSeconds: 5,
    submitTimeoutSeconds: 5,
    enquireLinkSeconds: 30,
    deliveryReports: false,
    ...overrides,
  };
}

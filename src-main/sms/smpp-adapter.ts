import smpp, { type EncodedPdu, type PDU, type Session } from 'smpp';
import type { SmppSettings } from '../../shared/contract/settings.contract';
import { logger } from '../core/log';
import type { DeliveryReport, GatewayHooks, SendResult, SmsAdapter, SmsMessage } from './adapter';
import { destination, source } from './numbers';
import { isCredentialStatus, isPermanentStatus, statusName } from './smpp-status';
import { submitPdu } from './smpp-submit';
import { concatUdh, referenceNumbers, splitUcs2, toUcs2 } from './ucs2';

const log = logger('smpp');

/**
 * An SMSC's message_id as this desk keeps it (the outbox row, the accepted log, receipts): SMPP 3.4
 * makes it up to 64 printable characters; anything else (control bytes, an id without its NUL
 * that ran into garbage) is not kept — the message is sent, with no provider id to match.
 */
function providerId(raw: unknown): string {
  return typeof raw === 'string' && /^[\x21-\x7e]{1,64}$/.test(raw) ? raw : '';
}

/** One TCP connection with its bind, the sends waiting on it, and its keep-alive. */
interface Link {
  session: Session;
  pending: Set<(reason: string) => void>;
  keepAlive: NodeJS.Timeout | null;
  /** submit_sm written and not yet answered: never more than the window. */
  outstanding: number;
  /** Submits waiting for a free slot of the window, oldest first. */
  waiting: Array<() => void>;
  dead: boolean;
  /** The socket holds this tick's writes, to send them in one go at its end. */
  corked: boolean;
}

type Submitted = { status: number; messageId: string } | { lost: string };

/** submit_sm outstanding on one link unless told otherwise: what SMSCs commonly allow. */
export const SMPP_WINDOW = 10;

export interface SmppTuning {
  /** The most submit_sm outstanding (written, not yet answered) on the link; more wait their turn. */
  window?: number;
  /** Background reconnect backoff after a lost link (doubling, with jitter). */
  minReconnectMs?: number;
  maxReconnectMs?: number;
}

const RECEIPT_STATES: Record<string, DeliveryReport['state']> = {
  DELIVRD: 'delivered',
  UNDELIV: 'failed',
  REJECTD: 'failed',
  EXPIRED: 'failed',
  DELETED: 'failed',
  ACCEPTD: 'accepted',
  ENROUTE: 'buffered',
};
/** The message_state TLV's numbers, as receipt words. */
const MESSAGE_STATES = ['', 'ENROUTE', 'DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'ACCEPTD', 'UNKNOWN', 'REJECTD'];
const REMEMBERED_IDS = 10_000;

/**
 * BR-4: an SMSC over SMPP 3.4 with the `smpp` package. One bind (transmitter, or transceiver when
 * delivery receipts are wanted), kept alive with enquire_link and re-made with backoff when lost;
 * Persian as UCS-2 (data_coding 8), split into UDH-linked parts of 67 characters above 70. Every
 * session has an error listener: a refused or reset connection must never crash the app.
 *
 * SMPP is asynchronous: submits are pipelined on the link up to its window (`tuning.window`, 10
 * unless told), each answer matched to its submit by sequence number (the library does that), and
 * a freed slot goes at once to the oldest submit waiting — the parts of every message the
 * dispatcher has handed over, in the order they were handed over.
 */
export function smppAdapter(cfg: SmppSettings, password: string, hooks: GatewayHooks = {}, tuning: SmppTuning = {}): SmsAdapter {
  return new SmppGateway(cfg, password, hooks, tuning);
}

class SmppGateway implements SmsAdapter {
  readonly name = 'smpp' as const;
  private link: Link | null = null;
  private binding: Promise<Link> | null = null;
  /** The session of a bind in progress, so close() can stop it. */
  private connecting: Session | null = null;
  private closed = false;
  private linkUp: boolean | null = null;
  private failures = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly listeners: Array<(up: boolean) => void> = [];
  /** Provider ids of recent parts → our reference, so a receipt finds its message. */
  private readonly sentIds = new Map<string, string>();
  private readonly window: number;

  constructor(
    private readonly cfg: SmppSettings,
    private readonly password: string,
    private readonly hooks: GatewayHooks,
    private readonly tuning: SmppTuning,
  ) {
    this.window = Math.max(1, tuning.window ?? SMPP_WINDOW);
    // Bind at once, so the status bar shows the gateway's state before the first message.
    this.bound().catch(() => undefined);
  }

  onLinkState(fn: (up: boolean) => void): void {
    this.listeners.push(fn);
  }

  async send(m: SmsMessage): Promise<SendResult> {
    const parts = splitUcs2(m.text);
    if (parts.length > this.cfg.maxParts) {
      return { ok: false, permanent: true, link: 'unchanged', error: `the text needs ${parts.length} SMS parts, more than the configured ${this.cfg.maxParts}` };
    }
    let link: Link;
    try {
      link = await this.bound();
    } catch (e) {
      return { ok: false, permanent: false, link: 'down', error: `SMPP ${e instanceof Error ? e.message : String(e)}` };
    }
    const from = source(this.cfg.sourceAddress);
    const to = destination(m.to, this.cfg.numberFormat);
    const ref = referenceNumbers(m.reference);
    // Every part is handed to the link at once (SMPP is asynchronous; the library matches each
    // submit_sm_resp to its submit by sequence number): a message costs one round trip, not one
    // per part, and waits only for a free slot of the window.
    const answers = await Promise.all(
      parts.map((part, i) =>
        this.submit(
          link,
          submitPdu({
            sourceTon: from.ton,
            sourceNpi: from.npi,
            source: from.addr,
            destTon: to.ton,
            destNpi: to.npi,
            destination: to.addr,
            esmClass: parts.length > 1 ? 0x40 : 0, // the UDH indicator
            dataCoding: 8,
            registeredDelivery: this.cfg.deliveryReports ? 1 : 0,
            shortMessage: parts.length > 1 ? Buffer.concat([concatUdh(ref.udh, parts.length, i + 1), toUcs2(part)]) : toUcs2(part),
            // The same on every retry of this message: an SMSC that drops repeats can recognise it.
            userMessageReference: ref.message,
          }),
        ),
      ),
    );
    const ids: string[] = [];
    for (const [i, r] of answers.entries()) {
      const where = parts.length > 1 ? ` (part ${i + 1} of ${parts.length})` : '';
      if ('lost' in r) return { ok: false, permanent: false, link: 'down', error: `SMPP ${r.lost}${where}` };
      if (r.status !== 0) {
        if (r.status === 0x0004) link.session.destroy(); // "not bound": make a fresh bind
        const permanent = isPermanentStatus(r.status);
        return { ok: false, permanent, link: r.status === 0x0004 ? 'down' : 'up', error: `SMPP submit_sm refused: ${statusName(r.status)}${where}` };
      }
      ids.push(r.messageId);
    }
    const known = ids.filter((id) => id !== '');
    // Only a transceiver bind hears receipts: without them there is nothing to look up (issue 11).
    if (this.cfg.deliveryReports) for (const id of known) this.remember(id, m.reference);
    const joined = known.join(',');
    return { ok: true, providerMessageId: known.length === 0 ? null : joined.length <= 80 ? joined : known[0]! };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.connecting?.destroy();
    const link = this.link;
    this.link = null;
    if (!link) return;
    this.release(link, 'the adapter was closed');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        link.session.destroy();
        resolve();
      }, 1000);
      link.session.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (!link.session.unbind({}, () => link.session.close())) link.session.destroy();
    });
  }

  /** The current bind, or one being made (shared by every send that needs it). */
  private bound(): Promise<Link> {
    if (this.closed) return Promise.reject(new Error('adapter is closed'));
    if (this.link) return Promise.resolve(this.link);
    if (!this.binding) {
      this.binding = this.bind().finally(() => {
        this.binding = null;
      });
      this.binding.catch(() => undefined);
    }
    return this.binding;
  }

  private bind(): Promise<Link> {
    const { host, port, connectTimeoutSeconds } = this.cfg;
    const url = `smpp://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
    const op = this.cfg.deliveryReports ? 'bind_transceiver' : 'bind_transmitter';
    return new Promise<Link>((resolve, reject) => {
      const session = smpp.connect({ url });
      this.connecting = session;
      const link: Link = { session, pending: new Set(), keepAlive: null, outstanding: 0, waiting: [], dead: false, corked: false };
      let settled = false;
      const fail = (reason: string) => {
        if (settled) return;
        settled = true;
        this.connecting = null;
        clearTimeout(timer);
        session.destroy();
        this.lost(reason);
        reject(new Error(reason));
      };
      const timer = setTimeout(() => fail(`no bind with ${host}:${port} within ${connectTimeoutSeconds} s`), connectTimeoutSeconds * 1000);
      let broken: string | null = null;
      session.on('error', (e: NodeJS.ErrnoException) => {
        if (!settled) fail(`cannot reach ${host}:${port}: ${e.code ?? e.message}`);
        else {
          // A socket error, or a PDU the library cannot frame (a command_length out of bounds):
          // after the latter nothing more can be read, so the link is dropped now rather than each
          // send waiting out its answer timeout. 'close' follows and tells the sends in flight.
          broken = e.code ?? e.message;
          log.warn(`link error: ${broken}`);
          session.destroy();
        }
      });
      session.on('close', () => {
        if (!settled) fail(`${host}:${port} closed the connection before the bind`);
        else this.dropped(link, broken === null ? 'connection closed' : `link broken: ${broken}`);
      });
      session.on('connect', () => {
        // Small PDUs back to back: without this, Nagle holds each one until the last is answered.
        session.socket.setNoDelay(true);
        const sent = session[op]({ system_id: this.cfg.systemId, password: this.password, system_type: this.cfg.systemType, interface_version: 0x34 }, (pdu) => {
          if (settled) return;
          if (pdu.command_status !== 0) {
            const hint = isCredentialStatus(pdu.command_status) ? ' (check system_id and password)' : '';
            fail(`${op} refused by ${host}:${port}: ${statusName(pdu.command_status)}${hint}`);
            return;
          }
          settled = true;
          this.connecting = null;
          clearTimeout(timer);
          this.up(link, op);
          resolve(link);
        });
        if (!sent) fail(`cannot write to ${host}:${port}`);
      });
      session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
      session.on('deliver_sm', (pdu: PDU) => this.onDeliver(session, pdu));
      session.on('unbind', (pdu: PDU) => {
        session.send(pdu.response());
        session.close();
      });
      session.on('unknown', (pdu: PDU) => session.send(pdu.response()));
    });
  }

  /**
   * One submit_sm, written when the window has a free slot; resolves with its answer, or `lost`
   * when the link goes (also while it waits for a slot). The answer timeout runs from the write.
   */
  private submit(link: Link, pdu: EncodedPdu): Promise<Submitted> {
    const seconds = this.cfg.submitTimeoutSeconds;
    return new Promise<Submitted>((resolve) => {
      let done = false;
      let timer: NodeJS.Timeout | null = null;
      const finish = (r: Submitted) => {
        if (done) return;
        done = true;
        link.pending.delete(onLost);
        if (timer) {
          clearTimeout(timer);
          this.freeSlot(link);
        }
        resolve(r);
      };
      const onLost = (reason: string) => finish({ lost: reason });
      link.pending.add(onLost);
      const write = () => {
        if (done) return;
        link.outstanding++;
        timer = setTimeout(() => {
          finish({ lost: `no submit_sm_resp within ${seconds} s` });
          link.session.destroy();
        }, seconds * 1000);
        this.cork(link);
        const sent = link.session.send(pdu, (r) => finish({ status: r.command_status, messageId: providerId(r.message_id) }));
        if (!sent) finish({ lost: 'connection is not writable' });
      };
      if (link.outstanding < this.window && link.waiting.length === 0) write();
      else link.waiting.push(write);
    });
  }

  /**
   * The submits written in this tick (a window refilled, a message's parts) leave in one write at
   * its end rather than one system call each; nothing waits longer than the current tick.
   */
  private cork(link: Link): void {
    if (link.corked) return;
    link.corked = true;
    const socket = link.session.socket;
    socket.cork();
    process.nextTick(() => {
      link.corked = false;
      socket.uncork();
    });
  }

  private freeSlot(link: Link): void {
    link.outstanding--;
    while (!link.dead && link.outstanding < this.window && link.waiting.length > 0) link.waiting.shift()!();
  }

  private up(link: Link, op: string): void {
    if (this.closed) {
      link.session.destroy();
      return;
    }
    this.link = link;
    this.failures = 0;
    link.keepAlive = setInterval(() => this.probe(link), this.cfg.enquireLinkSeconds * 1000);
    link.keepAlive.unref();
    log.info(`${op} to ${this.cfg.host}:${this.cfg.port} accepted`);
    this.setLink(true);
  }

  /** enquire_link: a link that does not answer in time is dropped and made again. */
  private probe(link: Link): void {
    const timer = setTimeout(() => {
      log.warn('no answer to enquire_link; reconnecting');
      link.session.destroy();
    }, this.cfg.submitTimeoutSeconds * 1000);
    timer.unref();
    if (!link.session.enquire_link({}, () => clearTimeout(timer))) link.session.destroy();
  }

  private release(link: Link, reason: string): void {
    link.dead = true;
    link.waiting = [];
    if (link.keepAlive) clearInterval(link.keepAlive);
    link.keepAlive = null;
    for (const lost of [...link.pending]) lost(reason);
  }

  private dropped(link: Link, reason: string): void {
    this.release(link, reason);
    if (this.link !== link) return;
    this.link = null;
    this.lost(reason);
  }

  /** The link is down: say so once, and try again later with a growing, jittered delay. */
  private lost(reason: string): void {
    this.failures++;
    if (this.linkUp !== false) log.warn(`SMPP gateway unavailable: ${reason}`);
    this.setLink(false);
    if (this.closed || this.reconnectTimer) return;
    const min = this.tuning.minReconnectMs ?? 1000;
    const max = this.tuning.maxReconnectMs ?? 60_000;
    const delay = Math.min(max, min * 2 ** Math.min(this.failures - 1, 16));
    this.reconnectTimer = setTimeout(
      () => {
        this.reconnectTimer = null;
        this.bound().catch(() => undefined);
      },
      delay / 2 + (Math.random() * delay) / 2,
    );
    this.reconnectTimer.unref();
  }

  private setLink(up: boolean): void {
    if (this.linkUp === up) return;
    this.linkUp = up;
    for (const l of this.listeners) l(up);
  }

  private remember(id: string, reference: string): void {
    this.sentIds.set(id, reference);
    if (this.sentIds.size > REMEMBERED_IDS) this.sentIds.delete(this.sentIds.keys().next().value!);
  }

  /** Answers every deliver_sm; a delivery receipt (esm_class bits 2–5) goes to the hook. */
  private onDeliver(session: Session, pdu: PDU): void {
    session.send(pdu.response());
    if ((Number(pdu.esm_class ?? 0) & 0x3c) === 0) return; // a message from a phone, not a receipt
    const sm = pdu.short_message as { message?: unknown } | Buffer | string | undefined;
    const text = typeof sm === 'string' ? sm : Buffer.isBuffer(sm) ? sm.toString('latin1') : typeof sm?.message === 'string' ? sm.message : '';
    const id = typeof pdu.receipted_message_id === 'string' && pdu.receipted_message_id ? pdu.receipted_message_id : (/\bid:(\S+)/i.exec(text)?.[1] ?? null);
    const stat = (/\bstat:(\w+)/i.exec(text)?.[1] ?? MESSAGE_STATES[Number(pdu.message_state ?? 7)] ?? 'UNKNOWN').toUpperCase();
    this.hooks.onDeliveryReport?.({
      reference: id ? (this.sentIds.get(id) ?? null) : null,
      providerMessageId: id,
      state: RECEIPT_STATES[stat] ?? 'unknown',
      detail: `stat:${stat}`,
    });
  }
}

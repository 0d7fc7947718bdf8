import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KannelSettings } from '../../shared/contract/settings.contract';
import { endWith, guarded, requestUrl } from '../core/http-guard';
import { logger } from '../core/log';
import type { DeliveryReport, GatewayHooks, SendResult, SmsAdapter } from './adapter';
import { kannelDestination } from './numbers';
import { partCount } from './ucs2';

const log = logger('kannel');

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
/** Kannel's dlr-mask bits: 1 delivered, 2 failed, 4 buffered, 8 taken by the SMSC, 16 refused by it. */
const DLR_MASK = 1 | 2 | 16;
const DLR_TYPES: Record<string, DeliveryReport['state']> = { '1': 'delivered', '2': 'failed', '4': 'buffered', '8': 'accepted', '16': 'failed' };
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export interface KannelAdapter extends SmsAdapter {
  /** The loopback delivery-report endpoint, once listening (null when reports are off). */
  dlrEndpoint(): Promise<string | null>;
}

/**
 * BR-4: Kannel's HTTP sendsms by POST. The text is the body (`text/plain; charset=UTF-8`), the
 * other parameters are Kannel's X-Kannel-* headers (`coding` 2 = UCS-2), so the password is in
 * neither a URL nor Kannel's access log. Kannel silently cuts a text longer than the user's
 * `max-messages` parts, so a text that needs more parts than `maxParts` is refused here instead.
 * Kannel cannot drop repeats; the message reference travels in the dlr-url instead, so each
 * delivery report names exactly one outbox message.
 */
export function kannelAdapter(cfg: KannelSettings, password: string, hooks: GatewayHooks = {}): KannelAdapter {
  const host = cfg.host.includes(':') && !cfg.host.startsWith('[') ? `[${cfg.host}]` : cfg.host;
  const sendsmsUrl = `http://${host}:${cfg.port}/cgi-bin/sendsms`;
  const token = randomBytes(18).toString('base64url');
  let listener: Promise<http.Server | null> | null = null;
  if (cfg.deliveryReports && !LOOPBACK.has(cfg.host)) {
    log.warn('delivery reports need Kannel on this machine (host 127.0.0.1); they are off for this gateway');
  }

  function onReport(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = requestUrl(req.url);
    if (!url) return endWith(res, 400);
    if (req.method !== 'GET' || url.pathname !== `/dlr/${token}`) {
      res.writeHead(404).end();
      return;
    }
    const type = url.searchParams.get('type') ?? '';
    const reply = (url.searchParams.get('reply') ?? '').slice(0, 60);
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    hooks.onDeliveryReport?.({
      reference: url.searchParams.get('ref'),
      providerMessageId: url.searchParams.get('id') || null,
      state: DLR_TYPES[type] ?? 'unknown',
      detail: `type:${type}${reply ? ` ${reply}` : ''}`,
    });
  }

  /** A 127.0.0.1 listener of this adapter's own, started with the first send. */
  function dlrEndpoint(): Promise<string | null> {
    if (!cfg.deliveryReports || !LOOPBACK.has(cfg.host)) return Promise.resolve(null);
    listener ??= new Promise<http.Server | null>((resolve) => {
      const server = http.createServer(guarded(log, onReport));
      server.once('error', (e) => {
        log.warn(`no delivery-report listener: ${e.message}`);
        resolve(null);
      });
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
    return listener.then((server) => (server ? `http://127.0.0.1:${(server.address() as AddressInfo).port}/dlr/${token}` : null));
  }

  return {
    name: 'kannel',
    dlrEndpoint,
    async send(m): Promise<SendResult> {
      const parts = partCount(m.text);
      if (parts > cfg.maxParts) {
        return {
          ok: false,
          permanent: true,
          link: 'unchanged',
          error: `the text needs ${parts} SMS parts; the gateway takes at most ${cfg.maxParts} (max-messages) and Kannel would cut the rest`,
        };
      }
      const headers: Record<string, string> = {
        'Content-Type': 'text/plain; charset=UTF-8',
        'X-Kannel-Username': cfg.username,
        'X-Kannel-Password': password,
        'X-Kannel-From': cfg.from,
        'X-Kannel-To': kannelDestination(m.to, cfg.numberFormat),
        'X-Kannel-Coding': '2',
      };
      const dlr = await dlrEndpoint();
      if (dlr) {
        headers['X-Kannel-DLR-Mask'] = String(DLR_MASK);
        headers['X-Kannel-DLR-Url'] = `${dlr}?ref=${encodeURIComponent(m.reference)}&type=%d&id=%F&reply=%A`;
      }
      let res: Response;
      try {
        res = await fetch(sendsmsUrl, { method: 'POST', headers, body: m.text, signal: AbortSignal.timeout(cfg.timeoutSeconds * 1000) });
      } catch (e) {
        const cause = (e as { cause?: { code?: string } }).cause?.code;
        const why = cause ?? (e instanceof Error && e.name === 'TimeoutError' ? `no answer within ${cfg.timeoutSeconds} s` : String(e));
        return { ok: false, permanent: false, link: 'down', error: `Kannel at ${cfg.host}:${cfg.port} unreachable: ${why}` };
      }
      const body = (await res.text().catch(() => '')).trim().slice(0, 160);
      // 202 is both "0: Accepted for delivery" and "3: Queued for later delivery" (SMSC not connected).
      if (res.status === 202) {
        return { ok: true, providerMessageId: UUID.exec(body)?.[0] ?? res.headers.get('x-kannel-message-id') ?? null };
      }
      if (res.status >= 400 && res.status < 500) {
        // 401/403: this branch's credentials are refused; every message would be, so show offline.
        const refused = res.status === 401 || res.status === 403;
        return { ok: false, permanent: true, link: refused ? 'down' : 'up', error: `Kannel refused the message: HTTP ${res.status} ${body}` };
      }
      return { ok: false, permanent: false, link: 'down', error: `Kannel answered HTTP ${res.status} ${body}` };
    },
    async close() {
      const server = await listener;
      listener = null;
      if (!server) return;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

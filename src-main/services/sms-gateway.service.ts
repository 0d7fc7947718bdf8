import { randomInt } from 'node:crypto';
import { SMS_TEXT_FA } from '../../shared/i18n/fa-sms';
import { maskMobile } from '../../shared/text/mask';
import { logger } from '../core/log';
import { decryptSecret, encryptSecret } from '../core/secrets';
import { findMessage, findMessageByProviderId, findMessageByReference } from '../db/outbox.repo';
import type { DeliveryReport } from '../sms/adapter';
import { audit, inTx, SYSTEM_ACTOR, type Actor, type ServiceEnv } from './env';
import { queueSms, toOutboxMessage } from './outbox.service';
import { getInternal, getSettings, setInternal, updateSettings } from './settings.service';

const log = logger('sms-gateway');

export type GatewayName = 'smpp' | 'kannel';

const passwordKey = (gateway: GatewayName) => `sms_password_${gateway}`;

/** A test message stays in the outbox for an hour at most; it is no use later. */
const TEST_SMS_LIFE_MS = 3600_000;

/** The test text: one SMS part, with a code that tells this test apart from the others. */
export function testSmsText(code: string): string {
  return SMS_TEXT_FA.test(code);
}

/**
 * BR-4: stores a gateway password sealed with the outbox key (kept outside the database: sealed
 * with safeStorage in the desktop app, an owner-only file in browser mode); null clears it. The
 * settings only say whether one is set; the audit entry names the gateway, never the password.
 */
export async function setGatewayPassword(env: ServiceEnv, actor: Actor, gateway: GatewayName, password: string | null) {
  return inTx(env, async (tx) => {
    const at = env.clock.now();
    const sealed = password === null ? null : encryptSecret(env.keys.key('outbox'), password);
    await setInternal(tx, passwordKey(gateway), sealed, at);
    const next = { ...(await getSettings(tx)).gatewayPasswordSet, [gateway]: password !== null };
    await updateSettings(tx, { gatewayPasswordSet: next }, at);
    await audit(tx, env, actor, { action: 'sms.gateway-password', details: { gateway, set: password !== null } });
    return next;
  });
}

/** The gateway password for the adapter, or null when none is set or it can no longer be unsealed. */
export async function gatewayPassword(env: ServiceEnv, gateway: GatewayName): Promise<string | null> {
  const sealed = await getInternal<unknown>(env.db, passwordKey(gateway));
  if (typeof sealed !== 'string') return null;
  try {
    return decryptSecret(env.keys.key('outbox'), sealed);
  } catch {
    log.warn(`the ${gateway} gateway password cannot be unsealed with this machine's outbox key; set it again`);
    return null;
  }
}

/** BR-4: a supervisor's test message, queued like any other (the dispatcher sends it), audited. */
export async function queueTestSms(env: ServiceEnv, actor: Actor, to: string) {
  const id = await inTx(env, async (tx) => {
    const now = env.clock.now();
    const code = String(randomInt(10_000_000, 100_000_000));
    const messageId = await queueSms(tx, env, { purpose: 'test', to, template: testSmsText(code), expiresAt: new Date(now.getTime() + TEST_SMS_LIFE_MS) });
    const adapter = (await getSettings(tx)).smsAdapter;
    await audit(tx, env, actor, { action: 'sms.test', subjectType: 'sms', subjectId: messageId, details: { to: maskMobile(to), adapter } });
    return messageId;
  });
  return toOutboxMessage((await findMessage(env.db, id))!);
}

/**
 * BR-4: a gateway's delivery report becomes an audit entry on its message (by our reference when
 * the gateway returns it, else by the provider's id). Returns false for a message we do not know.
 */
export async function recordDeliveryReport(env: ServiceEnv, report: DeliveryReport): Promise<boolean> {
  const m =
    (report.reference ? await findMessageByReference(env.db, report.reference) : undefined) ??
    (report.providerMessageId ? await findMessageByProviderId(env.db, report.providerMessageId) : undefined);
  if (!m) {
    log.info(`delivery report (${report.state}) for a message this outbox does not know`);
    return false;
  }
  await inTx(env, (tx) =>
    audit(tx, env, SYSTEM_ACTOR, {
      action: 'sms.delivery-report',
      subjectType: 'sms',
      subjectId: m.id,
      details: { state: report.state, detail: report.detail.slice(0, 80), providerMessageId: report.providerMessageId?.slice(0, 80) ?? null },
    }),
  );
  return true;
}

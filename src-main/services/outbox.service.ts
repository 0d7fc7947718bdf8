import { randomUUID } from 'node:crypto';
import { maskMobile } from '../../shared/text/mask';
import { decryptSecret, encryptSecret } from '../core/secrets';
import { insertMessage, listMessages, findMessage, requeue, cancelMessages, supersedeMessages, type OutboxRecord, type OutboxStatus } from '../db/outbox.repo';
import { findResetBySms, setResetState } from '../db/resets.repo';
import type { Tx } from '../db/connection';
import { AppError } from '../../shared/errors';
import { SMS_TEXT_FA } from '../../shared/i18n/fa-sms';
import { audit, inTx, noteSuperseded, type Actor, type ServiceEnv } from './env';

/** Where the secret goes in a template; it is stored encrypted, never in the template. */
export const SECRET_SLOT = '{secret}';
const REDACTED = '********';

/** REC-2: the constant reset text (Persian ی, Latin digits). */
export function resetSmsTemplate(trackingCode: string): string {
  return SMS_TEXT_FA.reset(trackingCode, SECRET_SLOT);
}

export function mobileCodeSmsTemplate(): string {
  return SMS_TEXT_FA.mobileCode(SECRET_SLOT);
}

export const MOBILE_CHANGED_NOTICE = SMS_TEXT_FA.mobileChanged;

export interface QueueRequest {
  purpose: 'reset' | 'mobile-code' | 'notice' | 'test';
  to: string;
  template: string;
  secret?: string;
  accountId?: number | null;
  expiresAt: Date;
}

/** BR-4: queued in the caller's transaction, so a message exists exactly when its change does. */
export async function queueSms(tx: Tx, env: ServiceEnv, req: QueueRequest): Promise<number> {
  const now = env.clock.now();
  return insertMessage(tx, {
    reference: randomUUID(),
    purpose: req.purpose,
    toMobile: req.to,
    bodyTemplate: req.template,
    secretEnc: req.secret === undefined ? null : encryptSecret(env.keys.key('outbox'), req.secret),
    createdAt: now.toISOString(),
    expiresAt: req.expiresAt.toISOString(),
    accountId: req.accountId ?? null,
  });
}

/**
 * The text as the person receives it, and the secret in it (only the dispatcher calls this, just
 * before sending; the secret is kept only long enough to scrub it from a gateway's error).
 */
export function renderSms(env: ServiceEnv, m: OutboxRecord): { text: string; secret: string | null } {
  if (!m.bodyTemplate.includes(SECRET_SLOT)) return { text: m.bodyTemplate, secret: null };
  if (m.secretEnc === null) throw new Error(`message ${m.id} has lost its secret`);
  const secret = decryptSecret(env.keys.key('outbox'), m.secretEnc);
  // A function, so that `$` sequences in a secret are never read as replacement patterns.
  return { text: m.bodyTemplate.replace(SECRET_SLOT, () => secret), secret };
}

/** A gateway may echo the text in its error; the error is kept and shown to staff, the secret never. */
export function scrubSecret(error: string, secret: string | null): string {
  return secret ? error.split(secret).join(REDACTED) : error;
}

export function redactedBody(template: string): string {
  return template.replace(SECRET_SLOT, REDACTED);
}

export function toOutboxMessage(m: OutboxRecord) {
  return {
    id: m.id,
    reference: m.reference,
    purpose: m.purpose,
    toMasked: maskMobile(m.toMobile),
    bodyRedacted: redactedBody(m.bodyTemplate),
    state: m.status,
    attempts: m.attempts,
    lastError: m.lastError,
    createdAt: m.createdAt,
    sentAt: m.sentAt,
    expiresAt: m.expiresAt,
  };
}

export async function outboxPage(env: ServiceEnv, state: OutboxStatus | undefined, page: number) {
  const { items, total } = await listMessages(env.db, state, page * 50, 50);
  return { items: items.map(toOutboxMessage), total };
}

/** A supervisor sends a failed message again (it keeps its reference). */
export async function retryMessage(env: ServiceEnv, actor: Actor, id: number) {
  return inTx(env, async (tx) => {
    const m = await findMessage(tx, id);
    if (!m) throw new AppError('MESSAGE_NOT_FOUND');
    if (m.status !== 'failed' || (m.bodyTemplate.includes(SECRET_SLOT) && m.secretEnc === null)) throw new AppError('MESSAGE_NOT_RETRYABLE');
    await requeue(tx, id, env.clock.now().toISOString());
    await audit(tx, env, actor, { action: 'sms.retry', subjectType: 'sms', subjectId: id, details: { purpose: m.purpose } });
    return toOutboxMessage((await findMessage(tx, id))!);
  });
}

/**
 * REC-4: the messages of requests a newer one replaced never go out — queued ones are cancelled
 * here; one a dispatcher has claimed ahead (`sending`, not yet handed over) is marked on its row
 * and it drops it before the hand-over (in this process once this transaction commits,
 * noteSuperseded; at another counter sharing PostgreSQL from the mark, SupersedeVet), and
 * recordOutcomes then cancels it.
 */
export async function cancelSuperseded(tx: Tx, ids: number[], at: string): Promise<void> {
  await supersedeMessages(tx, ids, at);
  noteSuperseded(tx, ids);
}

/**
 * A supervisor stops a message that has not gone out. A reset whose SMS is cancelled can never be
 * used, so it ends as undelivered (the account page says so). A message already sent, failed or in
 * flight is left as it is, and nothing is audited because nothing changed.
 */
export async function cancelMessage(env: ServiceEnv, actor: Actor, id: number) {
  return inTx(env, async (tx) => {
    const m = await findMessage(tx, id);
    if (!m) throw new AppError('MESSAGE_NOT_FOUND');
    if (m.status !== 'queued') return toOutboxMessage(m);
    await cancelMessages(tx, [id]);
    const reset = await findResetBySms(tx, id);
    if (reset && reset.state === 'pending') await setResetState(tx, reset.id, { state: 'undelivered', endedAt: env.clock.now().toISOString() });
    await audit(tx, env, actor, { action: 'sms.cancelled', subjectType: 'sms', subjectId: id, details: { purpose: m.purpose } });
    return toOutboxMessage((await findMessage(tx, id))!);
  });
}

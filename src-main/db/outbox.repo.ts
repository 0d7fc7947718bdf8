import type { Q, WriteTx } from './types';
import { num } from './types';

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled' | 'expired';

export interface OutboxRecord {
  id: number;
  reference: string;
  purpose: string;
  toMobile: string;
  bodyTemplate: string;
  secretEnc: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  expiresAt: string;
  sentAt: string | null;
  providerMessageId: string | null;
  accountId: number | null;
}

interface Row {
  id: number;
  reference: string;
  purpose: string;
  to_mobile: string;
  body_template: string;
  secret_enc: string | null;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  expires_at: string;
  sent_at: string | null;
  provider_message_id: string | null;
  account_id: number | null;
}

function rowToMessage(r: Row): OutboxRecord {
  return {
    id: num(r.id),
    reference: r.reference,
    purpose: r.purpose,
    toMobile: r.to_mobile,
    bodyTemplate: r.body_template,
    secretEnc: r.secret_enc,
    status: r.status as OutboxStatus,
    attempts: num(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    sentAt: r.sent_at,
    providerMessageId: r.provider_message_id,
    accountId: r.account_id === null ? null : num(r.account_id),
  };
}

export async function insertMessage(
  q: WriteTx,
  m: { reference: string; purpose: string; toMobile: string; bodyTemplate: string; secretEnc: string | null; createdAt: string; expiresAt: string; accountId: number | null },
): Promise<number> {
  const [row] = (await q('sms_outbox')
    .insert({
      reference: m.reference,
      purpose: m.purpose,
      to_mobile: m.toMobile,
      body_template: m.bodyTemplate,
      secret_enc: m.secretEnc,
      status: 'queued',
      attempts: 0,
      next_attempt_at: m.createdAt,
      created_at: m.createdAt,
      expires_at: m.expiresAt,
      account_id: m.accountId,
    })
    .returning('id')) as Array<{ id: number }>;
  return num(row!.id);
}

export async function findMessage(q: Q, id: number): Promise<OutboxRecord | undefined> {
  const r = await q('sms_outbox').where({ id }).first<Row | undefined>();
  return r ? rowToMessage(r) : undefined;
}

export async function findMessageByReference(q: Q, reference: string): Promise<OutboxRecord | undefined> {
  const r = await q('sms_outbox').where({ reference }).first<Row | undefined>();
  return r ? rowToMessage(r) : undefined;
}

/** A delivery receipt names the provider's id of one part; a concatenated message keeps `id1,id2,…`. */
export async function findMessageByProviderId(q: Q, providerId: string): Promise<OutboxRecord | undefined> {
  const plain = /^[A-Za-z0-9.:-]+$/.test(providerId); // no LIKE wildcards in it
  const r = await q('sms_outbox')
    .where((b) => {
      void b.where({ provider_message_id: providerId });
      if (plain) {
        for (const p of [`${providerId},%`, `%,${providerId}`, `%,${providerId},%`]) void b.orWhere('provider_message_id', 'like', p);
      }
    })
    .orderBy('id', 'desc')
    .first<Row | undefined>();
  return r ? rowToMessage(r) : undefined;
}

export async function dueMessages(q: Q, now: string, limit: number): Promise<OutboxRecord[]> {
  const rows = await q('sms_outbox').where({ status: 'queued' }).where('next_attempt_at', '<=', now).orderBy('id').limit(limit).select<Row[]>('*');
  return rows.map(rowToMessage);
}

/** Claims a queued message for sending; false when another worker or a cancel got there first. */
export async function claimMessage(q: WriteTx, id: number): Promise<boolean> {
  return (await q('sms_outbox').where({ id, status: 'queued' }).update({ status: 'sending' })) === 1;
}

export async function markSent(q: WriteTx, id: number, at: string, providerMessageId: string | null): Promise<boolean> {
  return (
    (await q('sms_outbox')
      .where({ id, status: 'sending' })
      .update({ status: 'sent', sent_at: at, provider_message_id: providerMessageId, secret_enc: null, last_error: null, attempts: q.raw('attempts + 1') })) === 1
  );
}

export async function markRetry(q: WriteTx, id: number, nextAt: string, error: string): Promise<void> {
  await q('sms_outbox').where({ id, status: 'sending' }).update({ status: 'queued', next_attempt_at: nextAt, last_error: error.slice(0, 300), attempts: q.raw('attempts + 1') });
}

export async function markFailed(q: WriteTx, id: number, error: string): Promise<void> {
  await q('sms_outbox').where({ id }).whereIn('status', ['sending', 'queued']).update({ status: 'failed', secret_enc: null, last_error: error.slice(0, 300), attempts: q.raw('attempts + 1') });
}

/** Cancels messages that must never go out (REC-4: a superseded reset); the secret goes with them. */
export async function cancelMessages(q: WriteTx, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  return q('sms_outbox').whereIn('id', ids).whereIn('status', ['queued', 'sending']).update({ status: 'cancelled', secret_enc: null });
}

export async function expiredMessages(q: Q, now: string): Promise<OutboxRecord[]> {
  const rows = await q('sms_outbox').where({ status: 'queued' }).where('expires_at', '<=', now).select<Row[]>('*');
  return rows.map(rowToMessage);
}

/** False when the message left the queue meanwhile (claimed or cancelled). */
export async function markExpired(q: WriteTx, id: number): Promise<boolean> {
  return (await q('sms_outbox').where({ id, status: 'queued' }).update({ status: 'expired', secret_enc: null })) === 1;
}

/** After a crash, messages left in `sending` go back to the queue (at-least-once). */
export async function requeueInFlight(q: WriteTx): Promise<number> {
  return q('sms_outbox').where({ status: 'sending' }).update({ status: 'queued' });
}

export async function requeue(q: WriteTx, id: number, at: string): Promise<number> {
  return q('sms_outbox').where({ id }).whereIn('status', ['failed']).update({ status: 'queued', next_attempt_at: at });
}

export async function countQueued(q: Q): Promise<number> {
  const [{ n }] = (await q('sms_outbox').whereIn('status', ['queued', 'sending']).count({ n: '*' })) as [{ n: unknown }];
  return num(n);
}

export async function listMessages(q: Q, status: OutboxStatus | undefined, offset: number, limit: number): Promise<{ items: OutboxRecord[]; total: number }> {
  const filter = (b: ReturnType<Q>) => (status ? b.where({ status }) : b);
  const [{ n }] = (await filter(q('sms_outbox')).count({ n: '*' })) as [{ n: unknown }];
  const rows = (await filter(q('sms_outbox')).orderBy('id', 'desc').offset(offset).limit(limit).select('*')) as Row[];
  return { items: rows.map(rowToMessage), total: num(n) };
}

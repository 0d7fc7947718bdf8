import { cancelInFlight, expireDue, markFailed, markRetry, markSentMany, supersededAmong, type OutboxRecord } from '../db/outbox.repo';
import { endPendingResetsBySms } from '../db/resets.repo';
import type { Tx } from '../db/connection';
import type { SendResult } from '../sms/adapter';
import { audits, SYSTEM_ACTOR, type ServiceEnv } from './env';
import { scrubSecret } from './outbox.service';

/** What one send came to; `secret` is kept only to scrub it from a gateway's error. */
export interface SendOutcome {
  m: OutboxRecord;
  result: SendResult;
  secret: string | null;
}

export interface Recorded {
  sent: number;
  retried: number;
  failed: number;
  /**
   * On PostgreSQL, when messages were recorded as sent: the claims (any counter's) marked
   * superseded, read by that statement (markSentMany) — an answer for SupersedeVet; else null.
   */
  supersededClaims: ReadonlySet<number> | null;
}

/**
 * BR-4, REC-5: a batch of finished sends recorded in the caller's transaction — sent messages keep
 * only their redacted body and their resets start to work, transient failures wait for their
 * backoff (unless superseded while on the wire: then cancelled, so it can never follow its
 * successor), permanent ones fail and their resets end undelivered; one audit entry per message.
 * A message a restart's requeue took meanwhile (no longer `sending` under `station`'s claim) is
 * left as it is.
 */
export async function recordOutcomes(tx: Tx, env: ServiceEnv, outcomes: readonly SendOutcome[], backoffMs: (attempts: number) => number, resetLifeHours: number, station: number | null): Promise<Recorded> {
  const at = env.clock.now();
  const iso = at.toISOString();
  const accepted: Array<{ m: OutboxRecord; providerMessageId: string | null }> = [];
  const failed: Array<{ m: OutboxRecord; error: string }> = [];
  let retried = 0;
  const superseded = await supersededAmong(
    tx,
    outcomes.filter((o) => !o.result.ok && !o.result.permanent).map((o) => o.m.id),
  );
  await cancelInFlight(tx, [...superseded]);
  for (const { m, result, secret } of outcomes) {
    if (superseded.has(m.id)) continue;
    if (result.ok) {
      accepted.push({ m, providerMessageId: result.providerMessageId });
      continue;
    }
    // A gateway may echo the text in its error: never keep the secret in last_error.
    const error = scrubSecret(result.error, secret);
    if (result.permanent) {
      await markFailed(tx, m.id, error, station);
      failed.push({ m, error });
    } else {
      await markRetry(tx, m.id, new Date(at.getTime() + backoffMs(m.attempts + 1)).toISOString(), error, station);
      retried++;
    }
  }
  const validUntil = new Date(at.getTime() + resetLifeHours * 3600_000).toISOString();
  const { won, supersededClaims } = await markSentMany(tx, accepted.map((a) => ({ id: a.m.id, providerMessageId: a.providerMessageId })), iso, station, validUntil);
  const sent = accepted.filter((a) => won.has(a.m.id)).map((a) => a.m);
  await endPendingResetsBySms(tx, failed.map((f) => f.m.id), iso);
  await audits(tx, env, SYSTEM_ACTOR, [
    ...sent.map((m) => ({ action: 'sms.sent', subjectType: 'sms', subjectId: m.id, details: { purpose: m.purpose, attempts: m.attempts + 1 } })),
    ...failed.map(({ m, error }) => ({ action: 'sms.failed', subjectType: 'sms', subjectId: m.id, details: { purpose: m.purpose, error: error.slice(0, 120) } })),
  ]);
  return { sent: sent.length, retried, failed: failed.length, supersededClaims };
}

/** Messages whose deadline passed while queued expire, and their resets end undelivered. */
export async function expireStale(tx: Tx, env: ServiceEnv): Promise<number> {
  const iso = env.clock.now().toISOString();
  const expired = await expireDue(tx, iso);
  await endPendingResetsBySms(tx, expired.map((m) => m.id), iso);
  await audits(tx, env, SYSTEM_ACTOR, expired.map((m) => ({ action: 'sms.expired', subjectType: 'sms', subjectId: m.id, details: { purpose: m.purpose } })));
  return expired.length;
}

import type { Knex } from 'knex';
import type { Q, WriteTx } from './types';
import { LOCKED_HEAD_SQL, rememberLockedHead } from './audit.repo';
import { markResetsSentBySms } from './resets.repo';
import { engineOf, num, whereIdIn } from './types';

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

/** Rows claimed by `station` (null: claims without an owner, as every claim before migration 0022). */
function claimedBy(station: number | null): (b: Knex.QueryBuilder) => void {
  return (b) => void (station === null ? b.whereNull('claimed_by_station') : b.where('claimed_by_station', station));
}

/**
 * The claim's test that a picked message is still queued. On PostgreSQL it must not be answerable
 * from the status index: statistics taken before a burst was queued expect almost no queued rows,
 * and with a plain `status = 'queued'` the planner read every queued message (and the index's
 * dead entries) through that index to find the picked ones, so each claim cost grew with the
 * queue (measured: 4–6 ms to claim 200 of 3,000 queued, 2 ms found by key).
 */
const STILL_QUEUED = { postgresql: "status || '' = 'queued'", sqlite: "status = 'queued'" } as const;
/** The same for markSentMany's claims on PostgreSQL (it read every claimed message and the index's dead entries). */
const STILL_SENDING = "o.status || '' = 'sending'";

/**
 * Claims up to `limit` due messages for sending, oldest first, at most one per person: a message
 * is skipped while another of the same account (or, without an account, the same number) is in
 * flight — here (`busy`: keys this dispatcher holds, also a message cancelled while on the wire) or
 * at another counter (`sending` in the table). So a person's messages reach the gateway in order.
 * Only rows still queued are taken (a concurrent claimer or a cancel wins them otherwise); each
 * claim records its station and time (`station` null: none known, an unowned claim).
 */
export async function claimDue(q: WriteTx, now: string, limit: number, busy: ReadonlySet<string>, station: number | null): Promise<OutboxRecord[]> {
  if (limit <= 0) return [];
  // The candidates with only what picking needs; the rows claimed come back whole from the update.
  const candidates = (await q('sms_outbox as m')
    .where('m.status', 'queued')
    .where('m.next_attempt_at', '<=', now)
    .whereNotExists((b) => void b.select(q.raw('1')).from('sms_outbox as o').whereRaw('o.account_id = m.account_id').where('o.status', 'sending'))
    .orderBy('m.id')
    .limit(2 * limit + busy.size)
    .select('m.id', 'm.account_id', 'm.to_mobile')) as Array<Pick<Row, 'id' | 'account_id' | 'to_mobile'>>;
  const taken = new Set(busy);
  const picked: number[] = [];
  for (const r of candidates) {
    const key = personKey({ accountId: r.account_id === null ? null : num(r.account_id), toMobile: r.to_mobile });
    if (taken.has(key)) continue;
    taken.add(key);
    picked.push(num(r.id));
    if (picked.length === limit) break;
  }
  if (picked.length === 0) return [];
  const won = (await whereIdIn(q, q('sms_outbox'), 'id', picked)
    .whereRaw(STILL_QUEUED[engineOf(q)])
    .update({ status: 'sending', claimed_by_station: station, claimed_at: now })
    .returning('*')) as Row[];
  return won.map(rowToMessage).sort((x, y) => x.id - y.id);
}

/** Whose messages must keep their order: the account's, or the number's when there is no account. */
export function personKey(m: Pick<OutboxRecord, 'accountId' | 'toMobile'>): string {
  return m.accountId === null ? `to:${m.toMobile}` : `account:${m.accountId}`;
}

/**
 * Messages the gateway accepted, in one statement: each keeps its provider id and only its
 * redacted body, and its pending reset (if any) is sent from `at` and works until `resetValidUntil`.
 * Returns the ids that were still `sending` under this station's claim (`won`: a restart's requeue
 * may have taken one, and another station claimed it again). On PostgreSQL the same statement takes
 * the audit head's lock for the entries the caller appends next and reads the claims marked
 * superseded (`supersededClaims`, as supersededInFlight, from the statement's snapshot), which
 * answers a dispatcher's REC-4 question without one of its own (issue 11 item 2: four round
 * trips of every dispatcher commit in one); SQLite allows no data change inside WITH, and its
 * statements do not leave the process (`supersededClaims` null: not read).
 */
export async function markSentMany(
  q: WriteTx,
  sent: ReadonlyArray<{ id: number; providerMessageId: string | null }>,
  at: string,
  station: number | null,
  resetValidUntil: string,
): Promise<{ won: Set<number>; supersededClaims: Set<number> | null }> {
  if (sent.length === 0) return { won: new Set(), supersededClaims: null };
  // One parameter for the ids and their provider ids (an array each, or one JSON array): a CASE
  // of a WHEN a message cost more to build and bind than the update cost to run (issue 11 item 2).
  const claim = station === null ? 'o.claimed_by_station is null' : 'o.claimed_by_station = ?';
  const set = "status = 'sent', sent_at = ?, secret_enc = null, last_error = null, attempts = o.attempts + 1";
  const byStation = station === null ? [] : [station];
  if (engineOf(q) === 'postgresql') {
    const ids = sent.map((m) => m.id);
    const { rows } = (await q.raw(
      `with s as (update sms_outbox as o set ${set}, provider_message_id = (?::text[])[array_position(?::bigint[], o.id::bigint)] where o.id = any(?::bigint[]) and ${STILL_SENDING} and ${claim} returning o.id),
        r as (update password_resets set state = 'sent', sent_at = ?, valid_until = ? where sms_id in (select id from s) and state = 'pending'),
        h as (${LOCKED_HEAD_SQL})
      select s.id, h.last_id, h.last_hash, (${SUPERSEDED_IN_FLIGHT}) as superseded from h left join s on true`,
      [
        at,
        // null elements are NULLs in the array (knex's Value type only names arrays without them)
        sent.map((m) => m.providerMessageId) as unknown as string[],
        ids,
        ids,
        ...byStation,
        at,
        resetValidUntil,
      ],
    )) as { rows: Array<{ id: unknown; last_id: unknown; last_hash: string; superseded: unknown[] | null }> };
    rememberLockedHead(q, rows[0]);
    return { won: new Set(rows.filter((w) => w.id !== null).map((w) => num(w.id))), supersededClaims: new Set((rows[0]?.superseded ?? []).map(num)) };
  }
  // SQLite: `+` keeps the status index out, so each id is found by its key (with it, every
  // message in flight was read and the JSON unpacked again for each).
  const won = (await q.raw(`update sms_outbox as o set ${set}, provider_message_id = v.value ->> 1 from json_each(?) as v where o.id = v.value ->> 0 and +o.status = 'sending' and ${claim} returning id`, [
    at,
    JSON.stringify(sent.map((m) => [m.id, m.providerMessageId])),
    ...byStation,
  ])) as Array<{ id: unknown }>;
  const ids = won.map((w) => num(w.id));
  await markResetsSentBySms(q, ids, at, resetValidUntil);
  return { won: new Set(ids), supersededClaims: null };
}

export async function markRetry(q: WriteTx, id: number, nextAt: string, error: string, station: number | null): Promise<void> {
  await q('sms_outbox').where({ id, status: 'sending' }).where(claimedBy(station)).update({ status: 'queued', next_attempt_at: nextAt, last_error: error.slice(0, 300), attempts: q.raw('attempts + 1') });
}

export async function markFailed(q: WriteTx, id: number, error: string, station: number | null): Promise<void> {
  await q('sms_outbox')
    .where({ id })
    .where((b) => void b.where({ status: 'queued' }).orWhere((c) => void c.where({ status: 'sending' }).where(claimedBy(station))))
    .update({ status: 'failed', secret_enc: null, last_error: error.slice(0, 300), attempts: q.raw('attempts + 1') });
}

/**
 * REC-4: the messages of superseded requests, in one statement: queued ones are cancelled (their
 * secret with them), and every one still queued or claimed (`sending`) is marked `superseded_at`,
 * so a counter holding it claimed ahead learns of it from its own row (supersededInFlight).
 */
export async function supersedeMessages(q: WriteTx, ids: readonly number[], at: string): Promise<void> {
  if (ids.length === 0) return;
  // In an UPDATE every expression reads the row as it was: the CASEs see the old status.
  await whereIdIn(q, q('sms_outbox'), 'id', ids)
    .whereIn('status', ['queued', 'sending'])
    .update({
      status: q.raw("case when status = 'queued' then 'cancelled' else status end"),
      secret_enc: q.raw("case when status = 'queued' then null else secret_enc end"),
      superseded_at: at,
    });
}

/**
 * A claim whose request was superseded since (supersededInFlight). Literal SQL: a bound status
 * could not match the partial index's condition (migration 0023).
 */
const SUPERSEDED_CLAIM = "status = 'sending' and superseded_at is not null";
/** PostgreSQL: supersededInFlight's ids as one array (null for none), inside a larger statement. */
const SUPERSEDED_IN_FLIGHT = `select array_agg(id) from sms_outbox where ${SUPERSEDED_CLAIM}`;

/**
 * Claimed messages (`sending`, at any counter) whose request was superseded since the claim: read
 * from a partial index that holds only those rows (migration 0023), so asking costs next to nothing
 * however many messages wait.
 */
export async function supersededInFlight(q: Q): Promise<Set<number>> {
  const rows = (await q('sms_outbox').whereRaw(SUPERSEDED_CLAIM).select('id')) as Array<{ id: unknown }>;
  return new Set(rows.map((r) => num(r.id)));
}

/**
 * Cancels queued messages that must never go out (REC-4: a superseded reset); the secret goes with
 * them. One a dispatcher only claimed ahead it drops before the hand-over (cancelSuperseded,
 * OutboxDispatcher.handOver). A message already on the wire (`sending`) is left to finish: the gateway has it, and it
 * keeps blocking that person's next message until its answer is in (claimDue), so the superseded
 * text cannot arrive after its successor; if its send then fails it is cancelled, not retried.
 */
export async function cancelMessages(q: WriteTx, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  return q('sms_outbox').whereIn('id', ids).where({ status: 'queued' }).update({ status: 'cancelled', secret_enc: null });
}

/** Messages among `ids` whose request was replaced by a newer one (a superseded reset, a cancelled mobile code). */
export async function supersededAmong(q: Q, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  // One statement: the dispatcher asks this before every hand-over to the gateway.
  const rows = (await whereIdIn(q, q('password_resets'), 'sms_id', ids)
    .where({ state: 'superseded' })
    .select('sms_id')
    .unionAll((b) => void whereIdIn(q, b.from('mobile_verifications'), 'sms_id', ids).where({ state: 'cancelled' }).select('sms_id'))) as Array<{ sms_id: unknown }>;
  return new Set(rows.map((r) => num(r.sms_id)));
}

/** Ends messages that were on the wire when their request was superseded (never sent again). */
export async function cancelInFlight(q: WriteTx, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await whereIdIn(q, q('sms_outbox'), 'id', ids).where({ status: 'sending' }).update({ status: 'cancelled', secret_enc: null });
}

/**
 * Claims that a restart or a silent station left in `sending`, which this station may put back:
 * its own, those without an owner, and any claimed before `staleBefore` (a station that has not
 * recorded them for the whole claim lease is taken for dead). Never a live station's messages.
 */
function requeuable(station: number | null, staleBefore: string): (b: Knex.QueryBuilder) => void {
  return (b) => void b.where(claimedBy(station)).orWhereNull('claimed_by_station').orWhere('claimed_at', '<', staleBefore);
}

/** Due-date passed while queued: expires them (secret dropped) and returns the ones this call expired. */
export async function expireDue(q: WriteTx, now: string): Promise<OutboxRecord[]> {
  const rows = (await q('sms_outbox').where({ status: 'queued' }).where('expires_at', '<=', now).select('*')) as Row[];
  if (rows.length === 0) return [];
  const won = (await q('sms_outbox')
    .whereIn('id', rows.map((r) => num(r.id)))
    .where({ status: 'queued' })
    .update({ status: 'expired', secret_enc: null })
    .returning('id')) as Array<{ id: number }>;
  const ids = new Set(won.map((w) => num(w.id)));
  return rows.map(rowToMessage).filter((m) => ids.has(m.id));
}

/** Messages this station claimed for sending and has not recorded (after a crash: the ones it interrupted). */
export async function listInFlight(q: Q, station: number | null): Promise<OutboxRecord[]> {
  return ((await q('sms_outbox').where({ status: 'sending' }).where(claimedBy(station)).orderBy('id').select('*')) as Row[]).map(rowToMessage);
}

/**
 * After a crash, the messages this station left in `sending` go back to the queue (at-least-once),
 * with unowned claims and claims older than `staleBefore` (see requeuable) — except those
 * superseded meanwhile, which end cancelled. Returns how many were requeued.
 */
export async function requeueInFlight(q: WriteTx, station: number | null, staleBefore: string): Promise<number> {
  return requeueWhere(q, requeuable(station, staleBefore));
}

/** Claims older than `staleBefore`, whoever made them: their station has been silent for the whole lease. */
export async function requeueStaleClaims(q: WriteTx, staleBefore: string): Promise<number> {
  return requeueWhere(q, (b) => void b.where('claimed_at', '<', staleBefore));
}

async function requeueWhere(q: WriteTx, which: (b: Knex.QueryBuilder) => void): Promise<number> {
  const ids = ((await q('sms_outbox').where({ status: 'sending' }).where(which).pluck('id')) as unknown[]).map(num);
  if (ids.length === 0) return 0;
  await cancelInFlight(q, [...(await supersededAmong(q, ids))]);
  return q('sms_outbox').whereIn('id', ids).where({ status: 'sending' }).update({ status: 'queued', claimed_by_station: null, claimed_at: null });
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

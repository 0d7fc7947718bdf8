/**
 * POST /v1/batches (LINK-PROTOCOL.md): a signed batch from a station, checked and applied by the
 * same code as `ingest DIR` (prepareBatch + applyBatch on a BatchSource), answered with the
 * acknowledgement signed by headquarters, or with the refusal and the sequence expected.
 */
import { BatchPostSchema, type BatchPostResponse } from '../../shared/journal';
import { escapeUntrusted } from '../../shared/text/escape-untrusted';
import { type HqPool, withPooled } from '../db/connection';
import { type IngestOutcome, type StationKeys, applyBatch, prepareBatch } from '../ingest/ingest.service';
import { postSource } from '../ingest/read-batch';
import type { Gate } from './gate';
import { type HqKey, signText } from './hq-key';

export interface BatchRouteContext {
  pool: HqPool;
  key: HqKey;
  /** At most a few batches are checked and applied at once; the others wait. */
  gate: Gate;
  keys: StationKeys;
  now: () => Date;
  log: (line: string) => void;
}

export type RouteAnswer = { status: number; body: unknown };

/** `detail` may quote the request (zod names a stray key): escaped. */
const malformed = (detail: string): RouteAnswer => ({
  status: 400,
  body: { status: 'refused', refusal: { code: 'MALFORMED', detail: escapeUntrusted(detail) } },
});

function answer(outcome: IngestOutcome, key: HqKey): RouteAnswer {
  if (outcome.status === 'refused') {
    const body: BatchPostResponse = { status: 'refused', refusal: outcome.refusal };
    return { status: 409, body };
  }
  const body: BatchPostResponse = { status: outcome.status, ack: outcome.ackText, ackSignature: signText(key, outcome.ackText) };
  return { status: 200, body };
}

function logLine(o: IngestOutcome): string {
  if (o.status === 'accepted') return `accepted ${o.batchId}: ${o.count} entries`;
  if (o.status === 'already') return `already  ${o.batchId}: ingested before, same acknowledgement`;
  const expected = o.refusal.expected === undefined ? '' : ` (expected sequence ${o.refusal.expected})`;
  return `REFUSED  ${o.batchId ?? '(no batch id)'}: ${o.refusal.code}${expected}: ${o.refusal.detail}`;
}

/** The body of a POST, already read whole (bounded): parse, then ingest through the gate. */
export async function postBatch(ctx: BatchRouteContext, raw: Buffer): Promise<RouteAnswer> {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    return malformed('the request body is not JSON');
  }
  const post = BatchPostSchema.safeParse(value);
  if (!post.success) {
    const issue = post.error.issues[0];
    return malformed(`the request is not { manifest, signature, body }: ${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}`);
  }
  const outcome = await ctx.gate.run(() =>
    withPooled(ctx.pool, async (client) => applyBatch(client, await prepareBatch(client, postSource(post.data), ctx.keys), ctx.now)),
  );
  ctx.log(logLine(outcome));
  return answer(outcome, ctx.key);
}

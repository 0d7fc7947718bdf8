import type { HqLinkStopCode, HqOfflineReason } from '../../shared/contract/hq-link.contract';
import { BatchAckedSchema, BatchRefusedSchema, parseAckText, type Ack } from '../../shared/journal';
import type { HqResponse } from '../core/hq-client';
import { verifyStationSignature } from '../core/station-key';
import type { BatchRecord } from '../db/journal-batches.repo';

/** What the link does after one POST /v1/batches (LINK-PROTOCOL.md). */
export type PushStep =
  /** Acknowledged (now or before) and the acknowledgement verified: settle it. */
  | { kind: 'acked'; ack: Ack; status: 'accepted' | 'already' }
  /** SEQUENCE_GAP: headquarters expects another sequence; resend from there. */
  | { kind: 'gap'; expected: number; detail: string }
  /** Stop the link, red alarm, until a supervisor resumes it. */
  | { kind: 'stop'; code: HqLinkStopCode; detail: string }
  /** Offline for now: retry later with backoff. */
  | { kind: 'retry'; reason: HqOfflineReason; detail: string };

/** Ed25519 over the exact bytes with headquarters' key; a malformed signature is simply not valid. */
export function hqSigned(hqKeyDer: Buffer, text: string, signatureB64: string): boolean {
  try {
    return verifyStationSignature(hqKeyDer, Buffer.from(text, 'utf8'), signatureB64);
  } catch {
    return false;
  }
}

/**
 * Issue 9: headquarters' answer to one batch, as the next step. An acknowledgement counts only
 * when headquarters' signature over its exact text verifies with the pinned key and it names
 * the batch that was sent (same id, range end and manifest hash) — so a proxy that changes a byte
 * of the answer stops the link rather than settling anything. Network, TLS, timeouts and 5xx are
 * transient; every refusal but a gap stops (LINK_REFUSAL_STOPS: resending could never succeed).
 */
export function interpretPush(res: HqResponse, sent: Pick<BatchRecord, 'batchId' | 'lastSeq' | 'manifestSha256'>, hqKeyDer: Buffer): PushStep {
  if (!res.ok) return { kind: 'retry', reason: res.kind === 'too-large' ? 'server' : res.kind, detail: res.reason };
  if (res.status === 200) {
    const answer = BatchAckedSchema.safeParse(res.json);
    if (!answer.success) return { kind: 'retry', reason: 'server', detail: 'HTTP 200 with an unreadable answer' };
    if (!hqSigned(hqKeyDer, answer.data.ack, answer.data.ackSignature)) {
      return { kind: 'stop', code: 'ACK_BAD_SIGNATURE', detail: `the acknowledgement of ${sent.batchId} does not verify with the headquarters key` };
    }
    const ack = parseAckText(answer.data.ack);
    if (!ack.ok) return { kind: 'stop', code: 'ACK_MISMATCH', detail: `signed acknowledgement unreadable: ${ack.problem}` };
    const a = ack.value;
    if (a.batchId !== sent.batchId || a.lastSeq !== sent.lastSeq || a.manifestSha256 !== sent.manifestSha256) {
      return { kind: 'stop', code: 'ACK_MISMATCH', detail: `sent ${sent.batchId}, acknowledged ${a.batchId}` };
    }
    return { kind: 'acked', ack: a, status: answer.data.status };
  }
  if (res.status >= 500) return { kind: 'retry', reason: 'server', detail: `HTTP ${res.status}` };
  const refused = BatchRefusedSchema.safeParse(res.json);
  if (!refused.success) return { kind: 'retry', reason: 'server', detail: `HTTP ${res.status}` };
  const { code, detail, expected } = refused.data.refusal;
  if (code === 'SEQUENCE_GAP' && expected !== undefined) return { kind: 'gap', expected, detail };
  return { kind: 'stop', code, detail };
}

/**
 * A branch station for headquarters tests, built from shared/journal and node:crypto only (a real
 * Ed25519 key; nothing mocked): it numbers entries, anchors them to an audit chain of its own,
 * links its batches by manifest hash and writes them as the export does.
 */
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  type BatchManifest,
  type JournalEntry,
  batchFileNames,
  batchIdOf,
  formatJournalBody,
  formatStationSlip,
  manifestText,
} from '../../shared/journal';
import { makeForeignId } from '../../shared/identifiers/foreign-id';
import { nationalCodeCheckDigit } from '../../shared/identifiers/national-code';

export const sha256 = (b: string | Buffer): string => createHash('sha256').update(b).digest('hex');

/** The n-th valid national code of a test (n ≥ 1), distinct for distinct n. */
export function nationalCode(n: number): string {
  const body = String(100_000_000 + n).slice(-9);
  return body + String(nationalCodeCheckDigit(body));
}

export interface WrittenBatch {
  batchId: string;
  manifest: BatchManifest;
  manifestSha256: string;
  entries: JournalEntry[];
}

export class TestStation {
  readonly privateKey: KeyObject;
  readonly publicKeyBase64: string;
  private seq = 0;
  private auditId = 0;
  private prevManifestSha256: string | null = null;

  constructor(
    readonly branch: string,
    readonly station: number,
    keys = generateKeyPairSync('ed25519'),
  ) {
    this.privateKey = keys.privateKey;
    this.publicKeyBase64 = keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  }

  get slip(): string {
    return formatStationSlip({ branch: this.branch, station: this.station, publicKey: this.publicKeyBase64 });
  }

  /** The audit chain's next entry: id and a hash that depends on the id (and on `salt`, to model
   * a chain rewritten after its tail was cut). */
  nextAudit(salt = ''): { id: number; hash: string } {
    this.auditId++;
    return { id: this.auditId, hash: sha256(`${this.branch}/${this.station}/audit/${this.auditId}${salt}`) };
  }

  /** Cuts the audit chain back to `id`, as deleting the tail and rewriting audit_head would. */
  rewindAudit(id: number): void {
    this.auditId = id;
  }

  /** The next `n` entries: registrations of the national codes `codes` (one each). */
  registrations(codes: readonly string[], opts: { at?: string; actor?: string; salt?: string } = {}): JournalEntry[] {
    return codes.map((code) => ({
      seq: ++this.seq,
      branch: this.branch,
      station: this.station,
      kind: 'account.registered',
      record: { type: 'account', id: code },
      state: { status: 'active', username: code, kind: 'citizen', branchCode: this.branch, insuranceNumber: '1234567890', passwordState: 'initial' },
      at: opts.at ?? '2026-12-01T08:00:00.000Z',
      actor: opts.actor ?? `clerk${this.station}`,
      audit: this.nextAudit(opts.salt),
    }));
  }

  /** One entry of any kind for a record, as the next sequence. */
  change(entry: Omit<JournalEntry, 'seq' | 'branch' | 'station' | 'audit'> & { audit?: JournalEntry['audit'] }): JournalEntry {
    return { audit: this.nextAudit(), ...entry, seq: ++this.seq, branch: this.branch, station: this.station } as JournalEntry;
  }

  /** A foreign identifier issued by this station (its own number space). */
  issueIdentifier(sequence: number, at = '2026-12-01T09:00:00.000Z'): JournalEntry {
    const id = makeForeignId(this.branch, this.station, sequence);
    return this.change({
      kind: 'identifier.issued',
      record: { type: 'identifier', id },
      state: { identifier: id, status: 'issued', branchCode: this.branch, station: this.station, sequence, nationality: 'AF' },
      at,
      actor: `supervisor${this.station}`,
    });
  }

  /**
   * Writes `entries` as one batch into `dir`, signed, linked to the previous batch written.
   * `tamper` may change the manifest before it is signed, or the body after it was hashed.
   */
  writeBatch(
    dir: string,
    entries: JournalEntry[],
    tamper: { manifest?: (m: BatchManifest) => BatchManifest; body?: (b: Buffer) => Buffer; signWith?: KeyObject; link?: boolean } = {},
  ): WrittenBatch {
    mkdirSync(dir, { recursive: true });
    const body = Buffer.from(formatJournalBody(entries), 'utf8');
    const firstSeq = entries[0]?.seq ?? this.seq + 1;
    const lastSeq = entries.at(-1)?.seq ?? firstSeq;
    const base: BatchManifest = {
      format: 'branch-journal/1',
      batchId: batchIdOf({ branch: this.branch, station: this.station, firstSeq, lastSeq }),
      branch: this.branch,
      station: this.station,
      firstSeq,
      lastSeq,
      count: entries.length,
      bodySha256: sha256(body),
      prevManifestSha256: this.prevManifestSha256,
      schemaVersion: '0012_journal',
      createdAt: '2026-12-01T10:00:00.000Z',
    };
    const manifest = tamper.manifest ? tamper.manifest(base) : base;
    const text = manifestText(manifest);
    const names = batchFileNames(manifest.batchId);
    writeFileSync(path.join(dir, names.manifest), text);
    writeFileSync(path.join(dir, names.body), tamper.body ? tamper.body(body) : body);
    writeFileSync(path.join(dir, names.signature), `${sign(null, Buffer.from(text), tamper.signWith ?? this.privateKey).toString('base64')}\n`);
    const manifestSha256 = sha256(text);
    if (tamper.link !== false) this.prevManifestSha256 = manifestSha256;
    return { batchId: manifest.batchId, manifest, manifestSha256, entries };
  }

  /** Makes the station forget its sequence past `seq` (a replay of an old range). */
  rewindSeq(seq: number, prevManifestSha256: string | null): void {
    this.seq = seq;
    this.prevManifestSha256 = prevManifestSha256;
  }
}

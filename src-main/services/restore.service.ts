import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { open, truncate } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { decryptBodyTo, openBackupFile, readManifestBlock, sha256File } from '../core/backup-file';
import { FileKeyStore, keysDir, type KeyStore } from '../core/secrets';
import { appliedMigrations, auditAfter, auditHashAt, countAccounts, integrityProblems, isKnownSchema, openForInspection } from '../db/backup.repo';
import type { Db } from '../db/connection';
import { chainHead, verifyAudit } from './audit.service';
import { keyFromPassphrase, sealBackupKey } from './backup-key.service';
import { compareWithAnchor, compareWithJournalAck, type AckLoss, type AnchorLoss } from './restore-loss.service';
import { ManifestSchema, parseKeyBundle, type KeyBundle, type Manifest } from './backup-manifest';

export interface RestoreRequest {
  file: string;
  passphrase: string;
  dataDir: string;
  now: Date;
  /** The key store of the target data folder, sealed the host's way (default: plain owner-only files). */
  keyStore?: (dataDir: string) => KeyStore;
  /**
   * The folder's database is another desk's (another audit chain) and is to be replaced anyway
   * (`--replace-other`); without it that restore is refused (BACKUP_OTHER_DESK).
   */
  replaceOther?: boolean;
}

/** What the restored database lacks compared with a newer record of the audit chain. */
export interface LossReport {
  source: 'old-database';
  state: 'absent' | 'unreadable' | 'behind-or-equal' | 'ahead' | 'diverged';
  /** Entries the old record has beyond the backup (state `ahead`). */
  lost: { count: number; from: string | null; to: string | null; byAction: Record<string, number> } | null;
  head: { lastId: number; lastHash: string } | null;
}

export interface RestoreReport {
  kind: 'sqlite' | 'pg_dump';
  manifest: Manifest;
  /** The restored database (SQLite) or the decrypted pg_dump archive. */
  restoredTo: string;
  /** Where the previous database and keys were moved (never overwritten). */
  movedAside: string | null;
  comparedWith: Array<LossReport | AnchorLoss | AckLoss>;
}

function stamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

async function splitBody(body: string, m: Manifest): Promise<KeyBundle> {
  const h = await open(body, 'r');
  let keys: Buffer;
  try {
    const size = (await h.stat()).size;
    if (size !== m.database.bytes + m.keys.bytes) throw new AppError('BACKUP_MANIFEST_MISMATCH');
    keys = Buffer.alloc(m.keys.bytes);
    await h.read(keys, 0, m.keys.bytes, m.database.bytes);
  } finally {
    await h.close();
  }
  await truncate(body, m.database.bytes);
  if (createHash('sha256').update(keys).digest('hex') !== m.keys.sha256) throw new AppError('BACKUP_MANIFEST_MISMATCH');
  if ((await sha256File(body)) !== m.database.sha256) throw new AppError('BACKUP_MANIFEST_MISMATCH');
  const bundle = parseKeyBundle(keys);
  if (!bundle) throw new AppError('BACKUP_MANIFEST_MISMATCH');
  return bundle;
}

/** integrity_check, the schema, the manifest's figures and the audit chain of the restored file. */
async function checkRestored(file: string, m: Manifest, auditKey: Buffer): Promise<void> {
  const db = openForInspection(file);
  try {
    let problems: string[];
    try {
      problems = await integrityProblems(db);
    } catch {
      problems = ['unreadable'];
    }
    if (problems.length > 0) throw new AppError('BACKUP_INTEGRITY_FAILED', { problem: problems[0]!.slice(0, 200) });
    const applied = await appliedMigrations(db);
    if (!isKnownSchema(applied)) throw new AppError('BACKUP_NEWER_SCHEMA', { schema: applied.at(-1) ?? '' });
    const head = await chainHead(db);
    if (applied.join() !== m.migrations.join() || (await countAccounts(db)) !== m.accounts || head.lastId !== m.audit.lastId || head.lastHash !== m.audit.head) {
      throw new AppError('BACKUP_MANIFEST_MISMATCH');
    }
    const v = await verifyAudit(db, auditKey);
    if (!v.ok) throw new AppError('BACKUP_AUDIT_BROKEN', { firstBrokenId: v.firstBrokenId ?? 0, reason: v.reason });
  } finally {
    await db.destroy();
  }
}

/** One audit entry's hash in the (already checked) restored database. */
async function restoredHashAt(restored: string, id: number): Promise<string | null> {
  const db = openForInspection(restored);
  try {
    return await auditHashAt(db, id);
  } finally {
    await db.destroy();
  }
}

/**
 * Compares the backup's audit head with the database about to be moved aside: absent, unreadable,
 * behind or equal, ahead (what the restore loses), or diverged — another chain, whether it is
 * longer or shorter than the backup's (another desk's database, or a history rewritten).
 */
async function compareWithOld(oldFile: string, m: Manifest, restored: string): Promise<LossReport> {
  if (!existsSync(oldFile)) return { source: 'old-database', state: 'absent', lost: null, head: null };
  let db: Db | null = null;
  try {
    db = openForInspection(oldFile);
    const head = await chainHead(db);
    if (head.lastId < m.audit.lastId) {
      // Behind the backup: the same chain only if the backup holds the old head's entry unchanged.
      const same = head.lastId === 0 || (await restoredHashAt(restored, head.lastId)) === head.lastHash;
      return { source: 'old-database', state: same ? 'behind-or-equal' : 'diverged', lost: null, head };
    }
    const sameChain = m.audit.lastId === 0 || (await auditHashAt(db, m.audit.lastId)) === m.audit.head;
    if (!sameChain) return { source: 'old-database', state: 'diverged', lost: null, head };
    if (head.lastId === m.audit.lastId) return { source: 'old-database', state: 'behind-or-equal', lost: null, head };
    return { source: 'old-database', state: 'ahead', lost: await auditAfter(db, m.audit.lastId), head };
  } catch {
    return { source: 'old-database', state: 'unreadable', lost: null, head: null };
  } finally {
    await db?.destroy();
  }
}

/** Moves the database (with its WAL) and the key folder into `aside`; nothing is overwritten. */
function moveAside(dataDir: string, aside: string): boolean {
  const names = ['desk.sqlite', 'desk.sqlite-wal', 'desk.sqlite-shm', 'keys'].filter((n) => existsSync(path.join(dataDir, n)));
  if (names.length === 0) return false;
  mkdirSync(aside, { recursive: false, mode: 0o700 });
  for (const n of names) renameSync(path.join(dataDir, n), path.join(aside, n));
  return true;
}

function installKeys(store: KeyStore, bundle: KeyBundle): void {
  store.installKey('audit', Buffer.from(bundle.keys.audit, 'base64'));
  store.installKey('outbox', Buffer.from(bundle.keys.outbox, 'base64'));
  for (const [name, b64] of Object.entries(bundle.sealed) as Array<[keyof KeyBundle['sealed'], string]>) {
    if (name !== 'backup-key') store.writeSealed(name, Buffer.from(b64, 'base64'));
  }
}

/**
 * The caller holds the data folder's desk lock (the CLI runner does for a writing command), so no
 * desk has the database open. Restore: decrypts, checks the manifest, the schema (never newer than this build),
 * integrity_check and the audit chain, then moves the old database aside (never overwrites it)
 * and reports what the restore loses against the newest audit record, audit anchor and journal
 * acknowledgement it can see.
 */
export async function restoreBackup(req: RestoreRequest): Promise<RestoreReport> {
  const opened = await openBackupFile(req.file);
  const k = await keyFromPassphrase(opened.header, req.passphrase);
  const raw = await readManifestBlock(opened, k.key);
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('BACKUP_NEWER_SCHEMA', { part: 'manifest' });
  const m = parsed.data;
  if (!isKnownSchema(m.migrations)) throw new AppError('BACKUP_NEWER_SCHEMA', { schema: m.schema });

  mkdirSync(req.dataDir, { recursive: true, mode: 0o700 });
  // A restore killed half-way left its decrypted copy here; the lock the caller holds says no
  // restore is running now, so every one found is such a leftover (outside probe 2026-12-06).
  for (const n of readdirSync(req.dataDir)) if (n.startsWith('restore-work-')) rmSync(path.join(req.dataDir, n), { recursive: true, force: true });
  const work = path.join(req.dataDir, `restore-work-${stamp(req.now)}`);
  mkdirSync(work, { mode: 0o700 });
  try {
    const body = path.join(work, opened.header.kind === 'sqlite' ? 'desk.sqlite' : 'dump.pgdump');
    await decryptBodyTo(opened, k.key, body);
    const bundle = await splitBody(body, m);
    if (opened.header.kind === 'pg_dump') {
      const out = path.join(req.dataDir, `restored-${stamp(req.now)}.pgdump`);
      renameSync(body, out);
      return { kind: 'pg_dump', manifest: m, restoredTo: out, movedAside: null, comparedWith: [] };
    }
    await checkRestored(body, m, Buffer.from(bundle.keys.audit, 'base64'));

    const live = path.join(req.dataDir, 'desk.sqlite');
    const loss = await compareWithOld(live, m, body);
    // Another desk's backup over this one is most likely the wrong file: said before anything moves.
    if (loss.state === 'diverged' && !req.replaceOther) throw new AppError('BACKUP_OTHER_DESK');
    // Another desk's anchor file cannot verify with this backup's audit key: not «damaged», not compared.
    const anchor: AnchorLoss =
      loss.state === 'diverged'
        ? { source: 'audit-anchor', state: 'other-desk', anchorId: null, restoredId: m.audit.lastId }
        : compareWithAnchor(keysDir(req.dataDir), Buffer.from(bundle.keys.audit, 'base64'), m.audit.lastId);
    const acks = await compareWithJournalAck(live, body);
    const aside = path.join(req.dataDir, `before-restore-${stamp(req.now)}`);
    const moved = moveAside(req.dataDir, aside);
    const store = (req.keyStore ?? ((d: string) => new FileKeyStore(keysDir(d))))(req.dataDir);
    installKeys(store, bundle);
    sealBackupKey(store, k, req.now);
    // The inspection closed cleanly (WAL checkpointed); any -wal/-shm left travel with the file.
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(body + suffix)) renameSync(body + suffix, live + suffix);
    return { kind: 'sqlite', manifest: m, restoredTo: live, movedAside: moved ? aside : null, comparedWith: [loss, anchor, acks] };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

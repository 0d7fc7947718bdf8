import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src-main/db/connection';
import { verifyAudit } from '../../src-main/services/audit.service';
import { findPgDump, backupPostgres } from '../../src-main/services/pg-dump.service';
import { restoreBackup } from '../../src-main/services/restore.service';
import { startTestApp, type TestApp } from '../helpers/app';
import { BACKUP_PASSPHRASE, refusalCode, useTempDirs, withBackupPassphrase } from '../helpers/backup';
import { branchDesk, registerCitizen } from '../helpers/desk-flow';
import { PG_BIN, pgSkipReason, startPg, type PgCluster } from '../helpers/pg';

const run = promisify(execFile);
const skip = pgSkipReason();
const tempDir = useTempDirs();

describe.skipIf(skip !== null)('Backups (PostgreSQL): pg_dump, encrypted like a SQLite backup', () => {
  let cluster: PgCluster;
  const apps: TestApp[] = [];
  beforeAll(async () => {
    cluster = await startPg();
  });
  afterAll(async () => {
    for (const a of apps) await a.close().catch(() => undefined);
    await cluster?.stop();
  });

  async function pgDesk() {
    const url = await cluster.createDatabase();
    const app = await startTestApp({ databaseUrl: url });
    apps.push(app);
    return { ...(await branchDesk(app)), url };
  }

  it('backup runs pg_dump; the restored archive loads with pg_restore and holds the accounts and a verifiable audit chain', async () => {
    const d = await pgDesk();
    const key = await withBackupPassphrase(d.app);
    const codes = [(await registerCitizen(d, '001234567')).code, (await registerCitizen(d, '001234568')).code];
    const { url } = d;
    const folder = tempDir('desk-pg-backups-');
    const done = await backupPostgres(d.app.ctx.env, url, { dataDir: d.app.dataDir, folder, keep: 3 }, key);
    expect(done.manifest).toMatchObject({ engine: 'postgresql', accounts: 2 });
    expect(readFileSync(done.file).includes(Buffer.from(codes[0]!))).toBe(false);
    // The app's status says a shared database is backed up by pg_dump, not by its schedule.
    expect((await d.app.ctx.backups.refresh()).state).toBe('postgresql');

    const target = tempDir('desk-pg-restore-');
    const report = await restoreBackup({ file: done.file, passphrase: BACKUP_PASSPHRASE, dataDir: target, now: new Date('2026-11-25T12:00:00Z') });
    expect(report.kind).toBe('pg_dump');
    const fresh = await cluster.createDatabase();
    await run(path.join(PG_BIN, 'pg_restore'), ['--no-owner', '--dbname', fresh, report.restoredTo]);
    const db = connect({ url: fresh, sqliteFile: '' });
    try {
      const names = (await db('accounts').select<{ username: string }[]>('username')).map((r) => r.username);
      expect(names.sort()).toEqual([...codes].sort());
      expect(await verifyAudit(db, d.app.ctx.env.keys.key('audit'))).toMatchObject({ ok: true, entries: done.manifest.audit.lastId });
    } finally {
      await db.destroy();
    }
  });

  it('without pg_dump on the machine, backup says what to do: PG_DUMP_MISSING', async () => {
    const d = await pgDesk();
    const key = await withBackupPassphrase(d.app);
    const { url } = d;
    const place = { dataDir: d.app.dataDir, folder: tempDir('desk-pg-backups-'), keep: 3 };
    expect(await refusalCode(backupPostgres(d.app.ctx.env, url, place, key, null))).toBe('PG_DUMP_MISSING');
    expect(findPgDump({ PATH: '' })).toBe(process.env.PG_DUMP ?? '/usr/lib/postgresql/15/bin/pg_dump');
  });
});

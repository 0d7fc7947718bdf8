import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHq } from '../../hq/cli';
import { connectHq } from '../../hq/db/connection';
import { migrateHq } from '../../hq/db/migrate';
import { openDatabase } from '../../src-main/db/connection';
import { captureIo } from '../helpers/hq';
import { pgSkipReason, startPg, type PgCluster } from '../helpers/pg';

/**
 * A reported defect: `DATABASE_URL` names headquarters' database for `npm run hq`, and a desk (or
 * a desk command) started on the same machine migrated its own tables into it. Each side now
 * refuses the other's database, names it, and writes nothing there.
 */
describe.skipIf(pgSkipReason() !== null)("a desk and headquarters never open each other's database", () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await startPg();
  });
  afterAll(async () => {
    await cluster.stop();
  });

  const tables = async (url: string) => {
    const c = await connectHq(url);
    try {
      return (await c.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).rows.map((r) => r.tablename);
    } finally {
      await c.end();
    }
  };

  it("the desk refuses headquarters' database (password not shown) and creates no table in it", async () => {
    const url = await cluster.createDatabase();
    const hq = await connectHq(url);
    await migrateHq(hq);
    await hq.end();
    const before = await tables(url);
    const withPassword = url.replace('postgres://postgres@', 'postgres://postgres:s3cret-pw@'); // trust auth: the password is not checked
    const opened = await openDatabase({ url: withPassword, sqliteFile: '/nonexistent/desk.sqlite' }).then(
      (db) => db.destroy().then(() => null),
      (e: unknown) => e as Error,
    );
    expect(opened?.message).toMatch(/is headquarters' database \(it has hq_schema_migrations\), not a branch desk's: check --database-url or DATABASE_URL$/);
    expect(opened?.message).not.toContain('s3cret-pw');
    expect(await tables(url)).toEqual(before);
  });

  it("headquarters' commands refuse a desk's database and create no hq_ table in it", async () => {
    const url = await cluster.createDatabase();
    const db = await openDatabase({ url, sqliteFile: '/nonexistent/desk.sqlite' });
    await db.destroy();
    const before = await tables(url);
    expect(before).toContain('knex_migrations');
    for (const argv of [['migrate'], ['verify'], ['conflicts']]) {
      const io = captureIo();
      expect(await runHq([...argv, '--database-url', url], io), argv[0]).toBe(1);
      expect(io.stderr).toMatch(/^this is a branch desk's database \(it has knex_migrations\), not headquarters'/);
    }
    expect(await tables(url)).toEqual(before);
  });
});

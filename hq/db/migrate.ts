import { HQ_MIGRATIONS } from '../migrations';
import { type HqClient, inTransaction } from './connection';

/** Any constant: the advisory lock that lets several `hq migrate` run at once without racing. */
const MIGRATE_LOCK = 724_001;

/** Applies the migrations not yet applied, in order; returns their names. */
export async function migrateHq(client: HqClient): Promise<string[]> {
  return inTransaction(client, async () => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS hq_schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM hq_schema_migrations')).rows.map((r) => r.name));
    const applied: string[] = [];
    for (const m of HQ_MIGRATIONS) {
      if (done.has(m.name)) continue;
      await client.query(m.up);
      await client.query('INSERT INTO hq_schema_migrations (name) VALUES ($1)', [m.name]);
      applied.push(m.name);
    }
    return applied;
  });
}

/** Null when every migration is applied, else what to run. */
export async function pendingMigrations(client: HqClient): Promise<string[]> {
  const exists = await client.query("SELECT to_regclass('hq_schema_migrations') AS t");
  if (!exists.rows[0]?.t) return HQ_MIGRATIONS.map((m) => m.name);
  const done = new Set((await client.query<{ name: string }>('SELECT name FROM hq_schema_migrations')).rows.map((r) => r.name));
  return HQ_MIGRATIONS.filter((m) => !done.has(m.name)).map((m) => m.name);
}
